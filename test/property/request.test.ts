/**
 * Hostile input to the request parser (issue 6): whatever arrives, `parseRequest` returns a
 * request that AWS would accept or throws `InvalidRequestError` naming what is wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#lib/config/index.ts';
import { InvalidRequestError } from '#lib/errors.ts';
import type { RequestRepository } from '#lib/record/repository.ts';
import type { RequestRecord } from '#lib/record/types.ts';
import { parseRequest, requestIdOf, unwrapRequest } from '#lib/request/parse.ts';
import { isRetryInput, retryOf } from '#lib/request/retry.ts';
import type { VendRequest } from '#lib/request/schema.ts';
import { claim } from '#lib/steps/claim.ts';
import type { StepDeps } from '#lib/steps/deps.ts';
import { hostileJson, hostileString, nearValidRequest, validRequest } from './arbitraries.ts';

const EMAIL =
  /^[^\s@"'()<>[\]:;,\\|%&.][^\s@"'()<>[\]:;,\\|%&]*@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z0-9.-]*[A-Za-z0-9]$/;
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FIELD_NAMES = ['requestId', 'accountName', 'email', 'blueprint', 'tags', 'requestedBy'];

/** A request that came out of the parser satisfies AWS's CreateAccount rules. */
function expectAwsValid(request: VendRequest): void {
  expect(request.accountName.length).toBeGreaterThanOrEqual(1);
  expect(request.accountName.length).toBeLessThanOrEqual(50);
  expect(request.accountName).toMatch(/^[\u0020-\u007E]+$/);
  expect(request.email.length).toBeGreaterThanOrEqual(6);
  expect(request.email.length).toBeLessThanOrEqual(64);
  expect(request.email).toMatch(EMAIL);
  expect(request.requestId).toMatch(REQUEST_ID);
  expect(request.blueprint.length).toBeGreaterThan(0);
  expect(Object.getPrototypeOf(request)).toBe(Object.prototype);
}

/** The outcome of parsing: the request, or the InvalidRequestError's message. Anything else fails. */
function parseOutcome(input: unknown, fallbackId?: string): { request: VendRequest } | { message: string } {
  try {
    return { request: parseRequest(input, fallbackId) };
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return { message: (error as Error).message };
  }
}

/** An error message about an object names one of its fields (known, or the unknown one it has). */
function expectNamesAField(message: string, input: unknown): void {
  expect(message).toMatch(/^Invalid request: \S/);
  // valibot takes an array for an object with missing keys: those are named, like for any object.
  if (typeof input !== 'object' || input === null) {
    expect(message).toMatch(/Expected Object|requestId/);
    return;
  }
  const names = [...FIELD_NAMES, ...Object.keys(input)];
  expect(names.some((name) => name !== '' && message.includes(name)) || /: unknown field/.test(message)).toBe(
    true,
  );
}

describe('parseRequest', () => {
  it('any JSON value: a valid request or an InvalidRequestError', () => {
    fc.assert(
      fc.property(hostileJson, fc.option(hostileString, { nil: undefined }), (input, fallbackId) => {
        const outcome = parseOutcome(input, fallbackId);
        if ('request' in outcome) expectAwsValid(outcome.request);
        else expectNamesAField(outcome.message, input);
      }),
      { numRuns: 1500 },
    );
  });

  it('near-valid requests (fields dropped, retyped, hostile, polluting): valid ones obey AWS, others name a field', () => {
    fc.assert(
      fc.property(nearValidRequest, fc.option(hostileString, { nil: undefined }), (input, fallbackId) => {
        const outcome = parseOutcome(input, fallbackId);
        if ('request' in outcome) {
          expectAwsValid(outcome.request);
          expect(Object.keys(input).every((key) => FIELD_NAMES.includes(key))).toBe(true);
        } else {
          expectNamesAField(outcome.message, input);
        }
      }),
      { numRuns: 2500 },
    );
  });

  it('valid requests parse to themselves', () => {
    fc.assert(
      fc.property(validRequest, (request) => {
        const parsed = parseRequest(request, 'evt-1');
        expectAwsValid(parsed);
        expect(parsed).toEqual({ ...request, requestId: request.requestId ?? 'evt-1' });
      }),
      { numRuns: 500 },
    );
  });
});

