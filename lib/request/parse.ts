import * as v from 'valibot';
import { InvalidRequestError } from '../errors.ts';
import { RequestIdSchema, RequestSchema, type VendRequest } from './schema.ts';

/** Formats valibot issues as `field: message` lines, naming unknown fields plainly. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue);
    if (issue.expected === 'never' && path) return `${path}: unknown field`;
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/**
 * Validates a request at the edge. `fallbackId` (an EventBridge event id) is used when the
 * request carries no `requestId`.
 *
 * @example parseRequest({ accountName: 'ml-a', email: 'ml-a@example.com', blueprint: 'ai-dev' }, 'evt-1')
 */
export function parseRequest(input: unknown, fallbackId?: string): VendRequest {
  const result = v.safeParse(RequestSchema, input);
  if (!result.success) {
    throw new InvalidRequestError(`Invalid request: ${describeIssues(result.issues).join('; ')}`);
  }
  const requestId = result.output.requestId ?? fallbackId;
  if (requestId === undefined || !v.is(RequestIdSchema, requestId)) {
    throw new InvalidRequestError(
      'Invalid request: requestId is missing or not 1–64 characters of A-Z, a-z, 0-9, _ and -',
    );
  }
  return { ...result.output, requestId };
}

/**
 * Finds the request inside a workflow input: a plain request, or an EventBridge
 * `Account Requested` event whose `detail` is the request and whose `id` is the fallback id.
 */
export function unwrapRequest(input: unknown): { request: unknown; fallbackId?: string } {
  if (isObject(input) && 'detail' in input && 'detail-type' in input) {
    return { request: input.detail, ...(typeof input.id === 'string' ? { fallbackId: input.id } : {}) };
  }
  return { request: input };
}

/** The request id of a workflow input, if one can be found, without validating the rest. */
export function requestIdOf(input: unknown): string | undefined {
  const { request, fallbackId } = unwrapRequest(input);
  const id = isObject(request) && typeof request.requestId === 'string' ? request.requestId : fallbackId;
  return id !== undefined && v.is(RequestIdSchema, id) ? id : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
