import { logger, stepHandler } from '#lib/handler.ts';
import { defaultDeps } from '#lib/steps/deps.ts';
import { recordFailure } from '#lib/steps/record-failure.ts';

/** RecordFailure: writes the failed step, error name and message into the request record. */
export const handler = stepHandler(
  'RecordFailure',
  async (event: { state: Record<string, unknown>; execution: string }) => {
    const result = await recordFailure(event.state, event.execution, defaultDeps());
    logger.error('Vend failed', { ...result });
    return result;
  },
);
