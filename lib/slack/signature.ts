/**
 * Verifying that a request comes from Slack (AWS-FACTS §6): an HMAC-SHA256 of
 * `v0:<timestamp>:<raw body>` keyed with the app's signing secret, and a timestamp within
 * five minutes so that a captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: requests older or newer than this many seconds are rejected. */
export const SLACK_MAX_CLOCK_SKEW_SECONDS = 300;

export interface SlackSignatureInput {
  /** The body exactly as received (after base64 decoding), never re-serialised. */
  rawBody: string | Uint8Array;
  /** `X-Slack-Request-Timestamp` header: seconds since the epoch. */
  timestamp: string | undefined;
  /** `X-Slack-Signature` header: `v0=<hex>`. */
  signature: string | undefined;
  signingSecret: string;
  /** Current time in seconds; defaults to the system clock. */
  nowSeconds?: number;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const SECONDS = /^\d{1,15}$/;

/**
 * Checks Slack's request signature and timestamp. Call it on the raw body before parsing
 * anything; on `ok: false` answer 401 and ignore the request.
 *
 * @example
 * const check = verifySlackSignature({
 *   rawBody: rawBody(event),
 *   timestamp: header(event, 'X-Slack-Request-Timestamp'),
 *   signature: header(event, 'X-Slack-Signature'),
 *   signingSecret,
 *   nowSeconds: Math.floor(Date.now() / 1000),
 * });
 * if (!check.ok) return reply(401, { error: check.reason });
 */
export function verifySlackSignature(input: SlackSignatureInput): SignatureCheck {
  const { rawBody, timestamp, signature, signingSecret } = input;
  // An empty secret would make every attacker's HMAC "valid" for the key they guess: refuse.
  if (!signingSecret) return fail('no signing secret configured');
  if (!timestamp) return fail('missing X-Slack-Request-Timestamp header');
  if (!signature) return fail('missing X-Slack-Signature header');
  if (!SECONDS.test(timestamp)) return fail('X-Slack-Request-Timestamp is not a number of seconds');

  const now = input.nowSeconds ?? Date.now() / 1000;
  const age = Math.round(now - Number(timestamp));
  if (age > SLACK_MAX_CLOCK_SKEW_SECONDS) {
    return fail(`stale request: timestamp is ${age} s old (limit ${SLACK_MAX_CLOCK_SKEW_SECONDS} s)`);
  }
  if (age < -SLACK_MAX_CLOCK_SKEW_SECONDS) {
    return fail(
      `request from the future: timestamp is ${-age} s ahead (limit ${SLACK_MAX_CLOCK_SKEW_SECONDS} s)`,
    );
  }
  if (!signature.startsWith('v0=')) return fail('X-Slack-Signature does not start with v0=');

  const expected = Buffer.from(`v0=${slackHmac(signingSecret, timestamp, rawBody)}`, 'utf8');
  const received = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on different lengths; the length of a hex digest is no secret.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return fail('signature does not match');
  }
  return { ok: true };
}

/**
 * The hex HMAC-SHA256 Slack computes over `v0:<timestamp>:<body>`; also useful to sign requests
 * in tests and local tools.
 *
 * @example
 * const signature = `v0=${slackHmac(secret, '1531420618', body)}`;
 */
export function slackHmac(signingSecret: string, timestamp: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex');
}

function fail(reason: string): SignatureCheck {
  return { ok: false, reason };
}
