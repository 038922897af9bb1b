import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export const SIGNING_SECRET = 'test-signing-secret-8f742231b10e8888';

/** A slash-command POST as API Gateway's HTTP API (payload 2.0) hands it to the Lambda, signed like Slack does. */
export function slackEvent(
  fields: Record<string, string>,
  options: {
    secret?: string;
    timestamp?: number;
    base64?: boolean;
    signature?: string | null;
    headers?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const body = new URLSearchParams(fields).toString();
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature =
    options.signature === undefined
      ? `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET)
          .update(`v0:${timestamp}:${body}`)
          .digest('hex')}`
      : options.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    ...(signature === null ? {} : { 'X-Slack-Signature': signature }),
    ...options.headers,
  };
  return {
    version: '2.0',
    routeKey: 'POST /slack/command',
    rawPath: '/slack/command',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '111111111111',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: {
        method: 'POST',
        path: '/slack/command',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Slackbot',
      },
      requestId: 'req',
      routeKey: 'POST /slack/command',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

export function commandFields(text: string, responseUrl: string, overrides: Record<string, string> = {}) {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0123456789',
    team_domain: 'ml-org',
    channel_id: 'C0PLATFORM',
    channel_name: 'ml-platform',
    user_id: 'U0LEAD',
    user_name: 'ml-lead',
    command: '/vend',
    text,
    response_url: responseUrl,
    trigger_id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    api_app_id: 'A0VEND',
    ...overrides,
  };
}

/** A local HTTP server standing in for Slack's response_url and Web API; it records what it gets. */
export async function startSlackStandIn() {
  const received: { path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: data ? JSON.parse(data) : {} });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.includes('chat.postMessage') ? '{"ok":true}' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
