import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '#lib/env.ts';
import { logger } from '#lib/handler.ts';
import { publishRequested } from '#lib/intake/stream-publisher.ts';

const events = new EventBridgeClient({});

/** The DynamoDB intake: REQUESTED records inserted into the table become Account Requested events. */
export async function handler(event: DynamoDBStreamEvent) {
  const result = await publishRequested(event, {
    events,
    busName: requireEnv('EVENT_BUS_NAME'),
    log: (message, detail) => logger.warn(message, detail),
  });
  logger.info('Stream batch published', {
    records: event.Records.length,
    failed: result.batchItemFailures.length,
  });
  return result;
}
