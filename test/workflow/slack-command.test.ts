import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFields, SIGNING_SECRET, slackEvent } from '../support/slack.ts';
import { type Harness, newRequest, startHarness } from './harness.ts';

let h: Harness;
let handler: typeof import('../../functions/slack-command.ts').handler;
const responseUrl = 'https://hooks.slack.com/commands/T0123456789/1/abc';

beforeAll(async () => {
  process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
  h = await startHarness();
  ({ handler } = await import('../../functions/slack-command.ts'));
});
afterAll(() => h.stop());

async function itemCount(): Promise<number> {
  const { Count } = await new DynamoDBClient({}).send(
    new ScanCommand({ TableName: h.local.tableName, Select: 'COUNT' }),
  );
  return Count ?? 0;
}

/** Runs the command and returns the reply, checking the table was not written. */
async function answerWithoutWriting(event: Parameters<typeof handler>[0]) {
  const before = await itemCount();
  const result = await handler(event);
  expect(await itemCount()).toBe(before);
  return {
    status: result.statusCode,
    body: result.body ? JSON.parse(result.body) : undefined,
    raw: result.body ?? '',
  };
}

const request = 'request name=ml-a email=ml-a@example.com blueprint=ai-dev';

describe('requests that are not from Slack are refused with 401 and write nothing', () => {
  it.each([
    ['a forged signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['a signature made with another secret', { secret: 'someone-elses-secret' }],
    ['no signature header', { signature: null }],
    ['a timestamp older than 5 minutes', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
    ['a timestamp from the future', { timestamp: Math.floor(Date.now() / 1000) + 400 }],
  ])('%s', async (_case, options) => {
    const { status, body } = await answerWithoutWriting(
      slackEvent(commandFields(request, responseUrl), options),
    );
    expect(status).toBe(401);
    expect(body.error).toMatch(/signature|timestamp|stale|future/i);
  });

  it('a missing timestamp header', async () => {
    const event = slackEvent(commandFields(request, responseUrl));
    delete event.headers['x-slack-request-timestamp'];
    expect((await answerWithoutWriting(event)).status).toBe(401);
  });

  it('a body changed after signing', async () => {
    const event = slackEvent(commandFields(request, responseUrl));
    event.body = (event.body as string).replace('ai-dev', 'ai-prod');
    expect((await answerWithoutWriting(event)).status).toBe(401);
  });
});

describe('signed requests that cannot be served get a clear ephemeral answer and write nothing', () => {
  it.each([
    ['a workspace not allowed', commandFields(request, responseUrl, { team_id: 'T0OTHER' }), 'not allowed'],
    [
      'an unknown blueprint',
      commandFields('request name=a email=a@example.com blueprint=ai-moon', responseUrl),
      'Unknown blueprint',
    ],
    [
      'an email outside the allowed domains',
      commandFields('request name=a email=a@gmail.com blueprint=ai-dev', responseUrl),
      'outside the allowed domains',
    ],
    ['a malformed command', commandFields('request name=a blueprint=ai-dev', responseUrl), 'email'],
    ['an unknown verb', commandFields('destroy everything', responseUrl), 'help'],
    [
      'an account name AWS would refuse',
      commandFields(`request name=${'x'.repeat(51)} email=a@example.com blueprint=ai-dev`, responseUrl),
      '50',
    ],
  ])('%s', async (_case, fields, message) => {
    const { status, body, raw } = await answerWithoutWriting(slackEvent(fields));
    expect(status).toBe(200);
    expect(body.response_type).toBe('ephemeral');
    expect(raw).toContain(message);
  });
});

describe('the user allow-list', () => {
  it('a user not on a non-empty allowedUserIds list is refused, and one on it is served', async () => {
    const { cpSync, mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { clearConfigCache } = await import('#lib/config/index.ts');
    const dir = mkdtempSync(join(tmpdir(), 'avm-slack-users-'));
    cpSync('config', dir, { recursive: true });
    const file = join(dir, 'blueprints.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('allowedUserIds: []', 'allowedUserIds: [U0LEAD]'));
    process.env.AVM_CONFIG_FILE = file;
    clearConfigCache();
    try {
      const refused = await answerWithoutWriting(
        slackEvent(commandFields(request, responseUrl, { user_id: 'U0INTERN' })),
      );
      expect(refused.status).toBe(200);
      expect(refused.raw).toContain('not on the list');
      const served = await handler(slackEvent(commandFields('blueprints', responseUrl)));
      expect(served.body).toContain('ai-dev');
    } finally {
      delete process.env.AVM_CONFIG_FILE;
      clearConfigCache();
    }
  });
});

describe('the other commands', () => {
  it('help, and an empty command, explain the grammar', async () => {
    for (const text of ['help', '']) {
      const { body } = await answerWithoutWriting(slackEvent(commandFields(text, responseUrl)));
      expect(JSON.stringify(body)).toContain('request name=');
    }
  });

  it('blueprints lists them with their descriptions', async () => {
    const { raw } = await answerWithoutWriting(slackEvent(commandFields('blueprints', responseUrl)));
    for (const name of ['ai-dev', 'ai-staging', 'ai-prod', 'Model development sandbox'])
      expect(raw).toContain(name);
  });

  it('status reads the record; an unknown id says so', async () => {
    const vended = newRequest();
    await h.vend(vended);
    const record = await h.record(vended.requestId);
    const { raw } = await answerWithoutWriting(
      slackEvent(commandFields(`status ${vended.requestId}`, responseUrl)),
    );
    expect(raw).toContain(record?.accountId as string);
    expect(raw).toContain('SUCCEEDED');
    const unknown = await answerWithoutWriting(slackEvent(commandFields('status nope-123', responseUrl)));
    expect(unknown.raw).toContain('No request with id nope-123');
  });

  it("Slack's ssl_check probe gets a plain 200", async () => {
    const { status } = await answerWithoutWriting(slackEvent({ ssl_check: '1', token: 'x' }));
    expect(status).toBe(200);
  });

  it('a valid request is written as REQUESTED with where to answer, and acknowledged', async () => {
    const before = await itemCount();
    const result = await handler(
      slackEvent(commandFields('request ml-pos ml-pos@example.com ai-staging', responseUrl)),
    );
    expect(result.statusCode).toBe(200);
    expect(await itemCount()).toBe(before + 1);
    const requestId = (result.body as string).match(/slack-[0-9a-f]{16}/)?.[0] as string;
    expect(await h.record(requestId)).toMatchObject({
      status: 'REQUESTED',
      request: {
        accountName: 'ml-pos',
        blueprint: 'ai-staging',
        requestedBy: { source: 'slack', id: 'U0LEAD' },
      },
      slack: {
        teamId: 'T0123456789',
        channelId: 'C0PLATFORM',
        userId: 'U0LEAD',
        responseUrl,
        responseUrlUses: 0,
      },
    });
  });
});

describe('secrets stay out of the logs', () => {
  it('neither the signing secret nor the signature is logged', async () => {
    const lines: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    // Log everything while the handler runs, as a debugging operator might.
    const { logger } = await import('#lib/handler.ts');
    const level = logger.getLevelName();
    logger.setLogLevel('DEBUG');
    try {
      const event = slackEvent(commandFields(request, responseUrl));
      await handler(event);
      await handler(slackEvent(commandFields(request, responseUrl), { signature: `v0=${'1'.repeat(64)}` }));
      const signature = event.headers['X-Slack-Signature'] as string;
      const logged = lines.join('');
      expect(logged).toContain('Slack command answered');
      expect(logged).not.toContain(SIGNING_SECRET);
      expect(logged).not.toContain(signature.slice(3));
    } finally {
      process.stdout.write = original;
      logger.setLogLevel(level);
    }
  });
});
