import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  EnablePolicyTypeCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '#lib/sandbox/index.ts';
import { type Fixture, rejectionOf, startFixture } from './fixture.ts';

let f: Fixture;
let noRetry: OrganizationsClient;
beforeAll(async () => {
  f = await startFixture();
  noRetry = new OrganizationsClient({ ...sandboxClientConfig(f.sandbox), maxAttempts: 1 });
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const createOu = (client: OrganizationsClient, name = 'AI') =>
  client.send(new CreateOrganizationalUnitCommand({ ParentId: f.sandbox.org.root.id, Name: name }));

describe('injected errors', () => {
  it('throttling is retried by the SDK: two injected TooManyRequestsException, the call still succeeds', async () => {
    f.sandbox.faults.add({
      operation: 'CreateOrganizationalUnit',
      error: 'TooManyRequestsException',
      times: 2,
    });
    const result = await createOu(f.org);
    expect(result.$metadata.attempts).toBe(3);
    expect(f.sandbox.calls.map((c) => c.errorName)).toEqual([
      'TooManyRequestsException',
      'TooManyRequestsException',
      undefined,
    ]);
    expect(f.sandbox.org.organizationalUnits).toHaveLength(1);
  });

  it('a 5xx ServiceException is transient for the SDK too', async () => {
    f.sandbox.faults.add({ operation: 'ListRoots', error: 'ServiceException', times: 2 });
    expect((await f.org.send(new ListRootsCommand({}))).$metadata.attempts).toBe(3);

    f.sandbox.faults.add({ operation: 'ListRoots', error: 'ServiceException' });
    const error = await rejectionOf(noRetry.send(new ListRootsCommand({})));
    expect(error.name).toBe('ServiceException');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 500 });
  });

  it('ConcurrentModificationException surfaces by name, with its status, without SDK retries', async () => {
    f.sandbox.faults.add({ operation: 'CreateOrganizationalUnit', error: 'ConcurrentModificationException' });
    const error = await rejectionOf(createOu(f.org));
    expect(error.name).toBe('ConcurrentModificationException');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
    await expect(createOu(f.org)).resolves.toBeDefined();
  });

  it('carries modelled fields such as Reason', async () => {
    f.sandbox.faults.add({
      operation: 'CreateAccount',
      error: 'ConstraintViolationException',
      fields: { Reason: 'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED' },
    });
    const error = await rejectionOf(
      f.org.send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com' })),
    );
    expect(error).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
    });
    expect(f.sandbox.calls.filter((c) => c.operation === 'CreateAccount')).toHaveLength(1);
    expect(f.sandbox.org.createAccountStatuses).toEqual([]);
  });

  it('targets one service when asked', async () => {
    f.sandbox.faults.add({ operation: '*', service: 'sts', error: 'ServiceUnavailable', times: 5 });
    await expect(createOu(f.org)).resolves.toBeDefined();
  });

  it('delays a response by the injected latency, scaled like all sandbox time', async () => {
    const accountId = f.sandbox.managementAccountId;
    f.sandbox.faults.latency({ operation: 'ListParents', ms: 20_000 }); // 200 ms at timeScale 0.01
    const started = performance.now();
    await f.org.send(new ListParentsCommand({ ChildId: accountId }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    f.sandbox.faults.clear();
    const again = performance.now();
    await f.org.send(new ListParentsCommand({ ChildId: accountId }));
    expect(performance.now() - again).toBeLessThan(150);
  });
});

describe('lost responses', () => {
  it('applies the call, drops the answer, and the SDK retry reaches AWS a second time', async () => {
    f.sandbox.faults.loseResponse({ operation: 'CreateOrganizationalUnit' });
    const error = await rejectionOf(createOu(f.org, 'Once'));
    // The first attempt created the OU; the retry finds it there.
    expect(error.name).toBe('DuplicateOrganizationalUnitException');
    expect(f.sandbox.calls.map((c) => c.errorName)).toEqual([
      'ResponseLost',
      'DuplicateOrganizationalUnitException',
    ]);
    expect(f.sandbox.org.organizationalUnits.map((ou) => ou.name)).toEqual(['Once']);
  });
});

describe('rate limits', () => {
  it('enforces the per-API token bucket (CreateAccount 0.1/s, burst 3) and refills on sandbox time', async () => {
    const limited = await startFixture({ rateLimits: true });
    try {
      const org = new OrganizationsClient({ ...sandboxClientConfig(limited.sandbox), maxAttempts: 1 });
      const create = (i: number) =>
        org.send(new CreateAccountCommand({ AccountName: `r${i}`, Email: `r${i}@example.com` }));
      for (let i = 0; i < 3; i++) await create(i);
      const throttled = await rejectionOf(create(3));
      expect(throttled.name).toBe('TooManyRequestsException');
      // 0.1 token per sandbox second is one token per 100 ms at timeScale 0.01.
      await new Promise((resolve) => setTimeout(resolve, 120));
      await expect(create(4)).resolves.toBeDefined();

      const enable = () =>
        org.send(
          new EnablePolicyTypeCommand({
            RootId: limited.sandbox.org.root.id,
            PolicyType: 'SERVICE_CONTROL_POLICY',
          }),
        );
      await enable();
      expect((await rejectionOf(enable())).name).toBe('TooManyRequestsException'); // burst 1, before the state check
    } finally {
      await limited.sandbox.stop();
    }
  });

  it('is off by default', async () => {
    for (let i = 0; i < 5; i++)
      await noRetry
        .send(
          new EnablePolicyTypeCommand({
            RootId: f.sandbox.org.root.id,
            PolicyType: 'SERVICE_CONTROL_POLICY',
          }),
        )
        .catch(() => undefined);
    expect(f.sandbox.calls.filter((c) => c.errorName === 'TooManyRequestsException')).toEqual([]);
  });
});

describe('unmodelled requests', () => {
  it('answers UnknownOperationException naming the gap for an Organizations operation it does not model', async () => {
    const error = await rejectionOf(noRetry.send(new CloseAccountCommand({ AccountId: '222222222222' })));
    expect(error.name).toBe('UnknownOperationException');
    expect(error.message).toContain('does not model Organizations operation CloseAccount');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
  });

  it('answers UnknownServiceException for a service outside the routing table', async () => {
    const response = await fetch(f.sandbox.endpoint, {
      method: 'POST',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownServiceException' });
  });
});
