/**
 * EventBridge event patterns (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html),
 * the part the vending machine and its tests use: exact values listed in arrays (any one
 * matches; an array field in the event matches when any element does), nested objects, and the
 * operators `prefix`, `suffix` (both also as `{ "equals-ignore-case": ... }`), `equals-ignore-case`,
 * `wildcard`, `anything-but` (a value, a list, or `{ prefix | suffix | equals-ignore-case | wildcard }`),
 * `exists`, `numeric` and `$or`. `cidr` is valid in AWS but not modelled here: the sandbox
 * refuses it by name rather than match nothing silently.
 *
 * Validation follows aws/event-ruler, the matcher EventBridge documents using (its
 * JsonRuleCompiler messages are reused): no empty objects or arrays, `$or` needs two or more
 * objects, one operator per match expression.
 *
 * Semantics kept from AWS: a missing field matches only `{ "exists": false }` (never
 * `anything-but`); `exists` looks at leaf values only; `numeric` matches numbers only;
 * `prefix`/`suffix`/`equals-ignore-case`/`wildcard` match strings only.
 */

export type EventPattern = Readonly<Record<string, unknown>>;

/** A pattern AWS would refuse; `reason` is what follows "Event pattern is not valid. Reason: ". */
export class PatternError extends Error {}

const NUMERIC_LIMIT = 5e9;
const LOWER_BOUND_OPS = new Set(['>', '>=']);
const UPPER_BOUND_OPS = new Set(['<', '<=']);

/** Parses and validates a pattern given as JSON text (PutRule, TestEventPattern). */
export function parsePattern(text: string): EventPattern {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PatternError('Invalid JSON');
  }
  return validatePattern(value);
}

/** Validates a pattern given as a value (onMatch); returns it typed. */
export function validatePattern(value: unknown): EventPattern {
  if (!isObject(value)) throw new PatternError('Filter is not an object');
  validateObject(value);
  return value;
}

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function validateObject(pattern: Record<string, unknown>): void {
  if (Object.keys(pattern).length === 0) throw new PatternError('Empty objects are not allowed');
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject))
        throw new PatternError('There must have at least 2 Objects in $or relationship.');
      for (const alternative of value) validateObject(alternative as Record<string, unknown>);
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new PatternError('Empty arrays are not allowed');
      for (const matcher of value) validateMatcher(key, matcher);
    } else if (isObject(value)) {
      validateObject(value);
    } else {
      throw new PatternError(`"${key}" must be an object or an array`);
    }
  }
}

function validateMatcher(key: string, matcher: unknown): void {
  if (matcher === null || ['string', 'number', 'boolean'].includes(typeof matcher)) return;
  if (!isObject(matcher)) throw new PatternError('Match value must be String, number, true, false, or null');
  const entries = Object.entries(matcher);
  const [operator, argument] = entries[0] ?? [];
  if (operator === undefined) throw new PatternError(`Match expression name not found ("${key}")`);
  if (entries.length !== 1) throw new PatternError('Only one key allowed in match expression');
  switch (operator) {
    case 'prefix':
    case 'suffix':
      validateAffix(operator, argument);
      return;
    case 'equals-ignore-case':
    case 'wildcard':
      if (typeof argument !== 'string') throw new PatternError(`${operator} match pattern must be a string`);
      return;
    case 'exists':
      if (typeof argument !== 'boolean')
        throw new PatternError('exists match pattern must be either true or false.');
      return;
    case 'numeric':
      validateNumeric(argument);
      return;
    case 'anything-but':
      validateAnythingBut(argument);
      return;
    case 'cidr':
      throw new PatternError('cidr matching is valid in AWS but not modelled by the sandbox');
    default:
      throw new PatternError(`Unrecognized match type ${operator}`);
  }
}

function validateAffix(operator: string, argument: unknown): void {
  if (typeof argument === 'string') return;
  if (
    isObject(argument) &&
    Object.keys(argument).length === 1 &&
    typeof argument['equals-ignore-case'] === 'string'
  )
    return;
  throw new PatternError(`${operator} match pattern must be a string or { "equals-ignore-case": string }`);
}

function validateNumeric(argument: unknown): void {
  const fail = (): never => {
    throw new PatternError(
      'Value of numeric must be an array of operator and number pairs, e.g. [">", 0, "<=", 5]',
    );
  };
  if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4)) fail();
  const pairs = argument as unknown[];
  for (let i = 0; i < pairs.length; i += 2) {
    const [op, bound] = [pairs[i], pairs[i + 1]];
    if (typeof op !== 'string' || !['=', '<', '<=', '>', '>='].includes(op)) fail();
    if (typeof bound !== 'number' || !Number.isFinite(bound)) fail();
    if (Math.abs(bound as number) > NUMERIC_LIMIT)
      throw new PatternError(`Value of numeric must be between -${NUMERIC_LIMIT} and ${NUMERIC_LIMIT}`);
  }
  if (pairs.length === 4) {
    const [lowOp, low, highOp, high] = pairs as [string, number, string, number];
    if (!LOWER_BOUND_OPS.has(lowOp) || !UPPER_BOUND_OPS.has(highOp) || low >= high)
      throw new PatternError(
        'Bad numeric range: give a lower bound (> or >=) then a larger upper bound (< or <=)',
      );
  }
}

