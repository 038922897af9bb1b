/**
 * Mutual exclusion between executions for a read-modify-write AWS has no conditional write for,
 * such as a bucket policy (GetBucketPolicy, merge, PutBucketPolicy): two vends granting on the
 * same bucket at once would otherwise each write back what they read, and one grant would be
 * lost without an error. One item in the requests table per resource; the lease frees it if its
 * holder died.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError } from '../errors.ts';

/** Longer than any Lambda holding it runs (their timeout is 30 s). */
const LEASE_MS = 2 * 60_000;
/** Waits inside the Lambda before handing over to the state machine's retry. */
const ATTEMPTS = 20;
const PAUSE_MS = 100;

export class LeaseLocks {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /**
   * Runs `work` holding the lock on `resource`. Busy for a while → ConcurrentModificationError,
   * which the state machine retries with backoff. Re-entrant for the same holder (a retried
   * Lambda whose lock outlived it).
   */
  async withLock<T>(resource: string, holder: string, work: () => Promise<T>): Promise<T> {
    const key = `#lock#${resource}`;
    for (let attempt = 1; !(await this.take(key, holder)); attempt++) {
      if (attempt >= ATTEMPTS) {
        throw new ConcurrentModificationError(
          `${resource} is being changed by another vend (${await this.holderOf(key)}); trying again shortly`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS * (0.5 + Math.random())));
    }
    try {
      return await work();
    } finally {
      await this.free(key, holder);
    }
  }

  private async take(key: string, holder: string): Promise<boolean> {
    const now = this.now();
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { requestId: key },
          UpdateExpression: 'SET holder = :me, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(holder) OR holder = :me OR expiresAt < :now',
          ExpressionAttributeValues: { ':me': holder, ':expires': now + LEASE_MS, ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async free(key: string, holder: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { requestId: key },
          UpdateExpression: 'REMOVE holder, expiresAt',
          ConditionExpression: 'holder = :me',
          ExpressionAttributeValues: { ':me': holder },
        }),
      );
    } catch (error) {
      // Taken over after the lease: nothing of ours to free.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async holderOf(key: string): Promise<string> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { requestId: key }, ConsistentRead: true }),
    );
    return Item?.holder ? `request ${String(Item.holder)}` : 'which has just finished';
  }
}
