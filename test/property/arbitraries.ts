/** Shared generators for the property tests: hostile strings and near-valid requests. */
import fc from 'fast-check';

/** Keys that have bitten JavaScript parsers before: prototype pollution and look-alikes. */
export const POLLUTION_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
] as const;

/** Strings a hostile sender would try: unicode, control characters, markup, huge ones, lookalikes. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '\ud800',
    'é',
    '😀',
    '\t\n\r',
    'aws:',
    'null',
    'undefined',
    '<mailto:a@example.com|a@example.com>',
    '&lt;&gt;&amp;',
    ...POLLUTION_KEYS,
  ),
  fc.integer({ min: 1, max: 100_000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON value, including objects whose own keys are `__proto__` and friends (as JSON.parse makes them). */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc
    .dictionary(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string()), fc.jsonValue())
    .map((value) => JSON.parse(JSON.stringify(value)) as unknown),
  fc.jsonValue().map((value) => JSON.parse(`{"__proto__": ${JSON.stringify(value) ?? 'null'}}`) as unknown),
);

export const validRequest = fc.record(
  {
    requestId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    accountName: fc.stringMatching(/^[ -~]{1,50}$/),
    email: fc
      .tuple(
        fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,20}$/),
        fc.constantFrom('example.com', 'ml.example.org'),
      )
      .map(([local, domain]) => `${local}@${domain}`),
    blueprint: fc.constantFrom('ai-dev', 'ai-staging', 'ai-prod', 'ai-sandbox'),
    tags: fc.dictionary(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:/=+@-]{0,20}$/),
      fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,30}$/),
      {
        maxKeys: 5,
      },
    ),
    requestedBy: fc.record({
      source: fc.constantFrom('slack', 'eventbridge', 'dynamodb', 'cli'),
      id: fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
    }),
  },
  { requiredKeys: ['accountName', 'email', 'blueprint'] },
);

const FIELDS = ['requestId', 'accountName', 'email', 'blueprint', 'tags', 'requestedBy'];

/** A valid request with one to three fields dropped, retyped, replaced by hostile strings, or added. */
export const nearValidRequest: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    validRequest,
    fc.array(
      fc.tuple(
        fc.constantFrom('drop', 'retype', 'string', 'add', 'pollute'),
        fc.constantFrom(...FIELDS, ...POLLUTION_KEYS, 'extra'),
        fc.oneof(hostileString, fc.jsonValue()),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([request, mutations]) => {
    const out: Record<string, unknown> = { ...request };
    for (const [kind, field, value] of mutations) {
      if (kind === 'drop') delete out[field];
      else if (kind === 'string') out[field] = typeof value === 'string' ? value : JSON.stringify(value);
      else if (kind === 'pollute')
        Object.defineProperty(out, field, { value, enumerable: true, configurable: true, writable: true });
      else out[field] = value;
    }
    // As it arrives from EventBridge or Step Functions: parsed from JSON, `__proto__` an own key.
    const json = JSON.stringify(out);
    return JSON.parse(json) as Record<string, unknown>;
  });
