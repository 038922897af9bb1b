import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorMessage } from '#lib/slack/messages.ts';
import { type NotifyTarget, notifySlack, responseUrlProblem } from '#lib/slack/notify.ts';

interface Seen {
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
}
type Handler = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => void;

// A local stand-in for both Slack endpoints: /response is the response_url, /api the Web API.
let server: Server;
let base: string;
let seen: Seen[];
let handlers: Record<string, Handler>;

const ok: Handler = (_req, res) => res.end('ok');
const apiOk: Handler = (_req, res) => res.end(JSON.stringify({ ok: true, ts: '1.2' }));

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const path = req.url ?? '';
      seen.push({
        path,
        body,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      (handlers[path] ?? ((_q, r) => r.writeHead(404).end('no route')))(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  handlers = { '/response': ok, '/api/chat.postMessage': apiOk };
});

const now = new Date('2024-05-01T10:10:00.000Z');
const target = (change: Partial<NotifyTarget> = {}): NotifyTarget => ({
  responseUrl: `${base}/response`,
  channelId: 'C0456',
  userId: 'U0789',
  requestedAt: '2024-05-01T10:00:00.000Z',
  responseUrlUses: 0,
  ...change,
});
const msg = errorMessage('done');
const options = () => ({ now, botToken: 'xoxb-test', slackApiUrl: `${base}/api`, timeoutMs: 500 });

describe('notifySlack', () => {
  it('posts to the response_url while allowed, and counts the use', async () => {
    const result = await notifySlack(target({ responseUrlUses: 2 }), msg, options());
    expect(result).toEqual({ via: 'response_url', ok: true, responseUrlUses: 3 });
    expect(seen).toEqual([{ path: '/response', body: { ...msg, replace_original: false } }]);
  });

  it.each([
    ['used 5 times', { responseUrlUses: 5 }, 5],
    ['30 minutes old', { requestedAt: '2024-05-01T09:40:00.000Z' }, 0],
    ['absent', { responseUrl: undefined }, 0],
  ])('uses chat.postMessage with the bot token when the response_url is %s', async (_why, change, uses) => {
    const result = await notifySlack(target(change), msg, options());
    expect(result).toEqual({ via: 'chat.postMessage', ok: true, responseUrlUses: uses });
    expect(seen).toHaveLength(1);
    const [post] = seen;
    expect(post?.path).toBe('/api/chat.postMessage');
    expect(post?.authorization).toBe('Bearer xoxb-test');
    expect(post?.body).toMatchObject({ channel: 'C0456', text: msg.text, blocks: msg.blocks });
    expect(post?.body).not.toHaveProperty('response_type');
  });

  it('falls back to chat.postMessage when the response_url fails', async () => {
    handlers['/response'] = (_req, res) => res.writeHead(404).end('expired_url');
    const result = await notifySlack(target(), msg, options());
    expect(result).toEqual({ via: 'chat.postMessage', ok: true, responseUrlUses: 1 });
    expect(seen.map((s) => s.path)).toEqual(['/response', '/api/chat.postMessage']);
  });

  it('sends a DM when the bot cannot post in the channel', async () => {
    handlers['/api/chat.postMessage'] = (_req, res, body) =>
      res.end(
        JSON.stringify(body.channel === 'C0456' ? { ok: false, error: 'not_in_channel' } : { ok: true }),
      );
    const result = await notifySlack(target({ responseUrlUses: 5 }), msg, options());
    expect(result).toMatchObject({ via: 'chat.postMessage', ok: true });
    expect(seen.map((s) => s.body.channel)).toEqual(['C0456', 'U0789']);
  });

  it("treats Slack's HTTP 200 { ok: false } as a failure", async () => {
    handlers['/api/chat.postMessage'] = (_req, res) =>
      res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
    const result = await notifySlack(target({ responseUrlUses: 5 }), msg, options());
    expect(result).toEqual({
      via: 'chat.postMessage',
      ok: false,
      error:
        'response_url not used: already used 5 times (Slack allows 5); chat.postMessage to C0456: invalid_auth',
      responseUrlUses: 5,
    });
    expect(seen).toHaveLength(1); // invalid_auth is not a channel problem: no DM attempt
  });

  it('reports a rate limit with its Retry-After', async () => {
    handlers['/api/chat.postMessage'] = (_req, res) => res.writeHead(429, { 'retry-after': '30' }).end();
    const result = await notifySlack(target({ responseUrlUses: 5 }), msg, options());
    expect(result.error).toContain('chat.postMessage to C0456: HTTP 429 (retry after 30 s)');
  });

  it('gives up with via none and the reason when there is no bot token', async () => {
    const { botToken: _token, ...noToken } = options();
    const result = await notifySlack(target({ responseUrlUses: 5 }), msg, noToken);
    expect(result).toEqual({
      via: 'none',
      ok: false,
      error:
        'response_url not used: already used 5 times (Slack allows 5); no bot token for chat.postMessage',
      responseUrlUses: 5,
    });
    expect(seen).toHaveLength(0);
  });

  it('reports a failed response_url when there is no bot token to fall back on', async () => {
    handlers['/response'] = (_req, res) => res.writeHead(500).end('rollup_error');
    const { botToken: _token, ...noToken } = options();
    const result = await notifySlack(target(), msg, noToken);
    expect(result).toEqual({
      via: 'response_url',
      ok: false,
      error: 'response_url: HTTP 500 rollup_error; no bot token for chat.postMessage',
      responseUrlUses: 1,
    });
  });

  it('never throws when the server is down', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise((resolve) => down.close(resolve));
    const result = await notifySlack(target({ responseUrl: `http://127.0.0.1:${port}/response` }), msg, {
      ...options(),
      slackApiUrl: `http://127.0.0.1:${port}/api`,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /response_url: network error: ECONNREFUSED; chat.postMessage to C0456: network/,
    );
  });

  it('times out a Slack that does not answer', async () => {
    handlers['/response'] = () => {}; // never answers
    handlers['/api/chat.postMessage'] = () => {};
    const started = Date.now();
    const result = await notifySlack(target(), msg, { ...options(), timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ via: 'chat.postMessage', ok: false, responseUrlUses: 1 });
    expect(result.error).toBe(
      'response_url: timed out after 100 ms; chat.postMessage to C0456: timed out after 100 ms',
    );
  });

  it('uses the global fetch by default and an injected one when given', async () => {
    const calls: string[] = [];
    const fake: typeof fetch = async (url) => {
      calls.push(String(url));
      return new Response('ok');
    };
    expect(await notifySlack(target(), msg, { ...options(), fetch: fake })).toMatchObject({ ok: true });
    expect(calls).toEqual([`${base}/response`]);
  });
});

describe('responseUrlProblem', () => {
  it.each([
    [{}, undefined],
    [{ requestedAt: '2024-05-01T09:40:00.001Z' }, undefined],
    [{ requestedAt: '2024-05-01T09:40:00.000Z' }, '30 minutes after the command (Slack allows 30)'],
    [{ requestedAt: 'yesterday' }, 'requestedAt "yesterday" is not a date'],
    [{ responseUrlUses: 4 }, undefined],
    [{ responseUrlUses: 5 }, 'already used 5 times (Slack allows 5)'],
    [{ responseUrl: 'http://evil.example.com/x' }, 'it is not an https URL'],
    [{ responseUrl: '' }, 'there is none'],
  ])('%j → %s', (change, problem) => {
    expect(responseUrlProblem(target(change), now)).toBe(problem);
  });
});
