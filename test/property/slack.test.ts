/**
 * Hostile input to the Slack edge (issue 6): the signature check, the form body, the command
 * grammar and the handler that puts them together.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#lib/config/index.ts';
import { handleSlackCommand } from '#lib/intake/slack-command.ts';
import type { RequestRepository } from '#lib/record/repository.ts';
import { parseRequest } from '#lib/request/parse.ts';
import { parseCommandText } from '#lib/slack/command.ts';
import { parseSlashCommand, rawBody } from '#lib/slack/http.ts';
import { SLACK_MAX_CLOCK_SKEW_SECONDS, slackHmac, verifySlackSignature } from '#lib/slack/signature.ts';
import { hostileString } from './arbitraries.ts';

const NOW = 1_800_000_000;
const NOW_ISO = new Date(NOW * 1000).toISOString();
const secret = fc.string({ minLength: 1, maxLength: 64 });
const body = fc.oneof(hostileString, fc.uint8Array({ maxLength: 200 }));
const fresh = fc.integer({ min: -SLACK_MAX_CLOCK_SKEW_SECONDS, max: SLACK_MAX_CLOCK_SKEW_SECONDS });

describe('verifySlackSignature', () => {
  it('random headers, bodies and secrets: never throws, and passes only with the exact HMAC', () => {
    fc.assert(
      fc.property(
        body,
        fc.string({ maxLength: 64 }),
        fc.option(fc.oneof(hostileString, fc.integer({ min: NOW - 1000, max: NOW + 1000 }).map(String)), {
          nil: undefined,
        }),
        fc.option(
          fc.oneof(
            hostileString,
            fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `v0=${h}`),
          ),
          {
            nil: undefined,
          },
        ),
        fc.oneof(fc.constant(NOW), fc.double({ noNaN: false })),
        (raw, signingSecret, timestamp, signature, nowSeconds) => {
          const check = verifySlackSignature({
            rawBody: raw,
            timestamp,
            signature,
            signingSecret,
            nowSeconds,
          });
          if (check.ok) {
            expect(signingSecret).not.toBe('');
            expect(signature).toBe(`v0=${slackHmac(signingSecret, timestamp as string, raw)}`);
          } else {
            expect(check.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a forged signature (any other string, or another secret) is rejected, every time', () => {
    fc.assert(
      fc.property(
        body,
        secret,
        fresh,
        fc.oneof(
          hostileString.map((forged) => ({ forged })),
          secret.map((otherSecret) => ({ otherSecret })),
          fc.nat({ max: 63 }).map((flip) => ({ flip })),
        ),
        (raw, signingSecret, skew, forgery) => {
          const timestamp = String(NOW + skew);
          const genuine = `v0=${slackHmac(signingSecret, timestamp, raw)}`;
          let signature: string;
          if ('forged' in forgery) signature = forgery.forged;
          else if ('otherSecret' in forgery)
            signature = `v0=${slackHmac(forgery.otherSecret, timestamp, raw)}`;
          else {
            const i = 3 + forgery.flip;
            const c = genuine.charAt(i) === '0' ? '1' : '0';
            signature = genuine.slice(0, i) + c + genuine.slice(i + 1);
          }
          fc.pre(signature !== genuine);
          expect(
            verifySlackSignature({ rawBody: raw, timestamp, signature, signingSecret, nowSeconds: NOW }).ok,
          ).toBe(false);
          // The genuine one passes, the same clock and body.
          expect(
            verifySlackSignature({
              rawBody: raw,
              timestamp,
              signature: genuine,
              signingSecret,
              nowSeconds: NOW,
            }),
          ).toEqual({ ok: true });
        },
      ),
      { numRuns: 800 },
    );
  });

  it('a replayed (stale) or future request is rejected even with the right HMAC', () => {
    fc.assert(
      fc.property(
        body,
        secret,
        fc.oneof(
          fc.integer({ min: SLACK_MAX_CLOCK_SKEW_SECONDS + 1, max: 10 ** 9 }),
          fc.integer({ min: -(10 ** 9), max: -(SLACK_MAX_CLOCK_SKEW_SECONDS + 1) }),
        ),
        (raw, signingSecret, age) => {
          const timestamp = String(NOW - age);
          const signature = `v0=${slackHmac(signingSecret, timestamp, raw)}`;
          const check = verifySlackSignature({
            rawBody: raw,
            timestamp,
            signature,
            signingSecret,
            nowSeconds: NOW,
          });
          expect(check.ok).toBe(false);
          if (!check.ok) expect(check.reason).toMatch(/stale|future/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('rawBody and parseSlashCommand', () => {
  it('any body, base64 or not: never throws; a command has every required field', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileString,
          fc
            .dictionary(
              fc.oneof(
                fc.constantFrom(
                  'team_id',
                  'channel_id',
                  'user_id',
                  'command',
                  'response_url',
                  'text',
                  'ssl_check',
                ),
                fc.string(),
              ),
              hostileString,
            )
            .map((fields) => new URLSearchParams(fields).toString()),
        ),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.boolean(),
        (text, isBase64Encoded, encode) => {
          const bodyText = encode ? Buffer.from(text).toString('base64') : text;
          const raw = rawBody({ body: bodyText, isBase64Encoded: isBase64Encoded ?? false });
          expect(typeof raw).toBe('string');
          if (!isBase64Encoded) expect(raw).toBe(bodyText);
          const slash = parseSlashCommand(raw);
          if (slash.kind === 'invalid')
            expect(slash.message).toMatch(/^not a slash-command payload: missing \w/);
          if (slash.kind === 'command') {
            for (const field of ['team_id', 'channel_id', 'user_id', 'command', 'response_url'] as const)
              expect(slash[field].length).toBeGreaterThan(0);
            expect(typeof slash.text).toBe('string');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

const commandText = fc.oneof(
  hostileString,
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'request',
          'REQUEST',
          'status',
          'retry',
          'Retry',
          '--force',
          'blueprints',
          'help',
          'name=',
          'email=',
          'blueprint=',
          'tag=',
          'tag=A=b',
        ),
        fc.constantFrom(
          '"',
          '“',
          '”',
          '<',
          '>',
          '|',
          '=',
          '&amp;',
          '&lt;',
          '<mailto:a@example.com|a@example.com>',
          '<https://x.io|x>',
          '<@U123>',
          '\u0000',
          '\u200b',
          '\n',
        ),
        fc.stringMatching(/^[a-z0-9@.=_-]{1,12}$/),
        hostileString,
      ),
      { maxLength: 10 },
    )
    .chain((parts) => fc.constantFrom(' ', '', '\t', '\u00a0').map((sep) => parts.join(sep))),
);

describe('parseCommandText', () => {
  it('any text, markup, quotes or control characters: one of the command kinds, invalid ones saying why', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const command = parseCommandText(text);
        expect(['request', 'status', 'retry', 'blueprints', 'help', 'invalid']).toContain(command.kind);
        switch (command.kind) {
          case 'invalid':
            expect(command.message.trim().length).toBeGreaterThan(10);
            break;
          case 'status':
            expect(command.requestId.length).toBeGreaterThan(0);
            break;
          case 'retry':
            // Only a well-formed id reaches the table and the bus.
            expect(command.requestId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
            break;
          case 'request':
            for (const value of [command.accountName, command.email, command.blueprint])
              expect(value.length).toBeGreaterThan(0);
            break;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

const SECRET = 'property-signing-secret';

function event(bodyText: string, headers: Record<string, string>, base64: boolean): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /slack/command',
    rawPath: '/slack/command',
    rawQueryString: '',
    headers,
    body: base64 ? Buffer.from(bodyText).toString('base64') : bodyText,
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
}

function signedHeaders(bodyText: string, timestamp: number): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${slackHmac(SECRET, String(timestamp), bodyText)}`,
  };
}

describe('handleSlackCommand', () => {
  const config = loadConfig();
  const team = config.config.slack?.allowedTeamIds?.[0] ?? 'T0123456789';

  function fakeRepo() {
    const writes: unknown[] = [];
    const retries: string[] = [];
    // Every id is a FAILED request of U0LEAD's, so a signed retry from them would publish.
    const repo = {
      get: async (requestId: string) => ({
        requestId,
        status: 'FAILED',
        request: { accountName: 'ml-a', blueprint: 'ai-dev', requestedBy: { source: 'slack', id: 'U0LEAD' } },
        failure: { step: 'ApplyScps', error: 'AwsPermissionError', message: 'denied', at: NOW_ISO },
        createdAt: NOW_ISO,
        updatedAt: NOW_ISO,
      }),
      insertRequested: async (request: unknown) => {
        writes.push(request);
        return request;
      },
    } as unknown as RequestRepository;
    const requestRetry = async (requestId: string) => {
      retries.push(requestId);
      return 'event-id';
    };
    return { writes, retries, repo, requestRetry };
  }

  const fields = fc.record(
    {
      team_id: fc.oneof({ arbitrary: fc.constant(team), weight: 4 }, hostileString),
      channel_id: fc.oneof(fc.constant('C0PLATFORM'), hostileString),
      user_id: fc.oneof(fc.constant('U0LEAD'), hostileString),
      command: fc.constant('/vend'),
      response_url: fc.constant('https://hooks.slack.com/commands/T0123456789/1/abc'),
      text: fc.oneof(
        commandText,
        fc.stringMatching(/^retry [A-Za-z0-9_-]{1,64}$/),
        fc
          .tuple(
            fc.stringMatching(/^[ -~]{1,55}$/),
            fc.oneof(fc.constant('ml@example.com'), hostileString),
            fc.constantFrom('ai-dev', 'ai-prod', 'nope'),
          )
          .map(([name, email, blueprint]) => `request name="${name}" email=${email} blueprint=${blueprint}`),
      ),
      ssl_check: fc.constant('1'),
    },
    { requiredKeys: ['team_id', 'command', 'text'] },
  );
  const bodyText = fc.oneof(
    { arbitrary: fields.map((f) => new URLSearchParams(f).toString()), weight: 4 },
    hostileString,
  );

  it('unsigned, wrongly signed or stale: 401, no write and no retry', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodyText,
        fc.oneof(
          fc.dictionary(
            fc.oneof(fc.constantFrom('x-slack-signature', 'X-Slack-Request-Timestamp'), fc.string()),
            hostileString,
          ),
          fc.tuple(fc.string(), fc.integer({ min: -1000, max: 1000 })).map(([otherSecret, skew]) => ({
            'x-slack-request-timestamp': String(NOW + skew),
            'x-slack-signature': `v0=${slackHmac(otherSecret === SECRET ? `${otherSecret}!` : otherSecret, String(NOW + skew), 'x')}`,
          })),
        ),
        fc.boolean(),
        fc.option(fc.integer({ min: 301, max: 10 ** 6 }), { nil: undefined }),
        async (text, headers, base64, staleBy) => {
          const { writes, retries, repo, requestRetry } = fakeRepo();
          const deps = {
            signingSecret: async () => SECRET,
            repo,
            requestRetry,
            config,
            now: () => new Date(NOW * 1000),
          };
          const result =
            staleBy === undefined
              ? await handleSlackCommand(event(text, headers, base64), deps)
              : await handleSlackCommand(event(text, signedHeaders(text, NOW - staleBy), base64), deps);
          expect(result.statusCode).toBe(401);
          expect(writes).toEqual([]);
          expect(retries).toEqual([]);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('signed junk: 200, a write only for a valid request, a retry only for the requester', async () => {
    let written = 0;
    let retried = 0;
    await fc.assert(
      fc.asyncProperty(bodyText, fc.boolean(), fresh, async (text, base64, skew) => {
        const { writes, retries, repo, requestRetry } = fakeRepo();
        const deps = {
          signingSecret: async () => SECRET,
          repo,
          requestRetry,
          config,
          now: () => new Date(NOW * 1000),
        };
        const result = await handleSlackCommand(event(text, signedHeaders(text, NOW + skew), base64), deps);
        expect(result.statusCode).toBe(200);
        expect(writes.length).toBeLessThanOrEqual(1);
        expect(retries.length).toBeLessThanOrEqual(1);
        const slash = parseSlashCommand(text);
        const command = slash.kind === 'command' ? parseCommandText(slash.text) : undefined;
        if (retries.length === 1) {
          retried++;
          // Only the requester, in an allowed workspace, with a well-formed retry.
          expect(command).toEqual({ kind: 'retry', requestId: retries[0] });
          expect(slash.kind === 'command' && [slash.team_id, slash.user_id]).toEqual([team, 'U0LEAD']);
          expect(writes).toEqual([]);
        }
        if (writes.length === 1) {
          written++;
          expect(command?.kind).toBe('request');
          // What was written passes the parser again and is in an allowed workspace.
          expect(() => parseRequest(writes[0])).not.toThrow();
          expect(slash.kind === 'command' && slash.team_id).toBe(team);
        } else if (command?.kind === 'request' && slash.kind === 'command' && slash.team_id === team) {
          expect(result.body).toMatch(/error|Invalid|Unknown|outside/i);
        }
      }),
      { numRuns: 1000 },
    );
    // The generators reach the write and the retry, so the property says something about them.
    expect(written).toBeGreaterThan(0);
    expect(retried).toBeGreaterThan(0);
  });
});
