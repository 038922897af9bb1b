import { stepHandler } from '#lib/handler.ts';
import { createAccount } from '#lib/steps/create-account.ts';
import { defaultDeps } from '#lib/steps/deps.ts';
import { OwnedInput, parseStepInput } from '#lib/steps/input.ts';

/** CreateAccount: starts the account creation, or finds the one already started for this request. */
export const handler = stepHandler('CreateAccount', async (event: unknown) => {
  const { requestId, execution } = parseStepInput('CreateAccount', OwnedInput, event);
  return createAccount(requestId, execution, defaultDeps());
});
