/**
 * Hostile DynamoDB stream records to the publisher (issue 6): it never throws, publishes only
 * INSERTs whose new image has status REQUESTED, and every Detail it sends is JSON.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient, PutEventsCommand, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishRequested } from '#lib/intake/stream-publisher.ts';
import { hostileString, nearValidRequest, POLLUTION_KEYS } from './arbitraries.ts';

/** Typed AttributeValues, well-formed or not, nested a few levels. */
const attribute: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ S: hostileString }),
    fc.record({ N: fc.oneof(fc.double().map(String), fc.bigInt().map(String), hostileString) }),
    fc.record({ BOOL: fc.oneof(fc.boolean(), fc.jsonValue()) }),
    fc.record({ NULL: fc.oneof(fc.constant(true), fc.jsonValue()) }),
    fc.record({ B: fc.oneof(fc.uint8Array({ maxLength: 20 }), hostileString) }),
    fc.record({ SS: fc.array(hostileString, { maxLength: 4 }) }),
    fc.record({ NS: fc.array(fc.oneof(fc.integer().map(String), hostileString), { maxLength: 4 }) }),
    fc.record({ L: fc.array(tie('value'), { maxLength: 4 }) }),
    fc.record({
      M: fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string()), tie('value'), {
        maxKeys: 4,
      }),
    }),
    fc.jsonValue(),
    fc.constant({}),
    fc.record({ S: fc.string(), N: fc.string() }),
  ),
})).value;

/** A stream image: an item much like the table's, mutated, or any map of AttributeValues. */
const image: fc.Arbitrary<Record<string, unknown>> = fc
  .oneof(
    fc
      .tuple(
        nearValidRequest,
        fc.oneof(
          { arbitrary: fc.constant('REQUESTED'), weight: 4 },
          fc.constantFrom('IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'requested', ''),
          hostileString,
        ),
        fc.constantFrom('top', 'nested', 'none', 'polluted'),
        fc.constantFrom(...POLLUTION_KEYS),
      )
      .map(([request, status, layout, pollutionKey]) => {
        const strings = Object.fromEntries(
          Object.entries(request).map(([key, value]) => [
            key,
            typeof value === 'string' ? { S: value } : { S: JSON.stringify(value) ?? '' },
          ]),
        );
        const base: Record<string, unknown> = {
          // JSON rather than String(): a generated id may be an object whose toString is not a function.
          requestId: {
            S:
              typeof request.requestId === 'string'
                ? request.requestId
                : (JSON.stringify(request.requestId) ?? 'r-1'),
          },
          status: { S: status },
        };
        if (layout === 'top') return { ...strings, ...base };
        if (layout === 'nested') return { ...base, request: { M: strings } };
        if (layout === 'polluted') {
          // The status (and the request) under `__proto__` and friends, as an own key: not the item's status.
          const polluted: Record<string, unknown> = { requestId: base.requestId };
          Object.defineProperty(polluted, pollutionKey, {
            value: { M: { status: base.status, ...strings } },
            enumerable: true,
          });
          return polluted;
        }
        return base;
      }),
    fc.dictionary(
      fc.oneof(fc.constantFrom('requestId', 'status', 'request', ...POLLUTION_KEYS), fc.string()),
      attribute,
      {
        maxKeys: 6,
      },
    ),
    fc.jsonValue(),
  )
  .map((value) =>
    JSON.parse(
      JSON.stringify(value ?? null, (_key, v) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
      ),
    ),
  );

const record = fc.record(
  {
    eventID: fc.string(),
    eventName: fc.oneof(
      { arbitrary: fc.constant('INSERT'), weight: 4 },
      fc.constantFrom('MODIFY', 'REMOVE'),
      hostileString,
    ),
    eventSource: fc.constant('aws:dynamodb'),
    dynamodb: fc.record(
      {
        NewImage: image,
        OldImage: image,
        SequenceNumber: fc.oneof(fc.stringMatching(/^[0-9]{1,21}$/), hostileString),
        Keys: image,
      },
      { requiredKeys: ['NewImage', 'SequenceNumber'] },
    ),
  },
  { requiredKeys: [] },
);

/** The image's own `status` attribute, as DynamoDB holds it. */
function ownStatus(newImage: unknown): unknown {
  if (typeof newImage !== 'object' || newImage === null || !Object.hasOwn(newImage, 'status'))
    return undefined;
  const status = (newImage as Record<string, unknown>).status;
  return typeof status === 'object' && status !== null && Object.hasOwn(status, 'S')
    ? (status as { S: unknown }).S
    : undefined;
}

/** Whether the image unmarshalls at all (one that does not is skipped, not retried). */
function readable(newImage: unknown): boolean {
  try {
    unmarshall(newImage as Record<string, AttributeValue>);
    return true;
  } catch {
    return false;
  }
}

describe('publishRequested', () => {
  it('never throws; publishes only INSERTs with status REQUESTED; every Detail is JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 25 }),
        fc.constantFrom('all', 'none', 'throw', 'partial'),
        async (records, answer) => {
          const sent: PutEventsRequestEntry[][] = [];
          const events = {
            send: async (command: PutEventsCommand) => {
              const entries = command.input.Entries ?? [];
              sent.push(entries);
              if (answer === 'throw') throw new Error('EventBridge is down');
              return {
                Entries: entries.map((_entry, i) =>
                  answer === 'all' || (answer === 'partial' && i % 2 === 0)
                    ? { EventId: `e-${i}` }
                    : { ErrorCode: 'InternalFailure' },
                ),
              };
            },
          } as unknown as EventBridgeClient;
          const event = { Records: records } as unknown as DynamoDBStreamEvent;
          const result = await publishRequested(event, { events, busName: 'bus', log: () => {} });

          const published = sent.flat();
          const expected = records.filter(
            (r) =>
              r.eventName === 'INSERT' &&
              r.dynamodb?.NewImage &&
              r.dynamodb.SequenceNumber &&
              readable(r.dynamodb.NewImage) &&
              ownStatus(r.dynamodb.NewImage) === 'REQUESTED',
          );
          expect(published.length).toBe(expected.length);
          for (const batch of sent) expect(batch.length).toBeLessThanOrEqual(10);
          for (const entry of published) {
            expect(entry.DetailType).toBe('Account Requested');
            const detail = JSON.parse(entry.Detail ?? '') as unknown;
            expect(typeof detail).toBe('object');
            expect(detail).not.toBeNull();
          }
          const sequences = new Set(expected.map((r) => r.dynamodb?.SequenceNumber));
          for (const failure of result.batchItemFailures)
            expect(sequences.has(failure.itemIdentifier)).toBe(true);
          if (answer === 'all') expect(result.batchItemFailures).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('an image whose `__proto__` attribute carries status REQUESTED is not a REQUESTED record', async () => {
    const sent: PutEventsRequestEntry[] = [];
    const events = {
      send: async (command: PutEventsCommand) => {
        sent.push(...(command.input.Entries ?? []));
        return { Entries: [{ EventId: 'e-1' }] };
      },
    } as unknown as EventBridgeClient;
    const NewImage = JSON.parse(
      '{"requestId":{"S":"r-1"},"__proto__":{"M":{"status":{"S":"REQUESTED"}}}}',
    ) as Record<string, AttributeValue>;
    const event = {
      Records: [{ eventName: 'INSERT', dynamodb: { NewImage, SequenceNumber: '1' } }],
    } as unknown as DynamoDBStreamEvent;
    await publishRequested(event, { events, busName: 'bus' });
    expect(sent).toEqual([]);
  });
});
