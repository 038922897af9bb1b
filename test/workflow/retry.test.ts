import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, newRequest, startHarness } from './harness.ts';
import { orgView } from './org-view.ts';

// Retrying a request by hand: `{ "retry": { "requestId", "force"? } }` (or an `Account Retry
// Requested` event) takes over a FAILED or stuck request and converges from where it stopped.
let h: Harness;
let org: ReturnType<typeof orgView>;

beforeAll(async () => {
  h = await startHarness();
  org = orgView();
});
beforeEach(() => h.sandbox.faults.clear());
afterAll(() => h.stop());

const executionArn = (name: string) =>
  `arn:aws:states:us-east-1:000000000000:execution:account-vending-local-vend-account:${name}`;

const retry = (requestId: string, force?: boolean) => ({
  retry: { requestId, ...(force ? { force } : {}) },
});

function callsSince(index: number, operation: string) {
  return h.sandbox.calls.slice(index).filter((c) => c.operation === operation && !c.errorName);
}

function expectNoDuplicates(names: string[]) {
  expect(new Set(names).size).toBe(names.length);
}

describe('retrying a FAILED request', () => {
  it('failed at ApplyScps → retry after the fault is gone → SUCCEEDED on the same account, nothing twice', async () => {
    // Given: a vend that failed at ApplyScps after the account was created and placed
    const request = newRequest({ blueprint: 'ai-prod' });
    h.sandbox.faults.add({ operation: 'AttachPolicy', error: 'AccessDeniedException', times: 50 });
    const first = await h.vend(request);
    expect(first.status).toBe('FAILED');
    const failed = await h.record(request.requestId);
    expect(failed).toMatchObject({ status: 'FAILED', failure: { step: 'ApplyScps' }, attempts: 1 });
    h.sandbox.faults.clear();
    const callsBefore = h.sandbox.calls.length;

    // When: a person retries it
    const run = await h.vend(retry(request.requestId), { name: 'retry-scps' });

    // Then: it finished on the same account, from where the first attempt stopped
    expect(run.status, JSON.stringify(run.error)).toBe('SUCCEEDED');
    const record = await h.record(request.requestId);
    expect(record).toMatchObject({
      status: 'SUCCEEDED',
      accountId: failed?.accountId,
      attempts: 2,
      owner: executionArn('retry-scps'),
      ouPath: '/AI/Production',
    });
    expect(record).not.toHaveProperty('failure');
    expect(record?.notifications?.event?.detailType).toBe('Account Vended');
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(callsSince(callsBefore, 'CreateAccount')).toHaveLength(0);
    expect(callsSince(callsBefore, 'MoveAccount')).toHaveLength(0);
    expect(callsSince(callsBefore, 'CreateOrganizationalUnit')).toHaveLength(0);
    const accountId = record?.accountId as string;
    expect(await org.pathOf(accountId)).toBe('/AI/Production');
    const accountScps = await org.scpNamesOf(accountId);
    expectNoDuplicates(accountScps);
    expect(accountScps).toEqual(expect.arrayContaining((record?.scps ?? []).map((n) => `avm-${n}`)));
    const ouScps = await org.scpNamesOf(record?.ouId as string);
    expectNoDuplicates(ouScps);
    expect(ouScps).toEqual(expect.arrayContaining((record?.ouScps ?? []).map((n) => `avm-${n}`)));
  });

  it('failed at CheckAccount (AWS failed the creation) → retry creates the account, once', async () => {
    const request = newRequest();
    h.sandbox.faults.failNextAccountCreation('INTERNAL_FAILURE');
    const first = await h.vend(request);
    expect(first.status).toBe('FAILED');
    const failed = await h.record(request.requestId);
    expect(failed?.failure).toMatchObject({ step: 'CheckAccount', error: 'AccountCreationFailedError' });
    expect(failed).not.toHaveProperty('createAccountRequestId');
    expect(await org.accountsWithEmail(request.email)).toHaveLength(0);
    const callsBefore = h.sandbox.calls.length;

    const run = await h.vend(retry(request.requestId));

    expect(run.status, JSON.stringify(run.error)).toBe('SUCCEEDED');
    expect(callsSince(callsBefore, 'CreateAccount')).toHaveLength(1);
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(await h.record(request.requestId)).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
  });

  it('two retries racing → one takes over and finishes, the other does nothing', async () => {
    const request = newRequest();
    h.sandbox.faults.add({ operation: 'MoveAccount', error: 'AccessDeniedException', times: 50 });
    expect((await h.vend(request)).status).toBe('FAILED');
    h.sandbox.faults.clear();

    const runs = await Promise.all([h.vend(retry(request.requestId)), h.vend(retry(request.requestId))]);

    expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const claimed = runs.filter((r) => (r.output as { claimed?: boolean }).claimed === true);
    expect(claimed).toHaveLength(1);
    const record = await h.record(request.requestId);
    expect(record).toMatchObject({ status: 'SUCCEEDED', attempts: 2, owner: claimed[0]?.executionArn });
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
  });

  it('an Account Retry Requested event on the bus retries the request', async () => {
    const request = newRequest();
    h.sandbox.faults.add({ operation: 'MoveAccount', error: 'AccessDeniedException', times: 50 });
    expect((await h.vend(request)).status).toBe('FAILED');
    h.sandbox.faults.clear();
    const { ACCOUNT_RETRY_REQUESTED, putEvent } = await import('#lib/events/outcome.ts');

    await putEvent(new EventBridgeClient({ region: 'us-east-1' }), h.local.busName, ACCOUNT_RETRY_REQUESTED, {
      requestId: request.requestId,
    });
    await h.sandbox.events.waitFor(
      (e) => e['detail-type'] === 'Account Vended' && e.detail.requestId === request.requestId,
      30_000,
    );
    await h.sandbox.events.idle();

    expect(await h.record(request.requestId)).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
  });
});

