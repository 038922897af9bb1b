import { describe, expect, it } from 'vitest';
import { parseCommandText } from '#lib/slack/command.ts';
import { tokenize, unformat } from '#lib/slack/tokenize.ts';

const request = { kind: 'request', accountName: 'ml-a', email: 'a@example.com', blueprint: 'ai-dev' };

describe('parseCommandText: request', () => {
  it.each([
    ['request name=ml-a email=a@example.com blueprint=ai-dev'],
    ['request blueprint=ai-dev name=ml-a email=a@example.com'],
    ['REQUEST Name=ml-a EMAIL=a@example.com Blueprint=ai-dev'],
    ['  request   name=ml-a\temail=a@example.com\u00a0blueprint=ai-dev  '],
    ['request ml-a a@example.com ai-dev'],
    ['request ml-a a@example.com blueprint=ai-dev'],
    ['request name=ml-a email=<mailto:a@example.com|a@example.com> blueprint=ai-dev'],
    ['request name=ml-a email=<mailto:a@example.com> blueprint=ai-dev'],
    ['request ml-a <mailto:a@example.com|a@example.com> ai-dev'],
    ['request name="ml-a" email="<mailto:a@example.com|a@example.com>" blueprint=ai-dev'],
  ])('reads %j', (text) => {
    expect(parseCommandText(text)).toEqual(request);
  });

  it('keeps spaces inside quotes, straight or typographic', () => {
    expect(parseCommandText('request name="ML team A" email=a@example.com blueprint=ai-dev')).toMatchObject({
      accountName: 'ML team A',
    });
    expect(parseCommandText('request “ML team A” a@example.com ai-dev')).toMatchObject({
      accountName: 'ML team A',
    });
    expect(parseCommandText('request "a=b" a@example.com ai-dev')).toMatchObject({ accountName: 'a=b' });
  });

  it('reads tags, quoted values and values containing "="', () => {
    const text =
      'request name=ml-a email=a@example.com blueprint=ai-dev tag=Team=ML tag=Owner="Ada Lovelace" tag="Cost Center=R&amp;D" tag=Expr=a=b tag=Empty=';
    expect(parseCommandText(text)).toEqual({
      ...request,
      tags: { Team: 'ML', Owner: 'Ada Lovelace', 'Cost Center': 'R&D', Expr: 'a=b', Empty: '' },
    });
  });

  it('accepts tags after positional values', () => {
    expect(parseCommandText('request ml-a a@example.com ai-dev tag=Team=ML')).toEqual({
      ...request,
      tags: { Team: 'ML' },
    });
  });

  it("unwraps Slack's link formatting of names that look like domains", () => {
    expect(
      parseCommandText('request name=<http://ml.team|ml.team> email=a@example.com blueprint=ai-dev'),
    ).toMatchObject({ accountName: 'ml.team' });
    expect(
      parseCommandText('request ml-a a@example.com ai-dev tag=Docs=<https://wiki.example.com/ml>'),
    ).toMatchObject({ tags: { Docs: 'https://wiki.example.com/ml' } });
  });

  it("decodes Slack's entities and keeps a tag named __proto__ as a plain key", () => {
    expect(parseCommandText('request R&amp;D&lt;1&gt; a@example.com ai-dev tag=__proto__=x')).toEqual({
      ...request,
      accountName: 'R&D<1>',
      tags: { ['__proto__']: 'x' },
    });
  });
});

describe('parseCommandText: other verbs', () => {
  it.each([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['Help me', { kind: 'help' }],
    ['blueprints', { kind: 'blueprints' }],
    ['BLUEPRINTS', { kind: 'blueprints' }],
    ['status r-123', { kind: 'status', requestId: 'r-123' }],
    ['status  "r-123" ', { kind: 'status', requestId: 'r-123' }],
    ['retry r-123', { kind: 'retry', requestId: 'r-123' }],
    ['RETRY  slack-0123456789abcdef ', { kind: 'retry', requestId: 'slack-0123456789abcdef' }],
    ['retry "Req_9"', { kind: 'retry', requestId: 'Req_9' }],
    [`retry ${'a'.repeat(64)}`, { kind: 'retry', requestId: 'a'.repeat(64) }],
  ])('reads %j', (text, command) => {
    expect(parseCommandText(text)).toEqual(command);
  });
});

