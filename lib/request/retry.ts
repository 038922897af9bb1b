import * as v from 'valibot';
import { InvalidRequestError } from '../errors.ts';
import { describeIssues } from './parse.ts';
import { RequestIdSchema } from './schema.ts';

/** The detail-type of the EventBridge event that retries a request (source `account-vending`). */
export const ACCOUNT_RETRY_REQUESTED = 'Account Retry Requested';

/**
 * An IN_PROGRESS request is taken over by a forced retry only when its record has not changed
 * for this long: more than the state machine's TimeoutSeconds (7200 s), so the execution that
 * owns it has certainly ended (died, timed out or was stopped). A contract test keeps them apart.
 */
export const STUCK_AFTER_MS = (7200 + 15 * 60) * 1000;

const RetrySchema = v.strictObject({
  requestId: RequestIdSchema,
  force: v.optional(v.boolean()),
});
export type RetryInput = v.InferOutput<typeof RetrySchema>;

/**
 * The retry in a workflow input: `{ "retry": { "requestId", "force"? } }`, or an
 * `Account Retry Requested` event whose `detail` is `{ "requestId", "force"? }`.
 * Undefined when the input is not a retry; InvalidRequestError when it is a malformed one.
 */
export function retryOf(input: unknown): RetryInput | undefined {
  if (!isObject(input)) return undefined;
  let retry: unknown;
  if ('detail-type' in input) {
    if (input['detail-type'] !== ACCOUNT_RETRY_REQUESTED) return undefined;
    retry = input.detail;
  } else if ('retry' in input) {
    retry = input.retry;
  } else {
    return undefined;
  }
  const result = v.safeParse(RetrySchema, retry);
  if (!result.success) {
    throw new InvalidRequestError(`Invalid retry: ${describeIssues(result.issues).join('; ')}`);
  }
  return result.output;
}

/** Whether a workflow input asks for a retry (well-formed or not). */
export function isRetryInput(input: unknown): boolean {
  if (!isObject(input)) return false;
  return 'detail-type' in input ? input['detail-type'] === ACCOUNT_RETRY_REQUESTED : 'retry' in input;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
