/**
 * Reads awsQuery members (`RoleName=x`, `Tags.member.1.Key=k`) with the IAM model's
 * constraints: a missing required member or a pattern or length violation is a ValidationError
 * naming the member in lowerCamelCase, as AWS words it.
 */

import { decodePageToken, encodePageToken } from '../page-token.ts';
import { invalidInput, validationError } from './errors.ts';

export interface QueryRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** The pattern as the error message shows it. */
  patternText?: string;
}

/** Name patterns of the IAM model. */
export const NAME = { pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' };
export const PATH = {
  min: 1,
  max: 512,
  pattern: /^(\/|\/[\u0021-\u007E]+\/)$/,
  patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
};
export const POLICY_ARN = { min: 20, max: 2048 };

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

const member = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

export class QueryInput {
  constructor(private readonly params: URLSearchParams) {}

  string(name: string, rule: QueryRule = {}): string {
    const value = this.optionalString(name, rule);
    if (value === undefined)
      throw validationError(
        `Value null at '${member(name)}' failed to satisfy constraint: Member must not be null`,
      );
    return value;
  }

  optionalString(name: string, rule: QueryRule = {}): string | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    check(member(name), value, rule);
    return value;
  }

  optionalInteger(name: string, range: { min: number; max: number }): number | undefined {
    const raw = this.params.get(name);
    if (raw === null) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw invalidInput(`Invalid value for ${name}: ${raw}`);
    if (value < range.min || value > range.max) {
      const bound =
        value < range.min ? `greater than or equal to ${range.min}` : `less than or equal to ${range.max}`;
      throw validationError(
        `Value '${value}' at '${member(name)}' failed to satisfy constraint: Member must have value ${bound}`,
      );
    }
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const raw = this.params.get(name);
    return raw === null ? undefined : raw === 'true';
  }

  /** `Tags.member.N.Key/Value` as a record, in order; the model allows 50 and unique keys. */
  tags(): Record<string, string> {
    const tags: Record<string, string> = {};
    const seen = new Set<string>();
    for (let i = 1; this.params.has(`Tags.member.${i}.Key`); i++) {
      const key = this.params.get(`Tags.member.${i}.Key`) ?? '';
      const value = this.params.get(`Tags.member.${i}.Value`) ?? '';
      check('tags.member.key', key, {
        min: 1,
        max: 128,
        pattern: TAG_CHARS,
        patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
      });
      check('tags.member.value', value, {
        max: 256,
        pattern: TAG_CHARS,
        patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
      });
      if (seen.has(key.toLowerCase()))
        throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
      seen.add(key.toLowerCase());
      tags[key] = value;
    }
    if (seen.size > MAX_TAGS)
      throw validationError(
        `Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`,
      );
    return tags;
  }

  /** Marker/MaxItems paging for the List operations. */
  page<T>(items: readonly T[], scope: string): { items: T[]; IsTruncated: boolean; Marker?: string } {
    const maxItems = this.optionalInteger('MaxItems', { min: 1, max: 1000 }) ?? 100;
    const marker = this.optionalString('Marker', { min: 1, max: 320 });
    const offset = marker === undefined ? 0 : decodeMarker(marker, scope);
    const end = offset + maxItems;
    const truncated = end < items.length;
    return {
      items: items.slice(offset, end),
      IsTruncated: truncated,
      ...(truncated ? { Marker: encodePageToken(scope, end) } : {}),
    };
  }
}

function check(name: string, value: string, rule: QueryRule): void {
  if (rule.min !== undefined && value.length < rule.min)
    throw validationError(
      `Value '${value}' at '${name}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`,
    );
  if (rule.max !== undefined && value.length > rule.max)
    throw validationError(
      `Value '${value.slice(0, 64)}...' at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`,
    );
  if (rule.pattern && !rule.pattern.test(value))
    throw validationError(
      `Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`,
    );
}

function decodeMarker(marker: string, scope: string): number {
  const offset = decodePageToken(marker, scope);
  if (offset === undefined) throw invalidInput('Invalid Marker.');
  return offset;
}