function validateAnythingBut(argument: unknown): void {
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  if (scalar(argument)) return;
  if (Array.isArray(argument)) {
    if (argument.length === 0 || !argument.every(scalar))
      throw new PatternError('Inside anything-but list, only strings and numbers are allowed');
    return;
  }
  if (isObject(argument) && Object.keys(argument).length === 1) {
    const [operator, value] = Object.entries(argument)[0] as [string, unknown];
    if (
      (operator === 'prefix' || operator === 'suffix' || operator === 'wildcard') &&
      typeof value === 'string'
    )
      return;
    if (
      operator === 'equals-ignore-case' &&
      (typeof value === 'string' ||
        (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')))
    )
      return;
  }
  throw new PatternError(
    'Value of anything-but must be a string, number, list of them, or one of { prefix | suffix | equals-ignore-case | wildcard }',
  );
}

function matchObject(pattern: Readonly<Record<string, unknown>>, value: unknown): boolean {
  const fields = isObject(value) ? value : {};
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return (sub as Record<string, unknown>[]).some((alt) => matchObject(alt, value));
    const field = fields[key];
    if (Array.isArray(sub)) return matchLeaf(sub, field);
    const nested = sub as Record<string, unknown>;
    // Arrays of objects are flattened: any element may satisfy the nested pattern.
    if (Array.isArray(field)) return field.some((item) => matchObject(nested, item));
    return matchObject(nested, field);
  });
}

function matchLeaf(matchers: readonly unknown[], field: unknown): boolean {
  const values = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return matchers.some((matcher) => {
    if (isObject(matcher) && 'exists' in matcher) {
      const present = field !== undefined && !isObject(field);
      return matcher.exists === present;
    }
    return values.some((v) => matchValue(matcher, v));
  });
}

function matchValue(matcher: unknown, value: unknown): boolean {
  if (!isObject(matcher)) return matcher === value;
  const [operator, argument] = Object.entries(matcher)[0] as [string, unknown];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && affix(argument, value, (v, a) => v.startsWith(a));
    case 'suffix':
      return typeof value === 'string' && affix(argument, value, (v, a) => v.endsWith(a));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(argument).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcard(String(argument)).test(value);
    case 'numeric':
      return typeof value === 'number' && numeric(argument as unknown[], value);
    case 'anything-but':
      return anythingBut(argument, value);
    default:
      return false;
  }
}

function affix(argument: unknown, value: string, test: (value: string, affix: string) => boolean): boolean {
  if (typeof argument === 'string') return test(value, argument);
  const ignoreCase = String((argument as Record<string, unknown>)['equals-ignore-case']);
  return test(value.toLowerCase(), ignoreCase.toLowerCase());
}

function wildcard(pattern: string): RegExp {
  const source = pattern
    .split(/(?<!\\)\*/)
    .map((part) => part.replace(/\\\*/g, '*').replace(/[.+?^${}()|[\]\\*]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's');
}

function numeric(pairs: readonly unknown[], value: number): boolean {
  for (let i = 0; i < pairs.length; i += 2) {
    const bound = pairs[i + 1] as number;
    const ok = {
      '=': value === bound,
      '<': value < bound,
      '<=': value <= bound,
      '>': value > bound,
      '>=': value >= bound,
    }[pairs[i] as '=' | '<' | '<=' | '>' | '>='];
    if (!ok) return false;
  }
  return true;
}

function anythingBut(argument: unknown, value: unknown): boolean {
  if (!isObject(argument)) {
    const excluded = Array.isArray(argument) ? argument : [argument];
    return !excluded.includes(value);
  }
  if (typeof value !== 'string') return false;
  const [operator, operand] = Object.entries(argument)[0] as [string, unknown];
  switch (operator) {
    case 'prefix':
      return !value.startsWith(String(operand));
    case 'suffix':
      return !value.endsWith(String(operand));
    case 'wildcard':
      return !wildcard(String(operand)).test(value);
    default: {
      const excluded = (Array.isArray(operand) ? operand : [operand]).map((v) => String(v).toLowerCase());
      return !excluded.includes(value.toLowerCase());
    }
  }
}
