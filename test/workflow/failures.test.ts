import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, newRequest, startHarness } from './harness.ts';
import { orgView } from './org-view.ts';

let h: Harness;
let org: ReturnType<typeof orgView>;

beforeAll(async () => {
  h = await startHarness();
  org = orgView();
});
beforeEach(() => h.sandbox.faults.clear());
afterAll(() => h.stop());

const ORGANIZATIONS_CALLS = [
  'ListAccounts',
  'ListCreateAccountStatus',
  'CreateAccount',
  'DescribeCreateAccountStatus',
  'ListRoots',
  'ListOrganizationalUnitsForParent',
  'CreateOrganizationalUnit',
  'ListParents',
  'MoveAccount',
  'EnablePolicyType',
  'ListPolicies',
  'CreatePolicy',
  'AttachPolicy',
  'ListPoliciesForTarget',
];

describe('transient faults are retried', () => {
  // The SDK itself retries throttling and 5xx (3 attempts): 3 faults let one through to the ASL's
  // Retry. ConcurrentModification is left to the ASL alone, and one state makes up to 6 distinct
  // calls, so 2 each already puts 12 failures in front of a single state.
  it.each([
    ['TooManyRequestsException', 3],
    ['ConcurrentModificationException', 2],
    ['ServiceException', 3],
  ])('%s on every Organizations call, %i times each → still SUCCEEDED', async (error, times) => {
    // Given a fresh blueprint path (OUs and SCPs created in this run) and faults on every call
    const request = newRequest({ blueprint: 'ai-staging', accountName: `staging-${error}` });
    for (const operation of ORGANIZATIONS_CALLS) h.sandbox.faults.add({ operation, error, times });

    const run = await h.vend(request);

    expect(run.status).toBe('SUCCEEDED');
    const record = await h.record(request.requestId);
    expect(record?.status).toBe('SUCCEEDED');
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(await org.pathOf(record?.accountId as string)).toBe('/AI/Staging');
    const faulted = h.sandbox.calls.filter((call) => call.errorName === error).map((call) => call.operation);
    expect(new Set(faulted).size).toBeGreaterThanOrEqual(8);
  });
});

describe('permanent failures are recorded with the step and a reason', () => {
  it('an email used by an account this request did not create → FAILED at CreateAccount, nothing created', async () => {
    const request = newRequest();
    const existing = h.sandbox.org.addExistingAccount({ name: 'someone-else', email: request.email });
    const before = await org.accountCount();

    const run = await h.vend(request);

    expect(run.status).toBe('FAILED');
    expect(run.error?.error).toBe('EmailAlreadyInUseError');
    const record = await h.record(request.requestId);
    expect(record).toMatchObject({
      status: 'FAILED',
      failure: { step: 'CreateAccount', error: 'EmailAlreadyInUseError' },
    });
    expect(record?.failure?.message).toContain(existing);
    expect(record?.failure?.message).toContain('use another address');
    expect(record?.request).toMatchObject({ email: request.email, blueprint: 'ai-dev' });
    expect(await org.accountCount()).toBe(before);
  });

  it('AWS failing the creation asynchronously (EMAIL_ALREADY_EXISTS outside the org) → FAILED at CheckAccount', async () => {
    const request = newRequest();
    h.sandbox.faults.failNextAccountCreation('EMAIL_ALREADY_EXISTS');

    const run = await h.vend(request);

    expect(run.status).toBe('FAILED');
    const record = await h.record(request.requestId);
    expect(record?.failure).toMatchObject({ step: 'CheckAccount', error: 'EmailAlreadyInUseError' });
    expect(record?.createAccountRequestId).toMatch(/^car-/);
  });

  it('an account limit reached → FAILED at CheckAccount with what to do', async () => {
    const request = newRequest();
    h.sandbox.faults.failNextAccountCreation('ACCOUNT_LIMIT_EXCEEDED');

    const run = await h.vend(request);

    const record = await h.record(request.requestId);
    expect(run.status).toBe('FAILED');
    expect(record?.failure).toMatchObject({ step: 'CheckAccount', error: 'AccountCreationFailedError' });
    expect(record?.failure?.message).toContain('ACCOUNT_LIMIT_EXCEEDED');
    expect(record?.failure?.message).toContain('quota');
  });

  it('an unknown blueprint → FAILED at Claim, before any AWS call', async () => {
    const request = newRequest({ blueprint: 'ai-moonshot' });
    const callsBefore = h.sandbox.calls.length;

    const run = await h.vend(request);

    const record = await h.record(request.requestId);
    expect(run.status).toBe('FAILED');
    expect(record?.failure).toMatchObject({ step: 'Claim', error: 'InvalidRequestError' });
    expect(record?.failure?.message).toContain('Unknown blueprint "ai-moonshot"');
    expect(record?.failure?.message).toContain('ai-dev');
    expect(
      h.sandbox.calls.slice(callsBefore).filter((c) => !['dynamodb', 'events'].includes(c.service)),
    ).toEqual([]);
  });

  it('an email outside the allowed domains → FAILED at Claim', async () => {
    const request = newRequest({ email: 'someone@gmail.com' });
    const run = await h.vend(request);
    expect(run.status).toBe('FAILED');
    expect((await h.record(request.requestId))?.failure).toMatchObject({
      step: 'Claim',
      error: 'InvalidRequestError',
    });
  });

  it('a malformed request → FAILED record naming every problem', async () => {
    const request = { ...newRequest(), email: 'not an email', accountName: '' };
    const run = await h.vend(request);
    const record = await h.record(request.requestId);
    expect(run.status).toBe('FAILED');
    expect(record?.failure?.step).toBe('Claim');
    expect(record?.failure?.message).toContain('accountName');
    expect(record?.failure?.message).toContain('email');
  });

  it('a request without any id fails the execution with a clear error and writes nothing', async () => {
    const { requestId: _id, ...request } = newRequest();
    const run = await h.vend(request);
    expect(run.status).toBe('FAILED');
    expect(run.error?.error).toBe('InvalidRequestError');
    expect(run.error?.cause).toContain('requestId is missing');
  });

  it('a failure from AWS after the account exists keeps everything done so far in the record', async () => {
    const request = newRequest({ blueprint: 'ai-prod' });
    h.sandbox.faults.add({ operation: 'AttachPolicy', error: 'AccessDeniedException', times: 50 });

    const run = await h.vend(request);

    const record = await h.record(request.requestId);
    expect(run.status).toBe('FAILED');
    expect(record?.failure).toMatchObject({ step: 'ApplyScps', error: 'AwsPermissionError' });
    expect(record?.accountId).toMatch(/^\d{12}$/);
    expect(record?.ouPath).toBe('/AI/Production');
    expect(record?.steps).toHaveProperty('PlaceInOu');
    expect(record?.steps).not.toHaveProperty('ApplyScps');
    expect(await org.pathOf(record?.accountId as string)).toBe('/AI/Production');
  });
});
