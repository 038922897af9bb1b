import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFields, slackEvent } from '../support/slack.ts';
import { streamRecordOf } from '../support/stream.ts';
import { type Harness, newRequest } from './harness.ts';
import { type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: Harness;
let slack: SlackHarness['slack'];
let org: SlackHarness['org'];
let slackCommand: SlackHarness['slackCommand'];
let publishRequests: SlackHarness['publishRequests'];
const events = () => new EventBridgeClient({});

let world: SlackHarness;
beforeAll(async () => {
  world = await startSlackHarness();
  ({ h, slack, org, slackCommand, publishRequests } = world);
});
afterAll(() => world.stop());

/** The outcome event of a request, once the workflow it started has published it. */
function outcomeOf(requestId: string) {
  return h.sandbox.events.waitFor(
    (e) =>
      ['Account Vended', 'Account Vending Failed'].includes(e['detail-type']) &&
      e.detail.requestId === requestId,
    30_000,
  );
}

function putRequestedEvent(detail: Record<string, unknown>) {
  return events().send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: h.local.busName,
          Source: 'account-vending',
          DetailType: 'Account Requested',
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
}

describe('the Slack intake, end to end', () => {
  it.each([false, true])(
    'a signed /vend request (base64 body: %s) → record → stream → event → vend → Block Kit reply',
    async (base64) => {
      const email = `ml-slack-${base64 ? 'b' : 'p'}@example.com`;
      const text = `request name=ml-slack-${base64 ? 'b' : 'p'} email=<mailto:${email}|${email}> blueprint=ai-dev`;
      const responseUrl = `${slack.url}/commands/T0123456789/${base64 ? 1 : 2}/hook`;

      // The command is answered at once, with the request id
      const answer = await slackCommand(slackEvent(commandFields(text, responseUrl), { base64 }));
      expect(answer.statusCode).toBe(200);
      const reply = JSON.parse(answer.body as string);
      expect(reply.response_type).toBe('ephemeral');
      const requestId = JSON.stringify(reply).match(/slack-[0-9a-f]{16}/)?.[0] as string;
      expect((await h.record(requestId))?.status).toBe('REQUESTED');

      // DynamoDB's stream hands the inserted record to the publisher
      const published = await publishRequests({
        Records: [await streamRecordOf(h.local.tableName, requestId)],
      });
      expect(published).toEqual({ batchItemFailures: [] });

      // The rule starts the workflow; the requester hears back
      const outcome = await outcomeOf(requestId);
      await h.sandbox.events.idle();
      expect(outcome['detail-type']).toBe('Account Vended');
      const record = await h.record(requestId);
      expect(record).toMatchObject({
        status: 'SUCCEEDED',
        request: { email, requestedBy: { source: 'slack', id: 'U0LEAD' } },
      });
      expect(outcome.detail).toMatchObject({
        requestId,
        accountId: record?.accountId,
        ou: { path: '/AI/Development' },
      });
      const posts = slack.received.filter((r) => r.path === new URL(responseUrl).pathname);
      expect(posts).toHaveLength(1);
      expect(JSON.stringify(posts[0]?.body.blocks)).toContain(record?.accountId as string);
      expect(posts[0]?.body).toMatchObject({ replace_original: false });
      expect(record?.notifications?.slack).toMatchObject({ via: 'response_url', ok: true });
      expect(record?.slack?.responseUrlUses).toBe(1);
    },
  );
});

describe('the EventBridge intake, end to end', () => {
  it('an Account Requested event → one SUCCEEDED vend and an Account Vended event', async () => {
    const request = { ...newRequest(), requestedBy: { source: 'eventbridge', id: 'ml-portal' } };
    await putRequestedEvent(request);

    const outcome = await outcomeOf(request.requestId);
    await h.sandbox.events.idle();

    expect(outcome['detail-type']).toBe('Account Vended');
    expect(outcome.source).toBe('account-vending');
    expect((await h.record(request.requestId))?.status).toBe('SUCCEEDED');
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
  });

  it('a malformed event ends as a FAILED request with the reason, and an Account Vending Failed event', async () => {
    const request = { ...newRequest(), email: 'not-an-email' };
    await putRequestedEvent(request);

    const outcome = await outcomeOf(request.requestId);
    await h.sandbox.events.idle();

    expect(outcome['detail-type']).toBe('Account Vending Failed');
    expect(outcome.detail).toMatchObject({
      requestId: request.requestId,
      failedStep: 'Claim',
      error: 'InvalidRequestError',
    });
    expect(String(outcome.detail.message)).toContain('email');
    expect((await h.record(request.requestId))?.status).toBe('FAILED');
  });

  it('an event without a request id is keyed by the event id, never dropped', async () => {
    const { requestId: _none, ...request } = newRequest({ blueprint: 'no-such-blueprint' });
    const { Entries } = await putRequestedEvent(request);
    const eventId = Entries?.[0]?.EventId as string;

    const outcome = await outcomeOf(eventId);
    await h.sandbox.events.idle();

    expect(outcome.detail).toMatchObject({ failedStep: 'Claim', error: 'InvalidRequestError' });
    expect((await h.record(eventId))?.failure?.message).toContain('Unknown blueprint');
  });
});

describe('the DynamoDB intake, end to end', () => {
  it('a REQUESTED record (fields at the top level) → one SUCCEEDED vend; the workflow’s own writes start nothing', async () => {
    const request = newRequest();
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await doc.send(
      new PutCommand({
        TableName: h.local.tableName,
        Item: { ...request, status: 'REQUESTED', requestedBy: { source: 'dynamodb', id: 'data-platform' } },
        ConditionExpression: 'attribute_not_exists(requestId)',
      }),
    );
    expect(
      await publishRequests({ Records: [await streamRecordOf(h.local.tableName, request.requestId)] }),
    ).toEqual({
      batchItemFailures: [],
    });
    const outcome = await outcomeOf(request.requestId);
    await h.sandbox.events.idle();
    expect(outcome['detail-type']).toBe('Account Vended');

    // The workflow's later writes arrive as MODIFY records, and first writes of other intakes as
    // INSERTs with status IN_PROGRESS: neither publishes anything.
    const before = h.sandbox.events.published.length;
    const modified = await streamRecordOf(h.local.tableName, request.requestId, 'MODIFY');
    const other = newRequest();
    await h.vend(other);
    const inProgressInsert = await streamRecordOf(h.local.tableName, other.requestId, 'INSERT');
    expect(await publishRequests({ Records: [modified, inProgressInsert] })).toEqual({
      batchItemFailures: [],
    });
    expect(
      h.sandbox.events.published
        .slice(before)
        .filter((e) => e.envelope['detail-type'] === 'Account Requested'),
    ).toEqual([]);
  });

  it('entries EventBridge did not take are reported for redelivery, and redelivery vends once', async () => {
    const requests = [newRequest(), newRequest(), newRequest()];
    const raw = new DynamoDBClient({});
    for (const request of requests) {
      await raw.send(
        new PutItemCommand({
          TableName: h.local.tableName,
          Item: {
            requestId: { S: request.requestId },
            status: { S: 'REQUESTED' },
            accountName: { S: request.accountName },
            email: { S: request.email },
            blueprint: { S: request.blueprint },
          },
        }),
      );
    }
    const records = await Promise.all(requests.map((r) => streamRecordOf(h.local.tableName, r.requestId)));
    h.sandbox.faults.failEntries({ times: 1, errorCode: 'InternalFailure' });

    const first = await publishRequests({ Records: records });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber }]);
    // Lambda redelivers from the failed record on: the other two arrive a second time.
    expect(await publishRequests({ Records: records })).toEqual({ batchItemFailures: [] });

    for (const request of requests)
      expect((await outcomeOf(request.requestId))['detail-type']).toBe('Account Vended');
    await h.sandbox.events.idle();
    for (const request of requests) expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
  });
});

