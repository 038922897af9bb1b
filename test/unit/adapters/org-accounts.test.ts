/**
 * lib/org/accounts.ts: reading accounts, their tags and running creations from the sandbox's
 * organization, with pages of 2 so every answer spans several pages.
 */
import { CreateAccountCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountTags, creationsInFlight, findAccountByEmail, REQUEST_ID_TAG } from '#lib/org/accounts.ts';
import { type Fixture, settled, startFixture } from '../sandbox/fixture.ts';

let f: Fixture;
beforeAll(async () => {
  // Creations stay IN_PROGRESS for 30 s of sandbox time: 300 ms at timeScale 0.01.
  f = await startFixture({ pageSize: 2, createAccountLatencyMs: 30_000, accountLimit: 20 });
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const seed = (names: string[]) =>
  names.map((name) => f.sandbox.org.addExistingAccount({ name, email: `${name}@example.com` }));
const createAccount = async (name: string, email = `${name}@example.com`) =>
  (await f.org.send(new CreateAccountCommand({ AccountName: name, Email: email }))).CreateAccountStatus;

describe('findAccountByEmail', () => {
  it('finds the account on a later page, comparing emails case-insensitively', async () => {
    // Given more accounts than one page holds
    const [, , , last] = seed(['a', 'b', 'c', 'ml-dev']);

    // When / Then
    expect(await findAccountByEmail(f.org, 'ML-Dev@Example.COM')).toMatchObject({
      Id: last,
      Name: 'ml-dev',
      Email: 'ml-dev@example.com',
    });
    expect(f.sandbox.calls.filter((c) => c.operation === 'ListAccounts').length).toBeGreaterThan(1);
  });

  it('returns undefined when no account has the email', async () => {
    seed(['a', 'b', 'c']);
    expect(await findAccountByEmail(f.org, 'nobody@example.com')).toBeUndefined();
  });
});

describe('accountTags', () => {
  it('reads every tag across pages as a record', async () => {
    const accountId = f.sandbox.org.addExistingAccount({
      name: 'tagged',
      email: 'tagged@example.com',
      tags: { [REQUEST_ID_TAG]: 'req-1', team: 'vision', env: 'dev', cost: '' },
    });
    expect(await accountTags(f.org, accountId)).toEqual({
      [REQUEST_ID_TAG]: 'req-1',
      team: 'vision',
      env: 'dev',
      cost: '',
    });
  });

  it('is empty for an account without tags', async () => {
    const [accountId] = seed(['plain']);
    expect(await accountTags(f.org, accountId as string)).toEqual({});
  });
});

describe('creationsInFlight', () => {
  it('lists only the IN_PROGRESS creations of that account name', async () => {
    // Given two running creations of ml-dev (a retried request) among others, over several pages
    const running = [await createAccount('ml-dev'), await createAccount('ml-dev', 'ml-dev-2@example.com')];
    await createAccount('other');
    await createAccount('more');

    // When
    const found = await creationsInFlight(f.org, 'ml-dev');

    // Then
    expect(found.map((s) => [s.Id, s.State, s.AccountName]).sort()).toEqual(
      running.map((s) => [s?.Id, 'IN_PROGRESS', 'ml-dev']).sort(),
    );
  });

  it('is empty once the creations settled', async () => {
    const status = await createAccount('ml-dev');
    await settled(f.org, status?.Id);
    expect(await creationsInFlight(f.org, 'ml-dev')).toEqual([]);
  });
});
