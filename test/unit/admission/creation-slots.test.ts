import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreationSlots } from '#lib/admission/creation-slots.ts';
import { AWS_CREATION_QUOTA, quotaFromEnv } from '#lib/admission/quota.ts';
import { ensureRequestsTable } from '#lib/record/table.ts';
import { type Sandbox, sandboxClientConfig, startSandbox } from '#lib/sandbox/index.ts';

let sandbox: Sandbox;
let client: DynamoDBClient;
let table = 0;
let now = 0;
let slots: CreationSlots;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = new DynamoDBClient(sandboxClientConfig(sandbox));
});
afterAll(async () => {
  client.destroy();
  await sandbox.stop();
});

// A table per test and a clock the test moves: AWS's quota, 10 s pacing, 30 min lease.
beforeEach(async () => {
  table += 1;
  now = 1_000_000;
  await ensureRequestsTable(client, `slots-${table}`);
  slots = new CreationSlots(client, `slots-${table}`, AWS_CREATION_QUOTA, () => now);
});

/** Acquires for each id in turn, 10 s (one pacing interval) apart. */
async function fill(ids: string[]) {
  for (const id of ids) {
    expect(await slots.acquire(id)).toEqual({ granted: true });
    now += 10_000;
  }
}

/** Waiters w0…w(n-1) asking in that order, a millisecond apart. */
async function queue(n: number) {
  for (let i = 0; i < n; i++) {
    await slots.acquire(`w${i}`);
    now += 1;
  }
}