describe('one request, many deliveries', () => {
  it('the same request through the table and twice through EventBridge, at once → one account, one owner', async () => {
    const request = newRequest();
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await doc.send(
      new PutCommand({
        TableName: h.local.tableName,
        Item: { requestId: request.requestId, status: 'REQUESTED', request },
        ConditionExpression: 'attribute_not_exists(requestId)',
      }),
    );
    const runsBefore = h.routedRuns.length;
    await Promise.all([
      publishRequests({ Records: [await streamRecordOf(h.local.tableName, request.requestId)] }),
      putRequestedEvent(request),
      putRequestedEvent(request),
    ]);
    await outcomeOf(request.requestId);
    await h.sandbox.events.idle();

    const runs = h.routedRuns
      .slice(runsBefore)
      .filter((run) => JSON.stringify(run.events[0]).includes(request.requestId));
    expect(runs).toHaveLength(3);
    const worked = runs.filter((run) =>
      run.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Complete'),
    );
    expect(worked).toHaveLength(1);
    expect((await h.record(request.requestId))?.owner).toBe(worked[0]?.executionArn);
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    const vended = h.sandbox.events.published.filter(
      (e) =>
        e.envelope['detail-type'] === 'Account Vended' && e.envelope.detail.requestId === request.requestId,
    );
    expect(vended).toHaveLength(1);
  });
});

