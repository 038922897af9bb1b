/**
 * The HTTP edge of the slash command: API Gateway HTTP API (payload v2) events in, results out,
 * and Slack's form-encoded slash-command payload (AWS-FACTS §6).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The fields of a slash-command payload we use (`token` and `user_name` are deprecated). */
export interface SlashCommandFields {
  team_id: string;
  team_domain: string;
  /** Enterprise Grid only. */
  enterprise_id?: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  /** The command as typed, e.g. `/vend`. */
  command: string;
  /** Everything after the command; may be empty. */
  text: string;
  response_url: string;
  trigger_id: string;
  api_app_id: string;
}

/**
 * A parsed slash-command body: a command, Slack's `ssl_check=1` probe (answer 200, do nothing),
 * or a body missing what every command carries.
 */
export type SlashCommand =
  | ({ kind: 'command' } & SlashCommandFields)
  | { kind: 'ssl_check' }
  | { kind: 'invalid'; message: string };

const OPTIONAL_FIELDS = ['team_domain', 'channel_name', 'user_name', 'trigger_id', 'api_app_id'] as const;
const REQUIRED_FIELDS = ['team_id', 'channel_id', 'user_id', 'command', 'response_url'] as const;

/**
 * The request body exactly as Slack sent it. API Gateway may deliver it base64-encoded; the
 * signature is computed over the decoded bytes, so decode before verifying.
 *
 * @example
 * rawBody({ body: 'dGV4dD1oZWxw', isBase64Encoded: true }); // 'text=help'
 */
export function rawBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): string {
  if (event.body === undefined || event.body === null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * A request header, whatever the case of its name (HTTP names are case-insensitive; API Gateway
 * lower-cases them, other callers and tests may not).
 *
 * @example
 * header(event, 'X-Slack-Signature'); // 'v0=a211…', from headers['x-slack-signature']
 */
export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  const direct = headers[name] ?? headers[name.toLowerCase()];
  if (direct !== undefined) return direct;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * Parses the form-encoded slash-command body. Verify the signature first: this trusts the body.
 *
 * @example
 * const payload = parseSlashCommand(body);
 * if (payload.kind === 'ssl_check') return reply(200);
 * if (payload.kind === 'invalid') return reply(400, { error: payload.message });
 * parseCommandText(payload.text);
 */
export function parseSlashCommand(body: string): SlashCommand {
  const form = new URLSearchParams(body);
  if (form.get('ssl_check') === '1') return { kind: 'ssl_check' };
  const missing = REQUIRED_FIELDS.filter((field) => !form.get(field));
  if (missing.length > 0) {
    return { kind: 'invalid', message: `not a slash-command payload: missing ${missing.join(', ')}` };
  }
  const fields: Record<string, string> = {};
  for (const field of [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]) fields[field] = form.get(field) ?? '';
  const enterprise = form.get('enterprise_id');
  return {
    kind: 'command',
    ...(fields as Omit<SlashCommandFields, 'text' | 'enterprise_id'>),
    text: form.get('text') ?? '',
    ...(enterprise ? { enterprise_id: enterprise } : {}),
  };
}

/**
 * An HTTP API result with a JSON body; no body (and no content type) when `body` is undefined.
 * Slack shows a 200 JSON body with `response_type` and `blocks` as the reply to the command.
 *
 * @example
 * return reply(200, helpMessage(payload.command));
 */
export function reply(statusCode: number, body?: unknown): APIGatewayProxyStructuredResultV2 {
  if (body === undefined) return { statusCode, body: '' };
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
