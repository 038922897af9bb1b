/**
 * Reads EventBridge request members (PascalCase JSON). Model constraints (lengths, patterns,
 * required members) fail the whole call with ValidationException in AWS's framework wording;
 * a member of the wrong JSON type is a SerializationException, as the SDK never sends one.
 */
import { AwsError } from '../aws-error.ts';
import { decodePageToken, encodePageToken } from '../page-token.ts';
import { constraint, missing, validation } from './errors.ts';

export interface StringConstraints {
  min?: number;
  max?: number;
  /** Whole-value pattern, given as the model spells it. */
  pattern?: string;
}

/** Names as the EventBridge model constrains them. */
export const RULE_NAME: StringConstraints = { min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' };
export const BUS_NAME: StringConstraints = { min: 1, max: 256, pattern: '[/\\.\\-_A-Za-z0-9]+' };
export const BUS_NAME_OR_ARN: StringConstraints = {
  min: 1,
  max: 1600,
  pattern: '(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+',
};
export const TARGET_ID: StringConstraints = { min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' };

const MAX_LIMIT = 100;

/** AWS names members in validation messages camelCase: `Entries` → `entries`. */
const wireName = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

const serialization = (name: string, type: string): AwsError =>
  new AwsError('SerializationException', `${name} must be ${type}.`);

export class EventsInput {
  constructor(readonly raw: Record<string, unknown>) {}

  string(name: string, constraints: StringConstraints = {}): string {
    const value = this.optionalString(name, constraints);
    if (value === undefined) throw missing(wireName(name));
    return value;
  }

  optionalString(name: string, constraints: StringConstraints = {}): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw serialization(name, 'a string');
    checkString(wireName(name), value, constraints);
    return value;
  }

  optionalInteger(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(name, 'an integer');
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw serialization(name, 'a boolean');
    return value;
  }

  /** A required list member with its length bounds. */
  list(name: string, bounds: { min: number; max: number }): unknown[] {
    const value = this.raw[name];
    if (value === undefined || value === null) throw missing(wireName(name));
    if (!Array.isArray(value)) throw serialization(name, 'a list');
    if (value.length < bounds.min)
      throw constraint(
        wireName(name),
        '[]',
        `Member must have length greater than or equal to ${bounds.min}`,
      );
    if (value.length > bounds.max)
      throw constraint(wireName(name), value, `Member must have length less than or equal to ${bounds.max}`);
    return value;
  }

  /**
   * NextToken/Limit paging (Limit 1–100). Pages stop at `pageSize` whatever Limit asks, so
   * callers that ignore NextToken fail in tests; a token only works for the listing it came from.
   */
  page<T>(items: readonly T[], scope: string, pageSize: number): { items: T[]; NextToken?: string } {
    const limit = this.optionalInteger('Limit');
    if (limit !== undefined && (limit < 1 || limit > MAX_LIMIT))
      throw constraint('limit', limit, `Member must have value between 1 and ${MAX_LIMIT}`);
    const token = this.optionalString('NextToken');
    const offset = token === undefined ? 0 : decode(token, scope);
    const end = offset + Math.min(limit ?? pageSize, pageSize);
    return {
      items: items.slice(offset, end),
      ...(end < items.length ? { NextToken: encodePageToken(scope, end) } : {}),
    };
  }
}

export function checkString(field: string, value: string, { min, max, pattern }: StringConstraints): void {
  if (min !== undefined && value.length < min)
    throw constraint(field, value, `Member must have length greater than or equal to ${min}`);
  if (max !== undefined && value.length > max)
    throw constraint(field, value, `Member must have length less than or equal to ${max}`);
  if (pattern !== undefined && !new RegExp(`^(?:${pattern})$`).test(value))
    throw constraint(field, value, `Member must satisfy regular expression pattern: ${pattern}`);
}

function decode(token: string, scope: string): number {
  const offset = decodePageToken(token, scope);
  if (offset === undefined) throw validation('The NextToken provided is not valid.');
  return offset;
}
