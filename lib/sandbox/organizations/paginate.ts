/**
 * NextToken/MaxResults paging. Pages are capped at the configured page size even when MaxResults
 * asks for more — AWS documents that a page may be short while NextToken is set — so callers
 * that forget to follow NextToken fail in tests, not in production.
 */
import { invalidInput } from '../aws-error.ts';
import { decodePageToken, encodePageToken } from '../page-token.ts';
import type { Input } from './input.ts';

/** AWS caps MaxResults at 20 for the Organizations List operations. */
const MAX_RESULTS = 20;

export interface Page<T> {
  items: T[];
  NextToken?: string;
}

/** `scope` binds a token to the listing it came from (operation and its filter arguments). */
export function paginate<T>(input: Input, items: readonly T[], scope: string, pageSize: number): Page<T> {
  const maxResults = input.optionalInteger('MaxResults');
  if (maxResults !== undefined && maxResults < 1) {
    throw invalidInput('MIN_VALUE_EXCEEDED', 'MaxResults must be at least 1.');
  }
  if (maxResults !== undefined && maxResults > MAX_RESULTS) {
    throw invalidInput('MAX_VALUE_EXCEEDED', `MaxResults must be at most ${MAX_RESULTS}.`);
  }
  const token = input.optionalString('NextToken');
  const offset = token === undefined ? 0 : decode(token, scope);
  const size = Math.min(maxResults ?? pageSize, pageSize);
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { NextToken: encode(scope, end) } : {}),
  };
}

function encode(scope: string, offset: number): string {
  return encodePageToken(scope, offset);
}

function decode(token: string, scope: string): number {
  const offset = decodePageToken(token, scope);
  if (offset === undefined)
    throw invalidInput('INVALID_NEXT_TOKEN', 'The NextToken value is not valid for this request.');
  return offset;
}
