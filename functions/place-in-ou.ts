import { stepHandler } from '#lib/handler.ts';
import { defaultDeps } from '#lib/steps/deps.ts';
import { AccountInput, parseStepInput } from '#lib/steps/input.ts';
import { placeInOu } from '#lib/steps/place-in-ou.ts';

/** PlaceInOu: moves the account into its blueprint's OU, creating missing levels. */
export const handler = stepHandler('PlaceInOu', async (event: unknown) => {
  const { requestId, execution, accountId } = parseStepInput('PlaceInOu', AccountInput, event);
  return placeInOu(requestId, execution, accountId, defaultDeps());
});
