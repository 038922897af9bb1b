import {
  CreateAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MANAGEMENT_PRINCIPAL_ROLE, sandboxClientConfig } from '#lib/sandbox/index.ts';
import { clientsAs, type Fixture, rejectionOf, settled, startFixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const vendAccount = async (name: string, extra: Record<string, unknown> = {}) => {
  const { CreateAccountStatus } = await f.org.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com`, ...extra }),
  );
  return (await settled(f.org, CreateAccountStatus?.Id)).AccountId as string;
};
const assume = (roleArn: string, extra: Record<string, unknown> = {}) =>
  f.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'vend', ...extra }));

describe('GetCallerIdentity', () => {
  it('reports the management principal for any key the sandbox did not issue', async () => {
    const identity = await f.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111111111111');
    expect(identity.Arn).toBe(`arn:aws:sts::111111111111:assumed-role/${MANAGEMENT_PRINCIPAL_ROLE}/sandbox`);
  });
});

describe('AssumeRole', () => {
  it("issues credentials bound to the new account's access role", async () => {
    const accountId = await vendAccount('ml-dev');
    const member = await clientsAs(f, accountId);

    const identity = await member.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(accountId);
    expect(identity.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/test`);
    expect(f.sandbox.calls.at(-1)).toMatchObject({
      service: 'sts',
      operation: 'GetCallerIdentity',
      callerAccountId: accountId,
      callerRole: 'OrganizationAccountAccessRole',
    });
  });

  it('returns AWS-shaped credentials and assumed-role user', async () => {
    const accountId = await vendAccount('shape');
    const { Credentials, AssumedRoleUser } = await assume(
      `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    );
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/vend`,
    );
    expect(AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]+:vend$/);
  });

  it('lets a member session read only DescribeOrganization, denying management operations', async () => {
    const member = await clientsAs(f, await vendAccount('member'));
    await expect(member.org.send(new DescribeOrganizationCommand({}))).resolves.toBeDefined();
    const denied = await rejectionOf(
      member.org.send(new CreateAccountCommand({ AccountName: 'sneaky', Email: 'sneaky@example.com' })),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect((await rejectionOf(member.org.send(new ListAccountsCommand({})))).name).toBe(
      'AccessDeniedException',
    );
  });

  it('honours the RoleName given to CreateAccount, and nothing else', async () => {
    const accountId = await vendAccount('custom', { RoleName: 'PlatformAdmin' });
    await expect(clientsAs(f, accountId, 'PlatformAdmin')).resolves.toBeDefined();
    const error = await rejectionOf(assume(`arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`));
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 403 });
    expect(error.message).toBe(
      `User: arn:aws:sts::111111111111:assumed-role/${MANAGEMENT_PRINCIPAL_ROLE}/sandbox is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    );
  });

  it('denies unknown accounts and the management account itself', async () => {
    for (const account of ['222222222222', '111111111111']) {
      const error = await rejectionOf(assume(`arn:aws:iam::${account}:role/OrganizationAccountAccessRole`));
      expect(error.name).toBe('AccessDenied');
    }
  });

  it('denies a member session assuming into another account: the role trusts only the management account', async () => {
    const first = await clientsAs(f, await vendAccount('first'));
    const second = await vendAccount('second');
    const error = await rejectionOf(
      first.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${second}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'hop',
        }),
      ),
    );
    expect(error.name).toBe('AccessDenied');
  });

  it('refuses more than one hour when chaining roles, and less than 15 minutes', async () => {
    const arn = `arn:aws:iam::${await vendAccount('chained')}:role/OrganizationAccountAccessRole`;
    const tooLong = await rejectionOf(assume(arn, { DurationSeconds: 7_200 }));
    expect(tooLong.name).toBe('ValidationError');
    expect(tooLong.message).toContain('role chaining');
    expect((await rejectionOf(assume(arn, { DurationSeconds: 60 }))).name).toBe('ValidationError');
    await expect(assume(arn, { DurationSeconds: 3_600 })).resolves.toBeDefined();
  });

  it('can model IAM propagation: the role of a new account is denied for a while after SUCCEEDED', async () => {
    f.sandbox.faults.delayRoleAvailability({ ms: 10_000 }); // 100 ms at timeScale 0.01
    const arn = `arn:aws:iam::${await vendAccount('fresh')}:role/OrganizationAccountAccessRole`;
    expect((await rejectionOf(assume(arn))).name).toBe('AccessDenied');
    await new Promise((resolve) => setTimeout(resolve, 120));
    await expect(assume(arn)).resolves.toBeDefined();
  });

  it('rejects keys issued before a reset instead of treating them as the management account', async () => {
    const member = await clientsAs(f, await vendAccount('before-reset'));
    f.sandbox.reset();
    const error = await rejectionOf(member.sts.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
    const org = new OrganizationsClient({
      ...sandboxClientConfig(f.sandbox),
      credentials: member.credentials,
    });
    expect((await rejectionOf(org.send(new DescribeOrganizationCommand({})))).name).toBe(
      'UnrecognizedClientException',
    );
  });
});

describe('unmodelled STS actions', () => {
  it('answers InvalidAction naming the gap', async () => {
    const error = await rejectionOf(f.sts.send(new GetSessionTokenCommand({})));
    expect(error.name).toBe('InvalidAction');
    expect(error.message).toContain('does not model STS action GetSessionToken');
  });
});
