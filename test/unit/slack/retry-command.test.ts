import { describe, expect, it } from 'vitest';
import { loadConfig } from '#lib/config/index.ts';
import { handleSlackCommand } from '#lib/intake/slack-command.ts';
import type { RequestRepository } from '#lib/record/repository.ts';
import type { RequestRecord } from '#lib/record/types.ts';
import { commandFields, SIGNING_SECRET, slackEvent } from '../../support/slack.ts';

// `/vend retry <requestId>`: who may retry what, decided from the record before anything is published.
const responseUrl = 'https://hooks.slack.com/commands/T0123456789/1/abc';
const at = '2024-05-01T10:00:00.000Z';

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    requestId: 'slack-00000000000000aa',
    status: 'FAILED',
    request: {
      accountName: 'ml-a',
      email: 'ml-a@example.com',
      blueprint: 'ai-dev',
      requestedBy: { source: 'slack', id: 'U0LEAD' },
    },
    createdAt: at,
    updatedAt: at,
    attempts: 1,
    steps: {},
    accountId: '222233334444',
    failure: { step: 'ApplyScps', error: 'AwsPermissionError', message: 'denied', at },
    ...overrides,
  };
}

/** Runs one signed command against a table holding `stored`; what was read, published and answered. */
async function run(text: string, stored: RequestRecord[], options: Parameters<typeof slackEvent>[1] = {}) {
  const reads: string[] = [];
  const retries: string[] = [];
  const repo = {
    get: async (requestId: string) => {
      reads.push(requestId);
      return stored.find((r) => r.requestId === requestId);
    },
    insertRequested: async () => {
      throw new Error('a retry writes nothing');
    },
  } as unknown as RequestRepository;
  const user = (options.headers?.['x-test-user'] as string | undefined) ?? 'U0LEAD';
  const result = await handleSlackCommand(
    slackEvent(commandFields(text, responseUrl, { user_id: user }), options),
    {
      signingSecret: async () => SIGNING_SECRET,
      repo,
      requestRetry: async (requestId) => {
        retries.push(requestId);
        return 'event-1';
      },
      config: loadConfig(),
    },
  );
  const body = result.body ? JSON.parse(result.body) : undefined;
  return { status: result.statusCode, body, raw: result.body ?? '', reads, retries };
}

const as = (user: string) => ({ headers: { 'x-test-user': user } });

describe('/vend retry: a FAILED request of the requester', () => {
  it('publishes one retry and answers ephemerally with what failed and how to follow it', async () => {
    const answer = await run('retry slack-00000000000000aa', [record()]);
    expect(answer.status).toBe(200);
    expect(answer.retries).toEqual(['slack-00000000000000aa']);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toBe('Retry of request slack-00000000000000aa requested');
    expect(answer.raw).toContain('ApplyScps');
    expect(answer.raw).toContain('/vend status slack-00000000000000aa');
  });

  it('works for a record whose request fields are at the top level', async () => {
    const { request, ...rest } = record();
    const flat = { ...rest, ...request } as unknown as RequestRecord;
    expect((await run('retry slack-00000000000000aa', [flat])).retries).toEqual(['slack-00000000000000aa']);
  });

  it('a retry that cannot be published is not acknowledged as requested', async () => {
    const repo = { get: async () => record() } as unknown as RequestRepository;
    const answer = handleSlackCommand(
      slackEvent(commandFields('retry slack-00000000000000aa', responseUrl)),
      {
        signingSecret: async () => SIGNING_SECRET,
        repo,
        requestRetry: async () => {
          throw new Error('EventBridge is down');
        },
        config: loadConfig(),
      },
    );
    await expect(answer).rejects.toThrow('EventBridge is down');
  });
});

describe('/vend retry: refused, nothing published', () => {
  it.each([
    [
      'another Slack user',
      [record()],
      as('U0INTERN'),
      'Only the person who made request slack-00000000000000aa',
    ],
    [
      'a request made outside Slack by an id equal to the user id',
      [
        record({
          request: { accountName: 'a', blueprint: 'ai-dev', requestedBy: { source: 'cli', id: 'U0LEAD' } },
        }),
      ],
      {},
      'Only the person who made request',
    ],
    [
      'a request without requestedBy',
      [record({ request: { accountName: 'a', blueprint: 'ai-dev' } })],
      {},
      'Only the person who made request',
    ],
    ['an unknown id', [], {}, 'No request with id slack-00000000000000aa.'],
    [
      'a SUCCEEDED request: done, with its account id',
      [record({ status: 'SUCCEEDED', failure: undefined })],
      {},
      'Request slack-00000000000000aa is done: account 222233334444 is ready, so there is nothing to retry.',
    ],
    [
      'an IN_PROGRESS request: still running, and what an operator can do if it is stuck',
      [record({ status: 'IN_PROGRESS', failure: undefined })],
      {},
      'is still running, so there is nothing to retry. If it has not moved for more than 2 h 15 min (its run has certainly ended then), ask the platform team to take it over with `avm retry slack-00000000000000aa --force`.',
    ],
    [
      'a REQUESTED request',
      [record({ status: 'REQUESTED', failure: undefined, accountId: undefined })],
      {},
      'has not started yet (REQUESTED), so there is nothing to retry',
    ],
  ])('%s', async (_case, stored, options, message) => {
    const answer = await run('retry slack-00000000000000aa', stored, options);
    expect(answer.status).toBe(200);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.raw).toContain(message);
    expect(answer.reads).toEqual(['slack-00000000000000aa']);
    expect(answer.retries).toEqual([]);
  });

  it('a running request is shown with its status', async () => {
    const answer = await run('retry slack-00000000000000aa', [
      record({ status: 'IN_PROGRESS', failure: undefined, steps: { Claim: { completedAt: at } } }),
    ]);
    expect(answer.raw).toContain('in progress');
    expect(answer.raw).toContain('Steps done: Claim');
  });

  it.each([
    ['retry', 'retry needs the request id'],
    ['retry slack-00000000000000aa now', 'retry takes one request id, not \\"now\\"'],
    ['retry slack-0000*', 'is not a request id'],
    ['retry slack-00000000000000aa --force', 'there is no forced retry from Slack'],
  ])('bad input %j: a usage error, the table is not read', async (text, message) => {
    const answer = await run(text, [record()]);
    expect(answer.status).toBe(200);
    expect(answer.raw).toContain(message);
    expect(answer.raw).toContain('Try `/vend help`');
    expect(answer.reads).toEqual([]);
    expect(answer.retries).toEqual([]);
  });

  it.each([
    ['a forged signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['another secret', { secret: 'someone-elses-secret' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
  ])('%s: 401 before the table is read', async (_case, options) => {
    const answer = await run('retry slack-00000000000000aa', [record()], options);
    expect(answer.status).toBe(401);
    expect(answer.reads).toEqual([]);
    expect(answer.retries).toEqual([]);
  });
});
