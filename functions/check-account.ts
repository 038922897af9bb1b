import * as v from 'valibot';
import { stepHandler } from '#lib/handler.ts';
import { checkAccount } from '#lib/steps/check-account.ts';
import { defaultDeps } from '#lib/steps/deps.ts';
import { AccountState, OwnedInput, parseStepInput } from '#lib/steps/input.ts';

const Input = v.object({
  ...OwnedInput.entries,
  account: AccountState,
  maxPolls: v.pipe(v.number(), v.integer()),
});

/** CheckAccount: one poll of the account creation; the state machine waits between polls. */
export const handler = stepHandler('CheckAccount', async (event: unknown) => {
  const { requestId, execution, account, maxPolls } = parseStepInput('CheckAccount', Input, event);
  return checkAccount(requestId, execution, account, maxPolls, defaultDeps());
});
