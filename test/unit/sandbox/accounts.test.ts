import {
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '#lib/sandbox/index.ts';
import { type Fixture, rejectionOf, settled, startFixture } from './fixture.ts';

let f: Fixture;
let rootId: string;
beforeAll(async () => {
  f = await startFixture({ pageSize: 3 });
});
beforeEach(() => {
  f.sandbox.reset();
  rootId = f.sandbox.org.root.id;
});
afterAll(() => f.sandbox.stop());

const create = (name: string, email = `${name}@example.com`, extra: Record<string, unknown> = {}) =>
  f.org.send(new CreateAccountCommand({ AccountName: name, Email: email, ...extra }));

describe('CreateAccount', () => {
  it('is asynchronous: IN_PROGRESS, then SUCCEEDED with an account in the root carrying its tags', async () => {
    const { CreateAccountStatus: started } = await create('ml-dev', 'ml-dev@example.com', {
      Tags: [{ Key: 'Environment', Value: 'development' }],
    });

    expect(started?.State).toBe('IN_PROGRESS');
    expect(started?.Id).toMatch(/^car-[a-z0-9]{8,32}$/);
    expect(started?.RequestedTimestamp).toBeInstanceOf(Date);
    expect(f.sandbox.org.findAccountByEmail('ml-dev@example.com')).toBeUndefined();

    const done = await settled(f.org, started?.Id);
    expect(done).toMatchObject({ State: 'SUCCEEDED', AccountName: 'ml-dev' });
    expect(done.AccountId).toMatch(/^\d{12}$/);
    expect(done.CompletedTimestamp).toBeInstanceOf(Date);

    const { Account } = await f.org.send(new DescribeAccountCommand({ AccountId: done.AccountId }));
    expect(Account).toMatchObject({
      Name: 'ml-dev',
      Email: 'ml-dev@example.com',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
    });
    const { Parents } = await f.org.send(new ListParentsCommand({ ChildId: done.AccountId }));
    expect(Parents).toEqual([{ Id: rootId, Type: 'ROOT' }]);
    const { Tags } = await f.org.send(new ListTagsForResourceCommand({ ResourceId: done.AccountId }));
    expect(Tags).toEqual([{ Key: 'Environment', Value: 'development' }]);
  });

  it('accepts a reused email and reports EMAIL_ALREADY_EXISTS later, also against an account still in flight', async () => {
    f.sandbox.org.addExistingAccount({ name: 'legacy', email: 'taken@example.com' });
    const first = await create('other-name', 'taken@example.com');
    expect(first.CreateAccountStatus?.State).toBe('IN_PROGRESS');
    expect(await settled(f.org, first.CreateAccountStatus?.Id)).toMatchObject({
      State: 'FAILED',
      FailureReason: 'EMAIL_ALREADY_EXISTS',
    });

    const inFlight = await create('one', 'new@example.com');
    const clash = await create('two', 'new@example.com');
    expect((await settled(f.org, inFlight.CreateAccountStatus?.Id)).State).toBe('SUCCEEDED');
    expect(await settled(f.org, clash.CreateAccountStatus?.Id)).toMatchObject({
      FailureReason: 'EMAIL_ALREADY_EXISTS',
    });
  });

  it('reports CONCURRENT_ACCOUNT_MODIFICATION for an identical request while one is in flight', async () => {
    const first = await create('same');
    const second = await create('same');
    expect((await settled(f.org, first.CreateAccountStatus?.Id)).State).toBe('SUCCEEDED');
    expect(await settled(f.org, second.CreateAccountStatus?.Id)).toMatchObject({
      State: 'FAILED',
      FailureReason: 'CONCURRENT_ACCOUNT_MODIFICATION',
    });
    expect(f.sandbox.org.accounts.filter((a) => a.email === 'same@example.com')).toHaveLength(1);
  });

  it('fails with ACCOUNT_LIMIT_EXCEEDED once the organization holds accountLimit accounts', async () => {
    for (let i = 0; i < 9; i++)
      f.sandbox.org.addExistingAccount({ name: `a${i}`, email: `a${i}@example.com` });
    const { CreateAccountStatus } = await create('eleventh');
    expect(await settled(f.org, CreateAccountStatus?.Id)).toMatchObject({
      FailureReason: 'ACCOUNT_LIMIT_EXCEEDED',
    });
    expect(f.sandbox.org.accounts).toHaveLength(10);
  });

  it('fails the whole request synchronously for an invalid tag or too many tags, creating nothing', async () => {
    const badTag = await rejectionOf(
      create('t1', undefined, { Tags: [{ Key: 'aws:reserved', Value: 'x' }] }),
    );
    expect(badTag.name).toBe('InvalidInputException');
    expect(badTag.Reason).toBe('INVALID_SYSTEM_TAGS_PARAMETER');

    const missingValue = await rejectionOf(create('t2', undefined, { Tags: [{ Key: 'k' }] }));
    expect(missingValue.name).toBe('InvalidInputException');

    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    const tooMany = await rejectionOf(create('t3', undefined, { Tags: tags }));
    expect(tooMany).toMatchObject({ name: 'ConstraintViolationException', Reason: 'MAX_TAG_LIMIT_EXCEEDED' });
    expect(tooMany.$metadata).toMatchObject({ httpStatusCode: 400 });

    expect(f.sandbox.org.createAccountStatuses).toEqual([]);
  });

  it('validates Email, AccountName and RoleName against the model patterns', async () => {
    expect(await rejectionOf(create('x', 'not-an-email'))).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_PATTERN',
    });
    expect(await rejectionOf(create('n'.repeat(51)))).toMatchObject({ Reason: 'MAX_LENGTH_EXCEEDED' });
    expect(await rejectionOf(create('r', undefined, { RoleName: 'bad role' }))).toMatchObject({
      Reason: 'INVALID_ROLE_NAME',
    });
    const { CreateAccountStatus } = await create('dotted', '.lead@example.com');
    expect(await settled(f.org, CreateAccountStatus?.Id)).toMatchObject({ FailureReason: 'INVALID_EMAIL' });
  });

  it('refuses a sixth concurrent creation with TooManyRequestsException (modelled; unconfirmed in AWS)', async () => {
    // Creations that stay in flight long enough to overlap, and a client that does not retry.
    const slow = await startFixture({ createAccountLatencyMs: 60_000 });
    try {
      const org = new OrganizationsClient({ ...sandboxClientConfig(slow.sandbox), maxAttempts: 1 });
      for (let i = 0; i < 5; i++)
        await org.send(new CreateAccountCommand({ AccountName: `c${i}`, Email: `c${i}@example.com` }));
      const sixth = await rejectionOf(
        org.send(new CreateAccountCommand({ AccountName: 'c5', Email: 'c5@example.com' })),
      );
      expect(sixth.name).toBe('TooManyRequestsException');
    } finally {
      await slow.sandbox.stop();
    }
  });

  it('ends the next creation FAILED with an injected reason', async () => {
    f.sandbox.faults.failNextAccountCreation('INTERNAL_FAILURE');
    const { CreateAccountStatus } = await create('unlucky');
    expect(await settled(f.org, CreateAccountStatus?.Id)).toMatchObject({
      FailureReason: 'INTERNAL_FAILURE',
    });
    expect(f.sandbox.org.findAccountByEmail('unlucky@example.com')).toBeUndefined();
  });
});

