import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAccountCommand } from '@aws-sdk/client-organizations';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '#lib/sandbox/index.ts';
import { clientsAs, type Fixture, rejectionOf, settled, startFixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  // 10 s of sandbox time is 100 ms at the fixture's timeScale 0.01.
  f = await startFixture({ newAccountReadyMs: 10_000 });
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const vend = async (name: string) => {
  const { CreateAccountStatus } = await f.org.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
  );
  return (await settled(f.org, CreateAccountStatus?.Id)).AccountId as string;
};
const assume = (accountId: string) =>
  f.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'vend',
    }),
  );

describe('a brand-new account', () => {
  it('denies AssumeRole into its access role for newAccountReadyMs after SUCCEEDED, then allows it', async () => {
    const accountId = await vend('fresh');
    const denied = await rejectionOf(assume(accountId));
    expect(denied).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(f.sandbox.org.isAccountReady(accountId)).toBe(false);
    await sleep(120);
    await expect(assume(accountId)).resolves.toBeDefined();
  });

  it('refuses IAM (InvalidClientTokenId) and S3 (AccessDenied) calls made with its credentials while not ready', async () => {
    const accountId = f.sandbox.org.addExistingAccount({ name: 'settling', email: 'settling@example.com' });
    const { credentials } = await clientsAs(f, accountId);
    const config = { ...sandboxClientConfig(f.sandbox), credentials, maxAttempts: 1 };
    const iam = new IAMClient(config);
    const s3 = new S3Client(config);
    // Credentials in hand, the account falls back into its settling window (as if just created).
    const role = f.sandbox.org.accountsById.get(accountId)?.accessRole;
    if (role) role.assumableAfter = Date.now() + 100;

    const iamError = await rejectionOf(
      iam.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' })),
    );
    expect(iamError).toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    const s3Error = await rejectionOf(s3.send(new ListBucketsCommand({})));
    expect(s3Error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await sleep(120);
    await expect(
      iam.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' })),
    ).resolves.toBeDefined();
    await expect(s3.send(new ListBucketsCommand({}))).resolves.toBeDefined();
  });

  it('follows faults.delayRoleAvailability over the option until faults are cleared', async () => {
    f.sandbox.faults.delayRoleAvailability({ ms: 0 });
    await expect(assume(await vend('override'))).resolves.toBeDefined();
    f.sandbox.faults.clear();
    expect((await rejectionOf(assume(await vend('default-again')))).name).toBe('AccessDenied');
  });
});

describe('seeded accounts', () => {
  it('take an explicit id and keep their access role', async () => {
    const id = f.sandbox.org.addExistingAccount({
      id: '222222222222',
      name: 'data',
      email: 'data@example.com',
    });
    expect(id).toBe('222222222222');
    const member = await clientsAs(f, id);
    expect((await member.sts.send(new GetCallerIdentityCommand({}))).Account).toBe('222222222222');
    expect(() => f.sandbox.org.addExistingAccount({ id, name: 'again', email: 'again@example.com' })).toThrow(
      /account 222222222222 exists/,
    );
    expect(() =>
      f.sandbox.org.addExistingAccount({ id: '12', name: 'short', email: 'short@example.com' }),
    ).toThrow(/12 digits/);
  });

  it('can exist without an access role: AssumeRole is then denied', async () => {
    const id = f.sandbox.org.addExistingAccount({
      id: '333333333333',
      name: 'invited',
      email: 'invited@example.com',
      accessRoleName: null,
    });
    expect((await rejectionOf(assume(id))).name).toBe('AccessDenied');
    expect(f.sandbox.iam.snapshot(id).roles).toEqual([]);
  });
});
