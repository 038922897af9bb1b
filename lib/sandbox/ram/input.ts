/**
 * Reads RAM request members (camelCase JSON, some from the query string). RAM's model has few
 * constraints; a member of the wrong type or missing is an InvalidParameterException or
 * MissingRequiredParameterException naming it.
 */
import { decodePageToken, encodePageToken } from '../page-token.ts';
import {
  invalidMaxResults,
  invalidNextToken,
  invalidParameter,
  missingParameter,
  tagLimitExceeded,
} from './errors.ts';

const MAX_TAGS = 50;

export class JsonInput {
  constructor(readonly raw: Record<string, unknown>) {}

  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined || value === '') throw missingParameter(name);
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw invalidParameter(`${name} must be a string.`);
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[], required: true): T;
  oneOf<T extends string>(name: string, values: readonly T[], required?: false): T | undefined;
  oneOf<T extends string>(name: string, values: readonly T[], required = false): T | undefined {
    const value = required ? this.string(name) : this.optionalString(name);
    if (value !== undefined && !values.includes(value as T))
      throw invalidParameter(`${name} must be one of ${values.join(', ')}; got ${value}.`);
    return value as T | undefined;
  }

  stringList(name: string): string[] | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
      throw invalidParameter(`${name} must be a list of strings.`);
    return value as string[];
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw invalidParameter(`${name} must be a boolean.`);
    return value;
  }

  /** `[{ key, value }]` as a record. */
  tags(): Record<string, string> {
    const value = this.raw.tags;
    if (value === undefined || value === null) return {};
    if (!Array.isArray(value)) throw invalidParameter('tags must be a list.');
    const tags: Record<string, string> = {};
    for (const tag of value as unknown[]) {
      const { key, value: tagValue } = (tag ?? {}) as Record<string, unknown>;
      if (typeof key !== 'string' || key === '') throw invalidParameter('Each tag must have a key.');
      if (tagValue !== undefined && typeof tagValue !== 'string')
        throw invalidParameter(`Tag ${key} has a value that is not a string.`);
      if (key.toLowerCase().startsWith('aws:'))
        throw invalidParameter('Tag keys starting with aws: are reserved.');
      tags[key] = tagValue ?? '';
    }
    if (Object.keys(tags).length > MAX_TAGS)
      throw tagLimitExceeded(`A resource share can have at most ${MAX_TAGS} tags.`);
    return tags;
  }

  /**
   * nextToken/maxResults paging (maxResults 1–500), the token bound to the listing it came from.
   * Pages stop at `pageSize` whatever maxResults asks — RAM documents that a page may be short
   * while nextToken is set — so callers that ignore nextToken fail in tests.
   */
  page<T>(items: readonly T[], scope: string, pageSize: number): { items: T[]; nextToken?: string } {
    const maxResults = this.raw.maxResults;
    if (
      maxResults !== undefined &&
      (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 500)
    )
      throw invalidMaxResults('maxResults must be an integer from 1 to 500.');
    const token = this.optionalString('nextToken');
    const offset = token === undefined ? 0 : decode(token, scope);
    const end = offset + Math.min((maxResults as number | undefined) ?? pageSize, pageSize);
    return {
      items: items.slice(offset, end),
      ...(end < items.length ? { nextToken: encodePageToken(scope, end) } : {}),
    };
  }
}

function decode(token: string, scope: string): number {
  const offset = decodePageToken(token, scope);
  if (offset === undefined) throw invalidNextToken('The specified value for nextToken is not valid.');
  return offset;
}
