import * as v from 'valibot';
import { stepHandler } from '#lib/handler.ts';
import { applyScps } from '#lib/steps/apply-scps.ts';
import { defaultDeps } from '#lib/steps/deps.ts';
import { OwnedInput, parseStepInput } from '#lib/steps/input.ts';

const Input = v.object({
  ...OwnedInput.entries,
  accountId: v.pipe(v.string(), v.regex(/^\d{12}$/)),
  ouId: v.pipe(v.string(), v.regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/)),
});

/** ApplyScps: creates or updates the blueprint's SCPs and attaches them to the account and its OU. */
export const handler = stepHandler('ApplyScps', async (event: unknown) => {
  const { requestId, execution, accountId, ouId } = parseStepInput('ApplyScps', Input, event);
  return applyScps(requestId, execution, { accountId, ouId }, defaultDeps());
});
