import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, newRequest, startHarness } from './harness.ts';
import { orgView } from './org-view.ts';

let h: Harness;
let org: ReturnType<typeof orgView>;

beforeAll(async () => {
  h = await startHarness();
  org = orgView();
});
afterAll(() => h.stop());

describe('vend-account, happy path', () => {
  it('creates the account, places it in its OU and attaches the SCPs', async () => {
    // Given a valid request for the ai-dev blueprint
    const request = newRequest({ tags: { CostCenter: 'ml-42' } });

    // When the state machine runs
    const run = await h.vend(request);

    // Then the request SUCCEEDED, and the organization shows exactly what the blueprint asks for
    expect(run.status).toBe('SUCCEEDED');
    const record = await h.record(request.requestId);
    expect(record).toMatchObject({
      requestId: request.requestId,
      status: 'SUCCEEDED',
      ouPath: '/AI/Development',
      scps: ['deny-leave-organization'],
      ouScps: ['ai-dev-guardrails'],
    });
    expect(record?.accountId).toMatch(/^\d{12}$/);
    expect(record?.createAccountRequestId).toMatch(/^car-[a-z0-9]{8,32}$/);
    expect(record?.owner).toBe(run.executionArn);
    expect(Object.keys(record?.steps ?? {})).toEqual(
      expect.arrayContaining(['CreateAccount', 'CheckAccount', 'PlaceInOu', 'ApplyScps', 'Complete']),
    );

    const accountId = record?.accountId as string;
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(await org.pathOf(accountId)).toBe('/AI/Development');
    expect(await org.scpNamesOf(accountId)).toEqual(['FullAWSAccess', 'avm-deny-leave-organization']);
    expect(await org.scpNamesOf(record?.ouId as string)).toEqual(['FullAWSAccess', 'avm-ai-dev-guardrails']);
    expect(await org.tagsOf(accountId)).toMatchObject({
      'avm:request-id': request.requestId,
      'avm:blueprint': 'ai-dev',
      CostCenter: 'ml-42',
      Environment: 'development',
    });
  });

  it('accepts an EventBridge "Account Requested" event and uses its id when the request has none', async () => {
    const { requestId: _none, ...detail } = newRequest();
    const event = {
      version: '0',
      id: 'b5a1f0e2-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      'detail-type': 'Account Requested',
      source: 'account-vending',
      account: '111111111111',
      time: '2026-11-23T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail,
    };
    const run = await h.vend(event);
    expect(run.status).toBe('SUCCEEDED');
    expect((await h.record(event.id))?.status).toBe('SUCCEEDED');
  });

  it('reuses OUs and policies across vends and stays within the transition budget', async () => {
    const first = newRequest({ blueprint: 'ai-prod' });
    const second = newRequest({ blueprint: 'ai-prod' });
    await h.vend(first);
    const run = await h.vend(second);
    expect(run.status).toBe('SUCCEEDED');
    const [a, b] = [await h.record(first.requestId), await h.record(second.requestId)];
    expect(b?.ouId).toBe(a?.ouId);
    expect(b?.policyIds).toEqual(a?.policyIds);
    for (const name of Object.keys(a?.policyIds ?? {}))
      expect(await org.scpsNamed(`avm-${name}`)).toHaveLength(1);
    // Claim, IsClaimed, CreateAccount, IsAccountReady, (WaitForAccount, CheckAccount, IsAccountReady)×polls,
    // PlaceInOu, ApplyScps, ShareResources, CreateMlGroups, GrantDataAccess, Complete, Notify, IsVended, Vended:
    // no retries, no detours.
    const polls = run.events.filter(
      (e) => e.type === 'StateEntered' && e.state.name === 'CheckAccount',
    ).length;
    expect(polls).toBeGreaterThan(0);
    expect(run.transitions).toBe(13 + 3 * polls);
  });
});
