import { logger, stepHandler } from '#lib/handler.ts';
import { complete } from '#lib/steps/complete.ts';
import { defaultDeps } from '#lib/steps/deps.ts';
import { OwnedInput, parseStepInput } from '#lib/steps/input.ts';

/** Complete: marks the request SUCCEEDED. */
export const handler = stepHandler('Complete', async (event: unknown) => {
  const { requestId, execution } = parseStepInput('Complete', OwnedInput, event);
  const outcome = await complete(requestId, execution, defaultDeps());
  logger.info('Account vended', { ...outcome });
  return outcome;
});