describe('retries that have nothing to do', () => {
  it('a SUCCEEDED request → no-op with a clear message, nothing changes', async () => {
    const request = newRequest();
    expect((await h.vend(request)).status).toBe('SUCCEEDED');
    const before = await h.record(request.requestId);
    const callsBefore = h.sandbox.calls.length;

    const run = await h.vend(retry(request.requestId));

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({ claimed: false, status: 'SUCCEEDED' });
    expect((run.output as { message: string }).message).toContain('already SUCCEEDED');
    expect(await h.record(request.requestId)).toEqual(before);
    expect(h.sandbox.calls.slice(callsBefore).filter((c) => c.service !== 'dynamodb')).toEqual([]);
  });

  it('an unknown request id → the execution fails with a clear error, no record is written', async () => {
    const run = await h.vend(retry('never-requested'));

    expect(run.status).toBe('FAILED');
    expect(run.error?.error).toBe('InvalidRequestError');
    expect(run.error?.cause).toContain('Nothing to retry');
    expect(await h.record('never-requested')).toBeUndefined();
  });

  it('a malformed retry → a clear error, nothing written', async () => {
    const run = await h.vend({ retry: { requestId: 'bad id!', extra: 1 } });
    expect(run.status).toBe('FAILED');
    expect(run.error?.error).toBe('InvalidRequestError');
    expect(run.error?.cause).toContain('Invalid retry');
  });

  it('a request with the same id (not a retry) still does nothing to a FAILED request, and says how to retry', async () => {
    const request = newRequest({ email: 'someone@gmail.com' });
    expect((await h.vend(request)).status).toBe('FAILED');

    const again = await h.vend(request);

    expect(again.status).toBe('SUCCEEDED');
    expect(again.output).toMatchObject({ claimed: false, status: 'FAILED' });
    expect((again.output as { message: string }).message).toContain('retry it');
  });
});

describe('a request stuck IN_PROGRESS (its execution died)', () => {
  async function stuckRequest(minutesAgo: number) {
    const request = newRequest();
    const { RequestRepository } = await import('#lib/record/repository.ts');
    const { dynamoDbClient } = await import('#lib/aws/clients.ts');
    const then = new Date(Date.now() - minutesAgo * 60_000);
    const repo = new RequestRepository(dynamoDbClient(), process.env.REQUESTS_TABLE as string, () => then);
    await repo.claim(request.requestId, executionArn(`dead-${request.requestId}`), request);
    return request;
  }

  it('without force → no-op with a message; with force → taken over and finished', async () => {
    const request = await stuckRequest(3 * 60);
    const before = await h.record(request.requestId);

    const plain = await h.vend(retry(request.requestId));

    expect(plain.status).toBe('SUCCEEDED');
    expect(plain.output).toMatchObject({ claimed: false, status: 'IN_PROGRESS' });
    expect((plain.output as { message: string }).message).toContain('retry with force');
    expect(await h.record(request.requestId)).toEqual(before);

    const forced = await h.vend(retry(request.requestId, true), { name: `force-${request.requestId}` });

    expect(forced.status, JSON.stringify(forced.error)).toBe('SUCCEEDED');
    expect(await h.record(request.requestId)).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 2,
      owner: executionArn(`force-${request.requestId}`),
    });
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
  });

  it('with force, but changed recently (its execution may still run) → no-op', async () => {
    const request = await stuckRequest(30);
    const before = await h.record(request.requestId);

    const run = await h.vend(retry(request.requestId, true));

    expect(run.output).toMatchObject({ claimed: false, status: 'IN_PROGRESS' });
    expect((run.output as { message: string }).message).toContain('certainly ended');
    expect(await h.record(request.requestId)).toEqual(before);
  });

  it('waits longer than the state machine lets an execution run', async () => {
    const { loadDefinition } = await import('#lib/local/definition.ts');
    const { STUCK_AFTER_MS } = await import('#lib/request/retry.ts');
    const timeout = (loadDefinition().definition as { TimeoutSeconds: number }).TimeoutSeconds;
    expect(STUCK_AFTER_MS).toBeGreaterThan(timeout * 1000);
  });
});
