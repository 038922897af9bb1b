/**
 * lib/aws/cross-account.ts: the clients it hands out act in the right account, reached through
 * sts:AssumeRole only when needed, as the sandbox's call log shows. The clients CrossAccount
 * creates read the endpoint and the management credentials from the environment, as in Lambda.
 */
import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand } from '@aws-sdk/client-organizations';
import { GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CrossAccount } from '#lib/aws/cross-account.ts';
import { AccountNotReadyError, AwsPermissionError } from '#lib/errors.ts';
import { withSandboxEnv } from '#lib/sandbox/index.ts';
import { type Fixture, rejectionOf, settled, startFixture } from '../sandbox/fixture.ts';

const ROLE = 'OrganizationAccountAccessRole';
let f: Fixture;
let restoreEnv: () => void;
beforeAll(async () => {
  // 20 s of sandbox time is 200 ms at the fixture's timeScale 0.01.
  f = await startFixture({ newAccountReadyMs: 20_000 });
  restoreEnv = withSandboxEnv(f.sandbox);
});
beforeEach(() => f.sandbox.reset());
afterAll(async () => {
  restoreEnv();
  await f.sandbox.stop();
});

const crossAccount = () =>
  new CrossAccount({
    sts: f.sts,
    org: f.org,
    region: 'us-east-1',
    roleName: ROLE,
    clients: {
      iam: (config) => new IAMClient(config),
      s3: (config) => new S3Client(config),
      ram: (config) => new RAMClient(config),
    },
  });
const calls = (operation: string) => f.sandbox.calls.filter((c) => c.operation === operation);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const member = (name: string) => f.sandbox.org.addExistingAccount({ name, email: `${name}@example.com` });
const vend = async (name: string) => {
  const { CreateAccountStatus } = await f.org.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
  );
  return (await settled(f.org, CreateAccountStatus?.Id)).AccountId as string;
};