describe('creation status', () => {
  it('answers CreateAccountStatusNotFoundException for an unknown request id', async () => {
    const error = await rejectionOf(
      f.org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-0123456789abcdef' })),
    );
    expect(error.name).toBe('CreateAccountStatusNotFoundException');
  });

  it('lists statuses filtered by state', async () => {
    f.sandbox.faults.failNextAccountCreation('EMAIL_ALREADY_EXISTS');
    const failed = await create('f1');
    const ok = await create('s1');
    await settled(f.org, failed.CreateAccountStatus?.Id);
    await settled(f.org, ok.CreateAccountStatus?.Id);
    const { CreateAccountStatuses } = await f.org.send(
      new ListCreateAccountStatusCommand({ States: ['FAILED'] }),
    );
    expect(CreateAccountStatuses?.map((s) => s.AccountName)).toEqual(['f1']);
  });
});

describe('listing', () => {
  it('pages ListAccounts with NextToken and rejects a foreign token', async () => {
    for (let i = 0; i < 7; i++)
      f.sandbox.org.addExistingAccount({ name: `p${i}`, email: `p${i}@example.com` });
    const first = await f.org.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(3);
    expect(first.NextToken).toBeDefined();

    const all = [];
    for await (const page of paginateListAccounts({ client: f.org }, {})) all.push(...(page.Accounts ?? []));
    expect(all).toHaveLength(8);

    const foreign = await rejectionOf(f.org.send(new ListAccountsCommand({ NextToken: 'bm90LWEtdG9rZW4' })));
    expect(foreign).toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_NEXT_TOKEN' });
  });
});

describe('MoveAccount', () => {
  it('moves only from the actual parent and reports each AWS error by name', async () => {
    const accountId = f.sandbox.org.addExistingAccount({ name: 'mover', email: 'mover@example.com' });
    const ou = f.sandbox.org.addOrganizationalUnit('AI', rootId, {});
    const move = (source: string, destination: string, account = accountId) =>
      f.org.send(
        new MoveAccountCommand({
          AccountId: account,
          SourceParentId: source,
          DestinationParentId: destination,
        }),
      );

    expect((await rejectionOf(move(ou.id, rootId))).name).toBe('DuplicateAccountException');
    expect((await rejectionOf(move(rootId, 'ou-abcd-12345678'))).name).toBe(
      'DestinationParentNotFoundException',
    );
    expect((await rejectionOf(move(rootId, ou.id, '999999999999'))).name).toBe('AccountNotFoundException');

    await move(rootId, ou.id);
    expect(f.sandbox.org.accountsById.get(accountId)?.parentId).toBe(ou.id);

    // A retry with the same arguments: already there, which callers treat as success.
    expect((await rejectionOf(move(rootId, ou.id))).name).toBe('DuplicateAccountException');
    // A stale source towards another destination.
    const other = f.sandbox.org.addOrganizationalUnit('Other', rootId, {});
    expect((await rejectionOf(move(rootId, other.id))).name).toBe('SourceParentNotFoundException');
  });
});
