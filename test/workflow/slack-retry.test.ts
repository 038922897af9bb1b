import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFields, slackEvent } from '../support/slack.ts';
import { streamRecordOf } from '../support/stream.ts';
import type { Harness } from './harness.ts';
import { type SlackHarness, startSlackHarness } from './slack-harness.ts';

// `/vend retry <requestId>` end to end: a Slack request fails, its requester retries it from
// Slack, the rule starts the state machine, and the new outcome reaches Slack as the first did.
let h: Harness;
let slack: SlackHarness['slack'];
let org: SlackHarness['org'];
let slackCommand: SlackHarness['slackCommand'];
let publishRequests: SlackHarness['publishRequests'];

let world: SlackHarness;
beforeAll(async () => {
  world = await startSlackHarness();
  ({ h, slack, org, slackCommand, publishRequests } = world);
});
afterAll(() => world.stop());

/** The slash command as Slack sends it, from `user`; its status, parsed reply and how long it took. */
async function command(text: string, user: string, hook: string) {
  const started = performance.now();
  const result = await slackCommand(
    slackEvent(commandFields(text, `${slack.url}/commands/T0123456789/${hook}/hook`, { user_id: user })),
  );
  return {
    status: result.statusCode,
    body: JSON.parse(result.body as string),
    raw: result.body as string,
    ms: performance.now() - started,
  };
}

function outcomeEvents(requestId: string, detailType: string) {
  return h.sandbox.events.published.filter(
    (e) => e.envelope['detail-type'] === detailType && e.envelope.detail.requestId === requestId,
  );
}

describe('/vend retry from Slack', () => {
  it('a failed Slack request: another user is refused; its requester retries it → SUCCEEDED, one account, told again', async () => {
    // Given: a request made in Slack by U0LEAD that fails once, after its account was created
    const email = 'ml-retry@example.com';
    const made = await command(`request ml-retry ${email} ai-dev`, 'U0LEAD', 'request');
    const requestId = made.raw.match(/slack-[0-9a-f]{16}/)?.[0] as string;
    expect(requestId).toBeDefined();
    h.sandbox.faults.add({ operation: 'MoveAccount', error: 'AccessDeniedException', times: 1 });
    await publishRequests({ Records: [await streamRecordOf(h.local.tableName, requestId)] });
    await h.sandbox.events.waitFor(
      (e) => e['detail-type'] === 'Account Vending Failed' && e.detail.requestId === requestId,
      30_000,
    );
    await h.sandbox.events.idle();
    const failed = await h.record(requestId);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, failure: { step: 'PlaceInOu' } });
    expect(failed?.accountId).toMatch(/^\d{12}$/);
    const hook = '/commands/T0123456789/request/hook';
    const firstPosts = slack.received.filter((r) => r.path === hook);
    expect(firstPosts).toHaveLength(1);
    expect(JSON.stringify(firstPosts[0]?.body)).toContain(`/vend retry ${requestId}`);

    // When: someone else tries to retry it
    const refused = await command(`retry ${requestId}`, 'U0INTERN', 'intern');

    // Then: refused, nothing published, nothing changed
    expect(refused.status).toBe(200);
    expect(refused.body.response_type).toBe('ephemeral');
    expect(refused.raw).toContain(`Only the person who made request ${requestId} can retry it`);
    await h.sandbox.events.idle();
    expect(outcomeEvents(requestId, 'Account Retry Requested')).toHaveLength(0);
    expect(await h.record(requestId)).toEqual(failed);

    // When: the requester retries it
    const retried = await command(`retry ${requestId}`, 'U0LEAD', 'retry');

    // Then: answered at once, ephemerally; one retry event on the bus; the vend finishes
    expect(retried.status).toBe(200);
    expect(retried.ms).toBeLessThan(3000);
    expect(retried.body).toMatchObject({
      response_type: 'ephemeral',
      text: `Retry of request ${requestId} requested`,
    });
    expect(retried.raw).toContain('PlaceInOu');
    await h.sandbox.events.waitFor(
      (e) => e['detail-type'] === 'Account Vended' && e.detail.requestId === requestId,
      30_000,
    );
    await h.sandbox.events.idle();
    expect(outcomeEvents(requestId, 'Account Retry Requested').map((e) => e.envelope.detail)).toEqual([
      { requestId },
    ]);
    const record = await h.record(requestId);
    expect(record).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 2,
      accountId: failed?.accountId,
      ouPath: '/AI/Development',
      request: { requestedBy: { source: 'slack', id: 'U0LEAD' } },
    });
    expect(record).not.toHaveProperty('failure');
    const accounts = await org.accountsWithEmail(email);
    expect(accounts.map((a) => a.Id)).toEqual([failed?.accountId]);

    // And: the requester is told the new outcome, once, where the first one went
    const posts = slack.received.filter((r) => r.path === hook);
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[1]?.body)).toContain(`is ready`);
    expect(JSON.stringify(posts[1]?.body)).toContain(failed?.accountId as string);
    expect(record?.notifications?.slack).toMatchObject({ via: 'response_url', ok: true });
    expect(record?.notifications?.event?.detailType).toBe('Account Vended');
    expect(record?.slack?.responseUrlUses).toBe(2);
    expect(slack.received.filter((r) => r.path.includes('/intern/') || r.path.includes('/retry/'))).toEqual(
      [],
    );

    // And: retrying it again says it is done, with its account, and publishes nothing
    const again = await command(`retry ${requestId}`, 'U0LEAD', 'again');
    expect(again.raw).toContain(`Request ${requestId} is done: account ${failed?.accountId} is ready`);
    await h.sandbox.events.idle();
    expect(outcomeEvents(requestId, 'Account Retry Requested')).toHaveLength(1);
  });

  it('a request still running is not retried: the reply shows its status and the operator’s way out', async () => {
    const made = await command('request ml-running ml-running@example.com ai-dev', 'U0LEAD', 'running');
    const requestId = made.raw.match(/slack-[0-9a-f]{16}/)?.[0] as string;
    const { RequestRepository } = await import('#lib/record/repository.ts');
    const { dynamoDbClient } = await import('#lib/aws/clients.ts');
    const repo = new RequestRepository(dynamoDbClient(), h.local.tableName);
    // An execution has claimed it and is working on it
    await repo.claim(requestId, 'arn:aws:states:us-east-1:000000000000:execution:vend:running');

    const answer = await command(`retry ${requestId}`, 'U0LEAD', 'running-retry');

    expect(answer.raw).toContain(`Request ${requestId} is still running`);
    expect(answer.raw).toContain(`avm retry ${requestId} --force`);
    expect(answer.raw).toContain('in progress');
    await h.sandbox.events.idle();
    expect(outcomeEvents(requestId, 'Account Retry Requested')).toHaveLength(0);
    expect((await h.record(requestId))?.status).toBe('IN_PROGRESS');
  });

  it('an unknown request id says so and publishes nothing', async () => {
    const before = h.sandbox.events.published.length;
    const answer = await command('retry slack-ffffffffffffffff', 'U0LEAD', 'unknown');
    expect(answer.raw).toContain('No request with id slack-ffffffffffffffff.');
    expect(h.sandbox.events.published.length).toBe(before);
  });
});
