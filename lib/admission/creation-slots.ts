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
  waiters: Record<string, Waiter>;
  lastGrantAt?: number;
  /** How long a creation has held its slot lately (moving average), learned at each release. */
  holdMs?: number;
  version: number;
}

type Waiter = [since: number, seen: number];

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
          ([id, [, seen]]) => id !== requestId && now <= seen + this.waiterTtlMs(),
        ),
      );
      const mine = item.waiters[requestId];
      const since = mine?.[0] ?? now;
      const earlier = Object.values(waiters).filter(([first]) => first < since);
      // First come, first served among the waiters that are asking: one asleep far back (or
      // whose execution died) does not hold a free slot; it wakes well before its turn.
      const ahead = earlier.filter(([, seen]) => seen >= now - ACTIVE_STEPS * this.pollStepMs()).length;
      const free = this.quota.concurrent - Object.keys(holders).length;
      const paceAt = (item.lastGrantAt ?? Number.NEGATIVE_INFINITY) + this.quota.minIntervalMs;
      const admissible = free > ahead;
      const grant = admissible && now >= paceAt;
      const retryAfterMs = admissible ? paceAt - now : this.sleepMs(earlier.length, item.holdMs);
      const wait = {
        granted: false as const,
        retryAfterMs,
        ahead: earlier.length,
        holders: Object.keys(holders).length,
      };

      // A waiter writes to join the queue and, while it polls at the front, to show it is still
      // asking; asleep far back it writes nothing: reads do not contend, so a long queue does not
      // slow down the grants.
      const front = retryAfterMs <= this.pollStepMs();
      const mustWrite =
        grant || mine === undefined || mine[1] < now - (front ? this.pollStepMs() : this.waiterTtlMs() / 2);
      if (!mustWrite) return wait;
      const next: SlotsItem = grant
        ? { holders: { ...holders, [requestId]: now }, waiters, lastGrantAt: now, version: item.version + 1 }
        : {
            ...item,
            holders,
            waiters: { ...waiters, [requestId]: [since, now] },
            version: item.version + 1,
          };
      if (await this.write(item.version, next)) return grant ? { granted: true } : wait;
      // Only a grant is worth another try at once; a waiter's note is written on a later poll
      // (retrying those too made a queue of 200 contend with itself instead of waiting).
      if (grant && conflicts < MAX_CONFLICTS) continue;
      return wait;
    }
  }

  /** Frees this request's slot, if it holds one, and learns how long it was held. Idempotent. */
  async release(requestId: string): Promise<void> {
    let old: Record<string, unknown> | undefined;
    try {
      ({ Attributes: old } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { requestId: SLOTS_KEY },
          // The version moves too, so an acquire that read the slot as taken cannot write it back.
          UpdateExpression: 'REMOVE #holders.#id ADD #version :one',
          ConditionExpression: 'attribute_exists(#holders.#id)',
          ExpressionAttributeNames: { '#holders': 'holders', '#id': requestId, '#version': 'version' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_OLD',
        }),
      ));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return;
    }
    const acquiredAt = (old?.holders as Record<string, number> | undefined)?.[requestId];
    if (acquiredAt === undefined) return;
    const held = this.now() - acquiredAt;
    const previous = typeof old?.holdMs === 'number' ? old.holdMs : undefined;
    // A statistic, not part of the semaphore: last writer wins, no version needed.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { requestId: SLOTS_KEY },
        UpdateExpression: 'SET holdMs = :hold',
        ExpressionAttributeValues: {
          ':hold': Math.round(previous === undefined ? held : 0.7 * previous + 0.3 * held),
        },
      }),
    );
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
      ...(typeof Item?.holdMs === 'number' ? { holdMs: Item.holdMs } : {}),
      version: typeof Item?.version === 'number' ? Item.version : 0,
    };
  }

  /** A waiter that has not asked for this long has gone: longer than the longest sleep. */
  private waiterTtlMs(): number {
    return 2 * MAX_SLEEP_STEPS * this.pollStepMs();
  }

  /**
   * How long a waiter with `ahead` requests before it sleeps. Near the front (fewer than one
   * wave of creations ahead) it asks every pacing interval; further back, half the time the
   * waves ahead of it should take at the hold time learned from releases (a minute until the
   * first release), so it asks again well before its turn, each time closer.
   */
  private sleepMs(ahead: number, holdMs: number | undefined): number {
    const step = this.pollStepMs();
    const waves = Math.floor(ahead / this.quota.concurrent);
    if (waves === 0) return step;
    const hold = holdMs ?? FRONT_BACKOFF_STEPS * step;
    return Math.min(MAX_SLEEP_STEPS * step, Math.max(step, (waves * hold) / 2));
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
/** The hold time guessed before the first release: 6 poll steps, a minute with AWS's quota. */
const FRONT_BACKOFF_STEPS = 6;
/** A waiter that has not asked for 3 poll steps is not asking (asleep, or its execution died). */
const ACTIVE_STEPS = 3;
/** The longest a waiter sleeps: 60 poll steps, 10 minutes with AWS's quota. */
const MAX_SLEEP_STEPS = 60;

function live(holders: Record<string, number>, notBefore: number): Record<string, number> {
  return Object.fromEntries(Object.entries(holders).filter(([, at]) => at >= notBefore));
}
