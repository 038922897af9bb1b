import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { ACCOUNT_REQUESTED, EVENT_SOURCE } from '../events/outcome.ts';
import { requestOf } from '../record/request-of.ts';
import type { RequestRecord } from '../record/types.ts';

/** PutEvents takes at most 10 entries per call. */
const BATCH = 10;

export interface PublisherDeps {
  events: EventBridgeClient;
  busName: string;
  log?: (message: string, detail: Record<string, unknown>) => void;
}

/**
 * Turns newly inserted `REQUESTED` records of the requests table into `Account Requested`
 * events. Only INSERTs with status REQUESTED count: the workflow's own writes (IN_PROGRESS,
 * SUCCEEDED, FAILED, or a first write that creates the item IN_PROGRESS) never start a vend.
 * A record EventBridge did not take is reported as a batch item failure, so Lambda delivers it
 * again; records after it may be delivered twice, which the workflow's Claim makes harmless.
 */
export async function publishRequested(
  event: DynamoDBStreamEvent,
  deps: PublisherDeps,
): Promise<DynamoDBBatchResponse> {
  const pending: { sequence: string; entry: PutEventsRequestEntry }[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const sequence = record.dynamodb?.SequenceNumber;
    if (record.eventName !== 'INSERT' || !image || !sequence) continue;
    let item: RequestRecord;
    try {
      item = unmarshall(image as Record<string, AttributeValue>) as RequestRecord;
    } catch (error) {
      // Not a DynamoDB image at all: retrying cannot fix it, and blocking the shard would stall every request.
      deps.log?.('Skipped an unreadable stream record', { sequence, error: (error as Error).message });
      continue;
    }
    // Own property only: unmarshall turns an attribute named `__proto__` into the item's prototype.
    if (!Object.hasOwn(item, 'status') || item.status !== 'REQUESTED') continue;
    pending.push({
      sequence,
      entry: {
        EventBusName: deps.busName,
        Source: EVENT_SOURCE,
        DetailType: ACCOUNT_REQUESTED,
        Detail: JSON.stringify(requestOf(item)),
      },
    });
  }

  const failed: string[] = [];
  for (let i = 0; i < pending.length; i += BATCH) {
    const chunk = pending.slice(i, i + BATCH);
    try {
      const { Entries = [] } = await deps.events.send(
        new PutEventsCommand({ Entries: chunk.map((p) => p.entry) }),
      );
      chunk.forEach((item, index) => {
        const result = Entries[index];
        if (!result?.EventId) {
          failed.push(item.sequence);
          deps.log?.('EventBridge did not take a request', {
            sequence: item.sequence,
            errorCode: result?.ErrorCode,
          });
        }
      });
    } catch (error) {
      failed.push(...chunk.map((item) => item.sequence));
      deps.log?.('PutEvents failed', { count: chunk.length, error: (error as Error).message });
    }
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
