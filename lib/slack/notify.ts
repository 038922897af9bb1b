/**
 * Telling a Slack requester the outcome later (AWS-FACTS §6): the command's `response_url` while
 * Slack still accepts it (5 posts within 30 minutes), then `chat.postMessage` with the bot token.
 * A vend never fails because Slack could not be told, so nothing here throws.
 */
import type { SlackMessage } from './blocks.ts';

/** Where a request came from: usually the record's `slack` context. */
export interface NotifyTarget {
  responseUrl?: string;
  channelId?: string;
  userId?: string;
  /** When the slash command was received (ISO); the response_url window starts then. */
  requestedAt: string;
  /** How many times the response_url was posted to already. */
  responseUrlUses: number;
}

export interface NotifyOptions {
  /** Bot token (`xoxb-…`) for chat.postMessage; without it only the response_url can be used. */
  botToken?: string;
  now?: Date;
  fetch?: typeof fetch;
  /** Per HTTP request; default 2500 ms. */
  timeoutMs?: number;
  /** Default `https://slack.com/api`. */
  slackApiUrl?: string;
}

export interface NotifyResult {
  /** The last way tried; `none` when there was no way to try. */
  via: 'response_url' | 'chat.postMessage' | 'none';
  ok: boolean;
  /** Why the message was not delivered (absent when `ok`). */
  error?: string;
  /** The new count of response_url posts, to store for the next notification. */
  responseUrlUses: number;
}

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_WINDOW_MS = 30 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 2500;
/** chat.postMessage errors for which a DM to the user may still work. */
const CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action']);

/**
 * Posts a message to the requester: response_url first when still allowed, else (or when it
 * fails) chat.postMessage to the channel, or to the user as a DM when the bot cannot post there.
 *
 * @example
 * const result = await notifySlack(record.slack, outcomeMessage(record), { botToken });
 * await repo.recordNotification(record.requestId, execution, { slack: result }, result.responseUrlUses);
 */
export async function notifySlack(
  target: NotifyTarget,
  message: SlackMessage,
  options: NotifyOptions = {},
): Promise<NotifyResult> {
  const post = poster(options);
  let uses = target.responseUrlUses;
  let via: NotifyResult['via'] = 'none';
  const problems: string[] = [];

  const unusable = responseUrlProblem(target, options.now ?? new Date());
  if (unusable === undefined && target.responseUrl) {
    // Counted before the answer: a post that timed out may still have reached Slack.
    uses += 1;
    via = 'response_url';
    const answer = await post(target.responseUrl, { ...message, replace_original: false });
    const error = 'error' in answer ? answer.error : responseUrlError(answer);
    if (error === undefined) return { via, ok: true, responseUrlUses: uses };
    problems.push(`response_url: ${error}`);
  } else {
    problems.push(`response_url not used: ${unusable}`);
  }

  const channels = [...new Set([target.channelId, target.userId].filter((id): id is string => Boolean(id)))];
  if (!options.botToken || channels.length === 0) {
    problems.push(
      options.botToken ? 'no channel or user id for chat.postMessage' : 'no bot token for chat.postMessage',
    );
    return { via, ok: false, error: problems.join('; '), responseUrlUses: uses };
  }
  const url = `${(options.slackApiUrl ?? 'https://slack.com/api').replace(/\/+$/, '')}/chat.postMessage`;
  const { response_type: _visibility, ...content } = message;
  for (const channel of channels) {
    const answer = await post(
      url,
      { ...content, channel, unfurl_links: false, unfurl_media: false },
      options.botToken,
    );
    const error = 'error' in answer ? answer.error : apiError(answer);
    if (error === undefined) return { via: 'chat.postMessage', ok: true, responseUrlUses: uses };
    problems.push(`chat.postMessage to ${channel}: ${error}`);
    if (!CHANNEL_ERRORS.has(error)) break;
  }
  return { via: 'chat.postMessage', ok: false, error: problems.join('; '), responseUrlUses: uses };
}

/** Why the response_url cannot be used now, or undefined when it can. */
export function responseUrlProblem(target: NotifyTarget, now: Date): string | undefined {
  if (!target.responseUrl) return 'there is none';
  if (!/^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(target.responseUrl)) {
    // It comes from a record anyone with table access can write: only post to https URLs.
    return 'it is not an https URL';
  }
  if (target.responseUrlUses >= RESPONSE_URL_MAX_USES) {
    return `already used ${target.responseUrlUses} times (Slack allows ${RESPONSE_URL_MAX_USES})`;
  }
  const age = now.getTime() - Date.parse(target.requestedAt);
  if (Number.isNaN(age)) return `requestedAt ${JSON.stringify(target.requestedAt)} is not a date`;
  if (age >= RESPONSE_URL_WINDOW_MS) {
    return `${Math.floor(age / 60_000)} minutes after the command (Slack allows 30)`;
  }
  return undefined;
}

type Answer = { status: number; body: string; retryAfter?: string } | { error: string };

/** A JSON POST that answers instead of throwing. */
function poster(options: NotifyOptions) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (url: string, body: unknown, token?: string): Promise<Answer> => {
    try {
      const response = await (options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      const retryAfter = response.headers.get('retry-after') ?? undefined;
      return { status: response.status, body: text, ...(retryAfter ? { retryAfter } : {}) };
    } catch (error) {
      return { error: fetchError(error, timeoutMs) };
    }
  };
}

/** response_url answers 200 `ok`, or 4xx/5xx with an error code as plain text. */
function responseUrlError(answer: { status: number; body: string; retryAfter?: string }): string | undefined {
  if (answer.status < 200 || answer.status > 299) return httpError(answer);
  return /^\s*\{/.test(answer.body) ? apiError(answer) : undefined;
}

/** The Web API answers HTTP 200 with `{ ok: false, error }` on failure. */
function apiError(answer: { status: number; body: string; retryAfter?: string }): string | undefined {
  if (answer.status < 200 || answer.status > 299) return httpError(answer);
  try {
    const parsed = JSON.parse(answer.body) as { ok?: unknown; error?: unknown };
    if (parsed.ok === true) return undefined;
    return typeof parsed.error === 'string' ? parsed.error : 'Slack answered ok: false';
  } catch {
    return `unreadable answer: ${answer.body.slice(0, 100)}`;
  }
}

function httpError(answer: { status: number; body: string; retryAfter?: string }): string {
  const detail = answer.body.trim().slice(0, 200);
  const retry = answer.retryAfter ? ` (retry after ${answer.retryAfter} s)` : '';
  return `HTTP ${answer.status}${detail ? ` ${detail}` : ''}${retry}`;
}

function fetchError(error: unknown, timeoutMs: number): string {
  // AbortSignal.timeout rejects with a DOMException named TimeoutError.
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `network error: ${String(reason)}`;
}
