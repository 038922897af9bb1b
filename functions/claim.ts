import { logger, stepHandler } from '#lib/handler.ts';
import { claim } from '#lib/steps/claim.ts';
import { defaultDeps } from '#lib/steps/deps.ts';

/** Claim: validates the request and takes ownership of it for this execution. */
export const handler = stepHandler('Claim', async (event: { input: unknown; execution: string }) => {
  const result = await claim(event.input, event.execution, defaultDeps());
  logger.info(result.claimed ? 'Request claimed' : 'Request already handled elsewhere', { ...result });
  return result;
});
