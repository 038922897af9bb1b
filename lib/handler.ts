import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { nameAwsError } from './aws/error-names.ts';

export const logger = new Logger({ serviceName: 'account-vending' });

/**
 * Wraps a workflow step as a Lambda handler: structured logs with the Lambda context, and
 * AWS SDK errors renamed so the state machine's Retry/Catch can tell them apart.
 */
export function stepHandler<I, O>(step: string, run: (event: I) => Promise<O>) {
  return middy(async (event: I, _context: Context) => run(event))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        const named = nameAwsError(request.error);
        request.error = named instanceof Error ? named : request.error;
        const error = request.error as Error;
        logger.warn(`${step} failed`, { errorName: error.name, errorMessage: error.message });
      },
    });
}
