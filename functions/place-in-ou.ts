import * as v from 'valibot';
import { stepHandler } from '#lib/handler.ts';
import { defaultDeps } from '#lib/steps/deps.ts';
import { OwnedInput, parseStepInput } from '#lib/steps/input.ts';
import { placeInOu } from '#lib/steps/place-in-ou.ts';

const Input = v.object({ ...OwnedInput.entries, accountId: v.pipe(v.string(), v.regex(/^\d{12}$/)) });

/** PlaceInOu: moves the account into its blueprint's OU, creating missing levels. */
export const handler = stepHandler('PlaceInOu', async (event: unknown) => {
  const { requestId, execution, accountId } = parseStepInput('PlaceInOu', Input, event);
  return placeInOu(requestId, execution, accountId, defaultDeps());
});
