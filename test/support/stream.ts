import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';

let sequence = 100_000_000_000_000_000_000n;

/**
 * The stream record DynamoDB emits for an item (NEW_IMAGE view, typed attribute values), read
 * back from the table as it is stored. dynalite has no streams, so tests build the record the
 * Lambda event source mapping would deliver.
 */
export async function streamRecordOf(
  table: string,
  requestId: string,
  eventName: 'INSERT' | 'MODIFY' = 'INSERT',
): Promise<DynamoDBRecord> {
  const client = new DynamoDBClient({});
  const { Item } = await client.send(
    new GetItemCommand({ TableName: table, Key: { requestId: { S: requestId } }, ConsistentRead: true }),
  );
  client.destroy();
  if (!Item) throw new Error(`no item ${requestId} in ${table}`);
  return streamRecord(Item, eventName);
}

export function streamRecord(
  image: Record<string, AttributeValue>,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'INSERT',
): DynamoDBRecord {
  sequence += 1n;
  return {
    eventID: `${sequence.toString(16)}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: { requestId: image.requestId as never },
      NewImage: image as never,
      SequenceNumber: sequence.toString(),
      SizeBytes: JSON.stringify(image).length,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN:
      'arn:aws:dynamodb:us-east-1:111111111111:table/account-vending-local-requests/stream/2026-11-23T00:00:00.000',
  };
}