describe('CrossAccount', () => {
  it('names the management account once, from DescribeOrganization', async () => {
    const cross = crossAccount();
    expect(await cross.managementAccount()).toBe(f.sandbox.managementAccountId);
    expect(await cross.managementAccount()).toBe(f.sandbox.managementAccountId);
    expect(calls('DescribeOrganization')).toHaveLength(1);
  });

  it('asks DescribeOrganization again after it failed, instead of keeping the failure', async () => {
    const cross = crossAccount();
    f.sandbox.faults.add({ operation: 'DescribeOrganization', error: 'AccessDeniedException', times: 1 });

    await expect(cross.managementAccount()).rejects.toThrow();
    expect(await cross.managementAccount()).toBe(f.sandbox.managementAccountId);
    expect(calls('DescribeOrganization').map((c) => c.errorName)).toEqual([
      'AccessDeniedException',
      undefined,
    ]);
  });

  it('gives the management account clients with its own credentials: no AssumeRole', async () => {
    // Given
    const cross = crossAccount();

    // When its clients are used
    const clients = await cross.forAccount(f.sandbox.managementAccountId);
    await clients.iam.send(new ListRolesCommand({}));
    await clients.s3.send(new ListBucketsCommand({}));
    await clients.ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));

    // Then the calls came from the management principal itself (no assumed-role session)
    expect(clients.accountId).toBe(f.sandbox.managementAccountId);
    expect(calls('AssumeRole')).toEqual([]);
    const made = f.sandbox.calls.filter((c) => ['iam', 's3', 'ram'].includes(c.service));
    expect(made.map((c) => [c.service, c.callerAccountId, c.callerRole, c.errorName])).toEqual([
      ['iam', f.sandbox.managementAccountId, undefined, undefined],
      ['s3', f.sandbox.managementAccountId, undefined, undefined],
      ['ram', f.sandbox.managementAccountId, undefined, undefined],
    ]);
  });

  it('reaches a member account through one AssumeRole of the access role, however often it is asked', async () => {
    // Given
    const accountId = member('ml-dev');
    const cross = crossAccount();

    // When clients for the account are asked for several times and every service is used
    const first = await cross.forAccount(accountId);
    const again = await cross.forAccount(accountId);
    const asNew = await cross.forAccount(accountId, { isNew: true });
    await first.iam.send(new GetRoleCommand({ RoleName: ROLE }));
    await again.s3.send(new ListBucketsCommand({}));
    await asNew.ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    await asNew.iam.send(new ListRolesCommand({}));

    // Then the same clients are reused, credentials are assumed once and every call acts as the role
    expect(again).toBe(first);
    expect(first.accountId).toBe(accountId);
    expect(calls('AssumeRole').map((c) => [c.callerAccountId, c.errorName])).toEqual([
      [f.sandbox.managementAccountId, undefined],
    ]);
    const made = f.sandbox.calls.filter((c) => ['iam', 's3', 'ram'].includes(c.service));
    expect(made).toHaveLength(4);
    for (const call of made) expect([call.callerAccountId, call.callerRole]).toEqual([accountId, ROLE]);
  });

  it('keeps credentials per account: two members, two AssumeRoles', async () => {
    const a = member('ml-a');
    const b = member('ml-b');
    const cross = crossAccount();
    for (const id of [a, b, a, b]) await (await cross.forAccount(id)).s3.send(new ListBucketsCommand({}));
    expect(calls('ListBuckets').map((c) => c.callerAccountId)).toEqual([a, b, a, b]);
    expect(calls('AssumeRole')).toHaveLength(2);
  });

  it('answers AccountNotReadyError for a brand-new account whose role is not usable yet, then works once it is', async () => {
    // Given an account created a moment ago (not ready for newAccountReadyMs)
    const accountId = await vend('fresh');
    const cross = crossAccount();
    const { iam } = await cross.forAccount(accountId, { isNew: true });

    // When
    const error = await rejectionOf(iam.send(new GetRoleCommand({ RoleName: ROLE })));

    // Then: retryable, with STS's refusal as the cause
    expect(error).toBeInstanceOf(AccountNotReadyError);
    expect(error.name).toBe('AccountNotReadyError');
    expect(error.message).toContain(`arn:aws:iam::${accountId}:role/${ROLE}`);
    expect((error.cause as Error).name).toBe('AccessDenied');
    expect(calls('GetRole')).toEqual([]);

    // And when the account has settled, the same clients work
    await sleep(230);
    await expect(iam.send(new GetRoleCommand({ RoleName: ROLE }))).resolves.toMatchObject({
      Role: { RoleName: ROLE },
    });
    expect(calls('AssumeRole').map((c) => c.errorName)).toEqual(['AccessDenied', undefined]);
  });

  it('answers AwsPermissionError for the same refusal when the account is not new', async () => {
    const accountId = await vend('settling');
    const { s3 } = await crossAccount().forAccount(accountId);
    const error = await rejectionOf(s3.send(new ListBucketsCommand({})));
    expect(error).toBeInstanceOf(AwsPermissionError);
  });

  it('answers AwsPermissionError for an account outside the organization', async () => {
    // Given
    const { iam } = await crossAccount().forAccount('999999999999');

    // When
    const error = await rejectionOf(iam.send(new ListRolesCommand({})));

    // Then: not retryable, and nothing reached IAM
    expect(error).toBeInstanceOf(AwsPermissionError);
    expect(error.name).toBe('AwsPermissionError');
    expect(error.message).toContain(`Cannot assume arn:aws:iam::999999999999:role/${ROLE}`);
    expect(calls('AssumeRole').map((c) => c.errorName)).toEqual(['AccessDenied']);
    expect(calls('ListRoles')).toEqual([]);
  });

  it('answers AwsPermissionError for an invited account that has no access role', async () => {
    const accountId = f.sandbox.org.addExistingAccount({
      name: 'invited',
      email: 'invited@example.com',
      accessRoleName: null,
    });
    const { ram } = await crossAccount().forAccount(accountId, {});
    expect(
      await rejectionOf(ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))),
    ).toBeInstanceOf(AwsPermissionError);
  });

  it('passes other STS failures through unchanged', async () => {
    const accountId = member('flaky');
    f.sandbox.faults.add({
      service: 'sts',
      operation: 'AssumeRole',
      error: 'RegionDisabledException',
      httpStatus: 403,
    });
    const { iam } = await crossAccount().forAccount(accountId, { isNew: true });
    const error = await rejectionOf(iam.send(new ListRolesCommand({})));
    expect(error.name).toBe('RegionDisabledException');
    expect(error).not.toBeInstanceOf(AccountNotReadyError);
  });
});