describe('creation slots', () => {
  it('grants 5, then makes the 6th wait until a slot is released', async () => {
    await fill(['a', 'b', 'c', 'd', 'e']);
    const waiting = await slots.acquire('f');
    expect(waiting).toMatchObject({ granted: false, ahead: 0, holders: 5 });

    await slots.release('c');
    expect(await slots.acquire('f')).toEqual({ granted: true });
    expect(Object.keys((await slots.read()).holders).sort()).toEqual(['a', 'b', 'd', 'e', 'f']);
  });

  it('paces grants one CreateAccount interval apart, and says when to ask again', async () => {
    expect(await slots.acquire('a')).toEqual({ granted: true });
    now += 4_000;
    expect(await slots.acquire('b')).toMatchObject({ granted: false, retryAfterMs: 6_000 });
    now += 6_000;
    expect(await slots.acquire('b')).toEqual({ granted: true });
  });

  it('is idempotent: a holder asking again keeps its one slot', async () => {
    await fill(['a']);
    expect(await slots.acquire('a')).toEqual({ granted: true });
    expect(await slots.acquire('a')).toEqual({ granted: true });
    expect(Object.keys((await slots.read()).holders)).toEqual(['a']);
    await slots.release('a');
    await slots.release('a');
    expect((await slots.read()).holders).toEqual({});
  });

  it('serves waiters first come, first served', async () => {
    await fill(['a', 'b', 'c', 'd', 'e']);
    expect(await slots.acquire('early')).toMatchObject({ granted: false, ahead: 0 });
    now += 1_000;
    expect(await slots.acquire('late')).toMatchObject({ granted: false, ahead: 1 });
    await slots.release('a');
    now += 1_000;
    expect(await slots.acquire('late')).toMatchObject({ granted: false, ahead: 1 });
    expect(await slots.acquire('early')).toEqual({ granted: true });
  });

  it('asks waiters far back in the queue to sleep for half the waves ahead of them', async () => {
    await fill(['a', 'b', 'c', 'd', 'e']);
    const decisions = [];
    for (let i = 0; i < 12; i++) {
      decisions.push(await slots.acquire(`w${i}`));
      now += 1;
    }
    const waits = decisions.map((d) => (d.granted ? 0 : d.retryAfterMs));
    // Fewer than 5 ahead: every pacing interval. 10 ahead: two waves of a minute (the guess
    // before any release) → half of it.
    expect(waits[0]).toBe(10_000);
    expect(waits[4]).toBe(10_000);
    expect(waits[5]).toBe(30_000);
    expect(waits[11]).toBe(60_000);
  });

  it('learns how long a creation holds its slot from the releases', async () => {
    await fill(['a', 'b', 'c', 'd', 'e']);
    now += 100_000;
    await slots.release('a'); // held 150 s (granted 50 s before the fill ended)
    expect((await slots.read()).holdMs).toBe(150_000);
    await queue(11);
    // w0 takes the freed slot; 10 left ahead of the next one: 2 waves of 150 s → sleeps 150 s.
    const far = await slots.acquire('far');
    expect(far).toMatchObject({ granted: false, ahead: 10, retryAfterMs: 150_000 });
  });

  it('keeps a sleeping waiter in line, but lets no one who is not asking hold a free slot', async () => {
    await fill(['a', 'b', 'c', 'd', 'e']);
    await queue(10);
    expect(await slots.acquire('sleeper')).toMatchObject({ granted: false, ahead: 10, retryAfterMs: 60_000 });
    // Five minutes on, nobody ahead has asked for three poll steps (asleep, or gone): a freed
    // slot goes to whoever asks.
    now += 5 * 60_000;
    await slots.release('a');
    expect(await slots.acquire('late')).toEqual({ granted: true });
    // Still in line, though: the next one to ask counts them all ahead of it.
    expect(await slots.acquire('later')).toMatchObject({ granted: false, ahead: 11 });
    // A waiter that has not asked for 20 minutes (twice the longest sleep) has left the queue.
    now += 20 * 60_000 + 1;
    expect(await slots.acquire('later')).toMatchObject({ granted: false, ahead: 0 });
  });

  it('takes back the slot of a holder that never released it after the lease', async () => {
    await fill(['a', 'b', 'c', 'd', 'e']);
    expect(await slots.acquire('f')).toMatchObject({ granted: false });
    now += AWS_CREATION_QUOTA.leaseMs;
    expect(await slots.acquire('f')).toEqual({ granted: true });
    expect(Object.keys((await slots.read()).holders)).not.toContain('a');
  });

  it('forgets a waiter that stopped asking, so it does not hold up the queue', async () => {
    await fill(['a', 'b', 'c', 'd', 'e']);
    await slots.acquire('gone');
    now += 10 * 60_000;
    await slots.acquire('next');
    await slots.release('a');
    now += 10_000;
    expect(await slots.acquire('next')).toEqual({ granted: true });
  });

  it('never grants more than 5 among 20 concurrent callers', async () => {
    const quick = new CreationSlots(
      client,
      `slots-${table}`,
      { ...AWS_CREATION_QUOTA, minIntervalMs: 0 },
      () => now,
    );
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => quick.acquire(`r${i}`)));
    const granted = decisions.filter((d) => d.granted).length;
    expect(granted).toBeGreaterThan(0);
    expect(granted).toBeLessThanOrEqual(5);
    expect(Object.keys((await quick.read()).holders)).toHaveLength(granted);
  });
});

describe('the quota from the environment', () => {
  it("defaults to AWS's: 5 in progress, one CreateAccount per 10 s", () => {
    expect(quotaFromEnv({})).toEqual({ concurrent: 5, minIntervalMs: 10_000, leaseMs: 1_800_000 });
  });

  it('takes lower or scaled values, and refuses nonsense by name', () => {
    expect(quotaFromEnv({ AVM_CREATION_CONCURRENCY: '2', AVM_CREATION_INTERVAL_MS: '50' })).toMatchObject({
      concurrent: 2,
      minIntervalMs: 50,
    });
    expect(() => quotaFromEnv({ AVM_CREATION_CONCURRENCY: '6' })).toThrow(/at most 5/);
    expect(() => quotaFromEnv({ AVM_CREATION_LEASE_MS: 'soon' })).toThrow(/AVM_CREATION_LEASE_MS/);
    expect(() => quotaFromEnv({ AVM_CREATION_CONCURRENCY: '0' })).toThrow(/AVM_CREATION_CONCURRENCY/);
  });
});
