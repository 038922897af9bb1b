/**
 * Admission control for CreateAccount, shared by every execution: one item in the requests
 * table is a counting semaphore with a first-come queue. AWS allows 5 account creations in
 * progress and CreateAccount at about one call per 10 s (AWS-FACTS §1); a burst of requests
 * that each called CreateAccount and retried on throttling would succeed only by luck, after
 * long backoffs. Here an execution asks for a slot; without one it waits in the state
 * machine (a Wait state, not a Lambda) for the time this module suggests, then asks again.
 *
 * Writes are conditional on the item's version, so two executions can never take the same
 * free slot. Holders that never release (an execution that died) expire after the lease;
 * waiters that stop asking (an execution that was stopped) leave the queue after a while.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SlotQuota } from './quota.ts';

/** Not a valid request id (those never contain '#'), so it cannot collide with a request. */
export const SLOTS_KEY = '#account-creation-slots';

export type SlotDecision =
  | { granted: true }
  | {
      granted: false;
      /** When to ask again. */
      retryAfterMs: number;
      /** Requests that asked before this one and still wait. */
      ahead: number;
      /** Creations holding a slot now. */
      holders: number;
    };

interface SlotsItem {
  /** requestId → when its slot was granted (epoch ms). */
  holders: Record<string, number>;
  /** requestId → [first asked, last asked] (epoch ms). */
  waiters: Record<string, [number, number]>;
  lastGrantAt?: number;
  version: number;
}

/** Version conflicts one call absorbs before answering "ask again soon". */
const MAX_CONFLICTS = 6;

export class CreationSlots {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    readonly quota: SlotQuota,
    private readonly now: () => number = Date.now,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /**
   * Grants this request a slot, or says how long to wait. Idempotent: a request that holds a
   * slot is granted again (a retried Lambda, a resumed execution) without taking a second one.
   */
  async acquire(requestId: string): Promise<SlotDecision> {
    for (let conflicts = 0; ; conflicts++) {
      const item = await this.read();
      const now = this.now();
      const holders = live(item.holders, now - this.quota.leaseMs);
      if (requestId in holders) return { granted: true };

      const waiters = Object.fromEntries(
        Object.entries(item.waiters).filter(
          ([id, [, seen]]) => id !== requestId && seen >= now - this.waiterTtlMs(),
        ),
      );
      const since = item.waiters[requestId]?.[0] ?? now;
      const ahead = Object.values(waiters).filter(([first]) => first < since).length;
      const free = this.quota.concurrent - Object.keys(holders).length;
      const paceAt = (item.lastGrantAt ?? Number.NEGATIVE_INFINITY) + this.quota.minIntervalMs;
      const admissible = free > ahead;

      const grant = admissible && now >= paceAt;
      // A waiter writes only to join the queue or, now and then, to say it is still there:
      // reads do not contend, so a long queue does not slow down the grants.
      const seen = item.waiters[requestId]?.[1];
      const mustWrite = grant || seen === undefined || seen < now - this.waiterTtlMs() / 2;
      if (mustWrite) {
        const next: SlotsItem = grant
          ? {
              holders: { ...holders, [requestId]: now },
              waiters,
              lastGrantAt: now,
              version: item.version + 1,
            }
          : {
              ...item,
              holders,
              waiters: { ...waiters, [requestId]: [since, now] },
              version: item.version + 1,
            };
        // Only a grant is worth another try at once; a waiter joins or refreshes on its next poll
        // (retrying those too made a queue of 200 contend with itself instead of waiting).
        if (!(await this.write(item.version, next))) {
          if (grant && conflicts < MAX_CONFLICTS) continue;
          return {
            granted: false,
            retryAfterMs: this.pollStepMs(),
            ahead,
            holders: Object.keys(holders).length,
          };
        }
        if (grant) return { granted: true };
      }
      const retryAfterMs = admissible
        ? paceAt - now
        : // Further back in the queue, ask less often: a slot frees up per creation that ends.
          this.pollStepMs() * Math.min(MAX_BACKOFF_STEPS, 1 + Math.floor(ahead / this.quota.concurrent));
      return { granted: false, retryAfterMs, ahead, holders: Object.keys(holders).length };
    }
  }

  /** Frees this request's slot, if it holds one. Safe to call any number of times. */
  async release(requestId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { requestId: SLOTS_KEY },
          // The version moves too, so an acquire that read the slot as taken cannot write it back.
          UpdateExpression: 'REMOVE #holders.#id ADD #version :one',
          ConditionExpression: 'attribute_exists(#holders.#id)',
          ExpressionAttributeNames: { '#holders': 'holders', '#id': requestId, '#version': 'version' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** The semaphore as stored, for `avm` and tests. */
  async read(): Promise<SlotsItem> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { requestId: SLOTS_KEY }, ConsistentRead: true }),
    );
    return {
      holders: (Item?.holders as SlotsItem['holders']) ?? {},
      waiters: (Item?.waiters as SlotsItem['waiters']) ?? {},
      ...(typeof Item?.lastGrantAt === 'number' ? { lastGrantAt: Item.lastGrantAt } : {}),
      version: typeof Item?.version === 'number' ? Item.version : 0,
    };
  }

  /** A waiter that has not asked for this long has gone (its execution was stopped). */
  private waiterTtlMs(): number {
    return 4 * MAX_BACKOFF_STEPS * this.pollStepMs();
  }

  /** The pacing interval, or a floor where there is none (a sandbox without rate limits). */
  private pollStepMs(): number {
    return Math.max(this.quota.minIntervalMs, MIN_POLL_MS);
  }

  private async write(expectedVersion: number, next: SlotsItem): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { requestId: SLOTS_KEY },
          UpdateExpression: `SET #holders = :holders, #waiters = :waiters, #version = :next${
            next.lastGrantAt === undefined ? '' : ', #lastGrantAt = :lastGrantAt'
          }`,
          ConditionExpression: 'attribute_not_exists(#version) OR #version = :expected',
          ExpressionAttributeNames: {
            '#holders': 'holders',
            '#waiters': 'waiters',
            '#version': 'version',
            ...(next.lastGrantAt === undefined ? {} : { '#lastGrantAt': 'lastGrantAt' }),
          },
          ExpressionAttributeValues: {
            ':holders': next.holders,
            ':waiters': next.waiters,
            ':next': next.version,
            ':expected': expectedVersion,
            ...(next.lastGrantAt === undefined ? {} : { ':lastGrantAt': next.lastGrantAt }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

const MIN_POLL_MS = 50;
/** A waiter far back asks at most every 6 × the pacing interval (60 s with AWS's quota). */
const MAX_BACKOFF_STEPS = 6;

function live(holders: Record<string, number>, notBefore: number): Record<string, number> {
  return Object.fromEntries(Object.entries(holders).filter(([, at]) => at >= notBefore));
}
