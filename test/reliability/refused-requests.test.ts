/**
 * A refused request is recorded FAILED with the reason whatever it holds: found by the hostile
 * input scenario, where such requests used to crash RecordFailure and leave no record at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, newRequest, startHarness } from '../workflow/harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('a refused request that DynamoDB cannot store as it came', () => {
  it.each([
    ['a number beyond what DynamoDB holds', { tags: { Size: 1.9e99 } }],
    ['an item over 400 KB', { accountName: 'x'.repeat(450_000) }],
    ['a request field named __proto__', JSON.parse('{"__proto__": {"a": 1}, "blueprint": 7}')],
  ])('%s: FAILED at Claim, recorded, the requester told', async (_case, fields) => {
    const request = { ...newRequest(), ...fields };

    const run = await h.vend(request);

    expect(run.status).toBe('FAILED');
    expect(run.error?.error).toBe('InvalidRequestError');
    const record = await h.record(request.requestId);
    expect(record).toMatchObject({
      status: 'FAILED',
      failure: { step: 'Claim', error: 'InvalidRequestError' },
    });
    expect(record?.notifications?.event?.detailType).toBe('Account Vending Failed');
  });

  it('a malformed request id keys no record: the execution’s failure is the only trace', async () => {
    const request = newRequest({ requestId: 'x'.repeat(3000) });

    const run = await h.vend(request);

    expect(run.status).toBe('FAILED');
    expect(run.error?.error).toBe('InvalidRequestError');
    expect(run.events.some((e) => e.type === 'StateFailed' && e.state.name === 'RecordFailure')).toBe(false);
  });
});