describe('parseCommandText: invalid', () => {
  it.each([
    ['vend me an account', 'unknown command "vend": use request, status, retry, blueprints or help'],
    ['name=ml-a email=a@example.com blueprint=ai-dev', 'start with the verb: request name='],
    ['request email=a@example.com blueprint=ai-dev', 'missing name=: request name=<account name>'],
    ['request', 'missing name=, email=, blueprint='],
    ['request ml-a', 'missing email=, blueprint='],
    ['request name=a name=b email=a@example.com blueprint=ai-dev', 'duplicate key "name=": give it once'],
    ['request ml-a a@example.com ai-dev name=b', 'duplicate key "name="'],
    ['request name=a mail=a@example.com blueprint=x', 'unknown key "mail=": use name=, email=, blueprint='],
    ['request name= email=a@example.com blueprint=x', 'name= has no value'],
    ['request name="" email=a@example.com blueprint=x', 'name= has no value'],
    ['request "" a@example.com x', 'the name is empty'],
    ['request ml-a a@example.com ai-dev extra', 'too many values at "extra"'],
    ['request name=ml-a a@example.com ai-dev', '"a@example.com" has no key'],
    ['request ml-a a@example.com ai-dev tag=Team', 'bad tag "Team": write tag=Key=Value'],
    ['request ml-a a@example.com ai-dev tag==x', 'bad tag "=x"'],
    ['request ml-a a@example.com ai-dev tag=T=1 tag=T=2', 'duplicate tag "T"'],
    ['request name="ml team email=a@example.com', 'unterminated quote in "ml team email=a@example.com'],
    ['status', 'status needs request id: status <request id>'],
    ['status a b', 'status takes one request id'],
    ['blueprints all', 'blueprints takes no arguments'],
    ['retry', 'retry needs the request id: retry <request id>'],
    ['retry   ', 'retry needs the request id'],
    ['retry r-1 r-2', 'retry takes one request id, not "r-2": retry <request id>'],
    ['retry r-1 please now', 'retry takes one request id, not "please now"'],
    ['retry r-1!', '"r-1!" is not a request id (1–64 characters of A-Z, a-z, 0-9, _ and -)'],
    ['retry "r 1"', '"r 1" is not a request id'],
    ['retry id=r-1', '"id=r-1" is not a request id'],
    ['retry ""', '"" is not a request id'],
    [`retry ${'a'.repeat(65)}`, 'is not a request id'],
    ['retry r-1 --force', 'there is no forced retry from Slack'],
    ['retry --force r-1', 'an operator with `avm retry <request id> --force`'],
    ['retry r-1 FORCE', 'there is no forced retry from Slack'],
  ])('%j → %s', (text, message) => {
    const command = parseCommandText(text);
    expect(command.kind).toBe('invalid');
    expect(command.kind === 'invalid' && command.message).toContain(message);
  });
});

describe('tokenize / unformat', () => {
  it('marks the first "=" typed outside quotes and markup', () => {
    expect(tokenize('a "b=c"=d <mailto:x=y@z.com|x=y@z.com>')).toEqual({
      ok: true,
      tokens: [
        { value: 'a', eq: -1 },
        { value: 'b=c=d', eq: 3 },
        { value: 'x=y@z.com', eq: -1 },
      ],
    });
  });

  it('keeps mentions and a lone "<" as typed', () => {
    expect(unformat('<@U123|ada> <#C1|ml> &lt;b&gt;')).toBe('<@U123|ada> <#C1|ml> <b>');
    expect(tokenize('a<b')).toEqual({ ok: true, tokens: [{ value: 'a<b', eq: -1 }] });
  });
});