describe('unwrapRequest and requestIdOf', () => {
  const envelope = fc.record(
    {
      version: fc.constant('0'),
      id: fc.oneof(hostileString, fc.jsonValue()),
      'detail-type': fc.oneof(fc.constantFrom('Account Requested', 'Account Retry Requested'), hostileString),
      source: fc.oneof(fc.constant('account-vending'), hostileString),
      detail: fc.oneof(nearValidRequest, hostileJson),
    },
    { requiredKeys: [] },
  );

  it('never throw; an id found always matches the requestId pattern', () => {
    fc.assert(
      fc.property(fc.oneof(envelope, hostileJson, nearValidRequest), (input) => {
        const { request, fallbackId } = unwrapRequest(input);
        if (fallbackId !== undefined) expect(typeof fallbackId).toBe('string');
        const isEnvelope =
          typeof input === 'object' && input !== null && 'detail' in input && 'detail-type' in input;
        expect(request).toBe(isEnvelope ? (input as { detail: unknown }).detail : input);
        const id = requestIdOf(input);
        if (id !== undefined) expect(id).toMatch(REQUEST_ID);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the workflow input as Claim sees it', () => {
  const config = loadConfig();
  const envelope = fc.oneof(
    fc.record(
      {
        id: fc.oneof(fc.stringMatching(/^[a-f0-9-]{1,40}$/), hostileString),
        'detail-type': fc.oneof(
          fc.constantFrom('Account Requested', 'Account Retry Requested'),
          hostileString,
        ),
        source: fc.constant('account-vending'),
        detail: fc.oneof(
          nearValidRequest,
          validRequest,
          hostileJson,
          fc.record(
            {
              requestId: fc.oneof(fc.stringMatching(/^[a-z0-9]{1,10}$/), hostileString),
              force: fc.jsonValue(),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: ['detail-type'] },
    ),
    fc.record({ retry: fc.oneof(hostileJson, fc.record({ requestId: hostileString, force: fc.boolean() })) }),
    nearValidRequest,
    validRequest,
    hostileJson,
  );

  it('claim ends claimed, or with an InvalidRequestError; it writes only valid requests', async () => {
    let claimed = 0;
    await fc.assert(
      fc.asyncProperty(envelope, async (input) => {
        const writes: { requestId: string; request: VendRequest }[] = [];
        const repo = {
          get: async (): Promise<RequestRecord | undefined> => undefined,
          claim: async (requestId: string, execution: string, request: VendRequest) => {
            writes.push({ requestId, request });
            const at = new Date().toISOString();
            const record = {
              requestId,
              status: 'IN_PROGRESS',
              owner: execution,
              request,
              createdAt: at,
              updatedAt: at,
              steps: {},
            };
            return { claimed: true, record: record as unknown as RequestRecord };
          },
          takeOver: async () => {
            throw new Error('a retry of a request that does not exist must not reach takeOver');
          },
        };
        const deps = { repo: repo as unknown as RequestRepository, config } as StepDeps;
        let retry: ReturnType<typeof retryOf>;
        try {
          retry = retryOf(input);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidRequestError);
          expect((error as Error).message).toMatch(/^Invalid retry: \S/);
          expect(isRetryInput(input)).toBe(true);
        }
        try {
          const out = await claim(input, 'exec-1', deps);
          expect(out.claimed).toBe(true);
          claimed++;
          expect(retry).toBeUndefined();
          expect(writes).toHaveLength(1);
          expectAwsValid(writes[0]?.request as VendRequest);
          expect(writes[0]?.requestId).toBe(out.requestId);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidRequestError);
          expect((error as Error).message.length).toBeGreaterThan(20);
          // A request that failed its checks after the write is only possible for a valid one.
          for (const write of writes) expectAwsValid(write.request);
        }
      }),
      { numRuns: 1500 },
    );
    // Valid requests get through, so the property covers the write too.
    expect(claimed).toBeGreaterThan(0);
  });
});
