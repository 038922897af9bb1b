import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '#lib/errors.ts';
import { parseRequest, requestIdOf, unwrapRequest } from '#lib/request/parse.ts';

const valid = { accountName: 'ml-team-a', email: 'ml-team-a@example.com', blueprint: 'ai-dev' };

describe('parseRequest', () => {
  it('accepts a request and uses the fallback id when it has none', () => {
    expect(parseRequest(valid, 'evt-123')).toMatchObject({ ...valid, requestId: 'evt-123' });
    expect(parseRequest({ ...valid, requestId: 'r1' }, 'evt-123').requestId).toBe('r1');
  });

  it.each([
    [{ ...valid, accountName: '' }, 'accountName must not be empty'],
    [{ ...valid, accountName: 'x'.repeat(51) }, 'at most 50 characters'],
    [{ ...valid, accountName: 'café' }, 'printable ASCII'],
    [{ ...valid, email: 'not-an-email' }, 'email is not an address AWS accepts'],
    [{ ...valid, email: 'a b@example.com' }, 'email is not an address AWS accepts'],
    [{ ...valid, email: 'a@-example.com' }, 'email is not an address AWS accepts'],
    [{ ...valid, email: `${'a'.repeat(60)}@example.com` }, 'at most 64 characters'],
    [{ ...valid, requestId: 'has space' }, 'requestId must be 1–64'],
    [{ ...valid, tags: { 'aws:owner': 'x' } }, 'must not start with aws:'],
    [{ ...valid, extra: 1 }, 'extra: unknown field'],
    [{ ...valid, requestedBy: { source: 'fax', id: 'x' } }, 'requestedBy.source'],
    [null, 'Invalid request'],
  ])('rejects %j with a specific message', (input, message) => {
    expect(() => parseRequest(input, 'evt-1')).toThrow(InvalidRequestError);
    expect(() => parseRequest(input, 'evt-1')).toThrow(message);
  });

  it('rejects a request without any usable id', () => {
    expect(() => parseRequest(valid)).toThrow('requestId is missing');
  });
});

describe('unwrapRequest / requestIdOf', () => {
  const event = { id: 'evt-9', 'detail-type': 'Account Requested', source: 'account-vending', detail: valid };
  it('finds the request in an EventBridge event, with the event id as fallback', () => {
    expect(unwrapRequest(event)).toEqual({ request: valid, fallbackId: 'evt-9' });
    expect(requestIdOf(event)).toBe('evt-9');
    expect(requestIdOf({ ...event, detail: { ...valid, requestId: 'mine' } })).toBe('mine');
  });
  it('returns undefined when no valid id is present', () => {
    expect(requestIdOf(valid)).toBeUndefined();
    expect(requestIdOf({ ...valid, requestId: 'bad id!' })).toBeUndefined();
  });
});
