import { describe, expect, it } from 'vitest';
import { header, parseSlashCommand, rawBody, reply } from '#lib/slack/http.ts';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

const slack = {
  token: 'deprecated',
  team_id: 'T0123',
  team_domain: 'acme',
  channel_id: 'C0456',
  channel_name: 'ml-platform',
  user_id: 'U0789',
  user_name: 'ada',
  command: '/vend',
  text: 'request name="ml team" email=<mailto:a@example.com|a@example.com> blueprint=ai-dev',
  response_url: 'https://hooks.slack.com/commands/T0123/1/abc',
  trigger_id: '1.2.3',
  api_app_id: 'A0111',
};

describe('rawBody', () => {
  it('returns a plain body as is', () => {
    expect(rawBody({ body: 'a=1&b=%2F', isBase64Encoded: false })).toBe('a=1&b=%2F');
  });

  it('decodes a base64 body to the bytes Slack signed', () => {
    const body = form(slack);
    expect(rawBody({ body: Buffer.from(body).toString('base64'), isBase64Encoded: true })).toBe(body);
  });

  it('treats a missing body as empty', () => {
    expect(rawBody({ isBase64Encoded: false })).toBe('');
  });
});

describe('header', () => {
  it('finds headers whatever the case of the name', () => {
    const event = { headers: { 'x-slack-signature': 'v0=ab', 'X-Slack-Request-Timestamp': '1' } };
    expect(header(event, 'X-Slack-Signature')).toBe('v0=ab');
    expect(header(event, 'x-slack-request-timestamp')).toBe('1');
    expect(header(event, 'X-SLACK-REQUEST-TIMESTAMP')).toBe('1');
    expect(header(event, 'content-type')).toBeUndefined();
  });

  it('copes with an event without headers', () => {
    expect(header({} as { headers: Record<string, string> }, 'x')).toBeUndefined();
  });
});

describe('parseSlashCommand', () => {
  it('reads every field of a slash command, decoding the form', () => {
    expect(parseSlashCommand(form(slack))).toEqual({
      kind: 'command',
      team_id: 'T0123',
      team_domain: 'acme',
      channel_id: 'C0456',
      channel_name: 'ml-platform',
      user_id: 'U0789',
      user_name: 'ada',
      command: '/vend',
      text: slack.text,
      response_url: slack.response_url,
      trigger_id: '1.2.3',
      api_app_id: 'A0111',
    });
  });

  it('keeps the enterprise id and decodes "+" as a space', () => {
    const { text: _text, ...rest } = slack;
    const parsed = parseSlashCommand(`${form({ ...rest, enterprise_id: 'E0999' })}&text=status+r-1`);
    expect(parsed).toMatchObject({ kind: 'command', enterprise_id: 'E0999', text: 'status r-1' });
  });

  it('accepts an empty or absent text', () => {
    const { text: _text, ...noText } = slack;
    expect(parseSlashCommand(form(noText))).toMatchObject({ kind: 'command', text: '' });
  });

  it("recognises Slack's ssl_check probe", () => {
    expect(parseSlashCommand('ssl_check=1&token=abc')).toEqual({ kind: 'ssl_check' });
  });

  it('names the missing fields of a body that is not a slash command', () => {
    expect(parseSlashCommand('team_id=T1&command=%2Fvend')).toEqual({
      kind: 'invalid',
      message: 'not a slash-command payload: missing channel_id, user_id, response_url',
    });
  });
});

describe('reply', () => {
  it('builds a JSON result', () => {
    expect(reply(200, { response_type: 'ephemeral', text: 'hi' })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"response_type":"ephemeral","text":"hi"}',
    });
  });

  it('builds an empty result without a body', () => {
    expect(reply(200)).toEqual({ statusCode: 200, body: '' });
  });
});
