import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BurstResult } from '#lib/local/burst.ts';
import { type Harness, startHarness } from './harness.ts';
import { orgView } from './org-view.ts';

// AWS time runs 20× faster: a 60 s creation takes 3 s, CreateAccount's 0.1/s rate is 2/s.
// Faster still and the handlers' own (unscaled) time would dominate what is measured.
const TIME_SCALE = 0.05;
const CREATE_ACCOUNT_MS = 60_000;
const SIZE = 10;

let h: Harness;
let burst: BurstResult;

beforeAll(async () => {
  h = await startHarness({
    rateLimits: true,
    timeScale: TIME_SCALE,
    createAccountLatencyMs: CREATE_ACCOUNT_MS,
  });
  const { runBurst } = await import('#lib/local/burst.ts');
  burst = await runBurst(h.sandbox, {
    size: SIZE,
    timeScale: TIME_SCALE,
    createAccountMs: CREATE_ACCOUNT_MS,
    prefix: `burst-${process.pid}`,
  });
}, 120_000);
afterAll(() => h.stop());

describe(`a burst of ${SIZE} requests under AWS's account-creation quota`, () => {
  it('vends every account, once', async () => {
    expect(burst.runs.map((run) => run.status)).toEqual(burst.runs.map(() => 'SUCCEEDED'));
    const org = orgView();
    for (const id of burst.requestIds) {
      const record = await h.record(id);
      expect(record?.status).toBe('SUCCEEDED');
      expect(await org.accountsWithEmail(`${id.replace(/^req-/, '')}@example.com`)).toHaveLength(1);
    }
  });

  it('never has more than 5 creations in progress, and AWS never refuses a CreateAccount', () => {
    expect(burst.peakConcurrentCreations).toBeLessThanOrEqual(5);
    expect(burst.peakConcurrentCreations).toBeGreaterThan(1);
    expect(burst.createAccountRefusals).toBe(0);
    expect(h.sandbox.calls.filter((c) => c.operation === 'CreateAccount' && c.errorName)).toEqual([]);
  });

  it('keeps close to the quota-bound minimum and leaves no slot or waiter behind', async () => {
    expect(burst.creationSpanMs / burst.quotaBoundMs).toBeLessThan(2.5);
    const { defaultDeps } = await import('#lib/steps/deps.ts');
    const slots = await defaultDeps().slots.read();
    expect(slots.holders).toEqual({});
    expect(Object.keys(slots.waiters).filter((id) => burst.requestIds.includes(id))).toEqual([]);
  });
});
