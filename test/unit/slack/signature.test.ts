import { describe, expect, it } from 'vitest';
import { slackHmac, verifySlackSignature } from '#lib/slack/signature.ts';

// Slack's worked example (AWS-FACTS §6), byte for byte.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const NOW = Number(TIMESTAMP) + 10;

const vector = {
  rawBody: BODY,
  timestamp: TIMESTAMP,
  signature: SIGNATURE,
  signingSecret: SECRET,
  nowSeconds: NOW,
};

describe('verifySlackSignature', () => {
  it("accepts Slack's test vector", () => {
    expect(slackHmac(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE.slice(3));
    expect(verifySlackSignature(vector)).toEqual({ ok: true });
  });

  it('accepts the body as bytes', () => {
    expect(verifySlackSignature({ ...vector, rawBody: Buffer.from(BODY) })).toEqual({ ok: true });
  });

  it.each([
    ['one byte of the body', { rawBody: BODY.replace('foobar', 'foobaz') }],
    ['one byte of the secret', { signingSecret: `${SECRET.slice(0, -1)}6` }],
    ['the timestamp', { timestamp: String(Number(TIMESTAMP) + 1) }],
    ['one hex digit of the signature', { signature: `${SIGNATURE.slice(0, -1)}4` }],
    ['an upper-case signature', { signature: SIGNATURE.toUpperCase().replace('V0=', 'v0=') }],
  ])('rejects a change to %s', (_what, change) => {
    expect(verifySlackSignature({ ...vector, ...change })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('rejects a signature of the wrong length without throwing', () => {
    expect(verifySlackSignature({ ...vector, signature: `${SIGNATURE}00` })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(verifySlackSignature({ ...vector, signature: 'v0=' })).toMatchObject({ ok: false });
  });

  it.each([
    [{ timestamp: undefined }, 'missing X-Slack-Request-Timestamp header'],
    [{ timestamp: '' }, 'missing X-Slack-Request-Timestamp header'],
    [{ signature: undefined }, 'missing X-Slack-Signature header'],
    [{ timestamp: '1531420618.5' }, 'not a number of seconds'],
    [{ timestamp: 'abc' }, 'not a number of seconds'],
    [{ timestamp: '-1' }, 'not a number of seconds'],
    [{ nowSeconds: Number(TIMESTAMP) + 301 }, 'stale request: timestamp is 301 s old (limit 300 s)'],
    [{ nowSeconds: Number(TIMESTAMP) - 301 }, 'request from the future: timestamp is 301 s ahead'],
    [{ signature: `v1=${SIGNATURE.slice(3)}` }, 'does not start with v0='],
    [{ signingSecret: '' }, 'no signing secret configured'],
  ])('rejects %j: %s', (change, reason) => {
    const check = verifySlackSignature({ ...vector, ...change });
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toContain(reason);
  });

  it('accepts timestamps exactly at the edge of the window', () => {
    expect(verifySlackSignature({ ...vector, nowSeconds: Number(TIMESTAMP) + 300 })).toEqual({ ok: true });
    expect(verifySlackSignature({ ...vector, nowSeconds: Number(TIMESTAMP) - 300 })).toEqual({ ok: true });
  });

  it('uses the system clock by default, so an old vector is stale', () => {
    const { nowSeconds: _now, ...withoutNow } = vector;
    expect(verifySlackSignature(withoutNow)).toMatchObject({ ok: false, reason: /stale/ });
  });
});