describe('telling the requester on Slack', () => {
  /** A REQUESTED record as the Slack command writes it, then the rest of the path to the outcome. */
  async function vendFromSlack(slackContext: Record<string, unknown>) {
    const request = { ...newRequest(), requestedBy: { source: 'slack', id: 'U0LEAD' } };
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await doc.send(
      new PutCommand({
        TableName: h.local.tableName,
        Item: {
          requestId: request.requestId,
          status: 'REQUESTED',
          request,
          slack: {
            teamId: 'T0123456789',
            channelId: 'C0PLATFORM',
            userId: 'U0LEAD',
            responseUrlUses: 0,
            ...slackContext,
          },
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
          steps: {},
        },
      }),
    );
    await publishRequests({ Records: [await streamRecordOf(h.local.tableName, request.requestId)] });
    const outcome = await outcomeOf(request.requestId);
    await h.sandbox.events.idle();
    return { outcome, record: await h.record(request.requestId) };
  }

  it('after 30 minutes the response_url is spent: the result goes through chat.postMessage with the bot token', async () => {
    process.env.SLACK_BOT_TOKEN = 'xoxb-test-token';
    process.env.SLACK_API_URL = `${slack.url}/api`;
    try {
      const { record } = await vendFromSlack({
        responseUrl: `${slack.url}/commands/expired`,
        requestedAt: new Date(Date.now() - 31 * 60_000).toISOString(),
      });
      expect(record?.status).toBe('SUCCEEDED');
      expect(slack.received.some((r) => r.path === '/commands/expired')).toBe(false);
      const post = slack.received.find(
        (r) =>
          r.path === '/api/chat.postMessage' && JSON.stringify(r.body).includes(record?.accountId as string),
      );
      expect(post?.headers.authorization).toBe('Bearer xoxb-test-token');
      expect(post?.body).toMatchObject({ channel: 'C0PLATFORM' });
      expect(record?.notifications?.slack).toMatchObject({ via: 'chat.postMessage', ok: true });
    } finally {
      delete process.env.SLACK_BOT_TOKEN;
      delete process.env.SLACK_API_URL;
    }
  });

  it('Slack unreachable never fails a vend; the record says what happened', async () => {
    const { outcome, record } = await vendFromSlack({
      responseUrl: 'http://127.0.0.1:9/commands/unreachable',
      requestedAt: new Date().toISOString(),
    });
    expect(outcome['detail-type']).toBe('Account Vended');
    expect(record?.status).toBe('SUCCEEDED');
    expect(record?.notifications?.slack?.ok).toBe(false);
    expect(record?.notifications?.slack?.error).toBeTruthy();
  });
});
