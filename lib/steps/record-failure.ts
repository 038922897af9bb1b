import { requestIdOf, unwrapRequest } from '../request/parse.ts';
import { isRetryInput, retryOf } from '../request/retry.ts';
import type { StepDeps } from './deps.ts';

export interface RecordFailureOutput {
  status: 'FAILED';
  requestId?: string;
  /** False when there is no request id, or the record belongs to another execution. */
  recorded: boolean;
  step: string;
  error: string;
  cause: string;
}

/**
 * Records why a vend failed. Each Catch in the ASL puts the error under `$.failure.<Step>`,
 * which names the failed step. The Cause of a Lambda error is the JSON of
 * `{ errorType, errorMessage }`; the message is what a person reads.
 */
export async function recordFailure(
  input: Record<string, unknown>,
  execution: string,
  deps: StepDeps,
): Promise<RecordFailureOutput> {
  const failures = (input.failure ?? {}) as Record<string, { Error?: string; Cause?: string }>;
  const [step, caught] = Object.entries(failures)[0] ?? ['Unknown', {}];
  const error = caught.Error ?? 'UnknownError';
  const message = causeMessage(caught.Cause);
  if (typeof input.requestId !== 'string' && isRetryInput(input)) {
    // A retry that failed at Claim never took the request over: the record stays as it was
    // (and Notify, finding it not owned by this execution, tells no one again).
    const retried = safeRetryId(input);
    return {
      status: 'FAILED',
      ...(retried ? { requestId: retried } : {}),
      recorded: false,
      step,
      error,
      cause: message,
    };
  }
  // Only a well-formed id keys a record: a refused request's own field may be anything.
  const requestId = requestIdOf(input);
  if (!requestId) {
    // Nothing to key a record on: the execution's failure is the only trace, so make it clear.
    return { status: 'FAILED', recorded: false, step, error, cause: message };
  }
  const { request } = unwrapRequest(input);
  const raw = typeof request === 'object' && request !== null ? (request as Record<string, unknown>) : {};
  const { failure: _ignored, ...requestFields } = raw;
  const failure = { step, error, message };
  let record: Awaited<ReturnType<typeof deps.repo.fail>>;
  try {
    record = await deps.repo.fail(requestId, execution, failure, { ...requestFields, requestId });
  } catch (thrown) {
    if (!isUnstorable(thrown)) throw thrown;
    // A refused request may hold what DynamoDB cannot store (numbers beyond its range, items
    // over 400 KB, …): the failure is recorded all the same, the request kept as JSON text.
    record = await deps.repo.fail(requestId, execution, failure, {
      requestId,
      unstorable: safeJson(requestFields).slice(0, MAX_KEPT_CHARS),
    });
  }
  // A failed vend frees its creation slot if it held one; only the execution that owns the
  // request may (another execution's failure says nothing about the owner's creation).
  if (record) await deps.slots.release(requestId);
  return { status: 'FAILED', requestId, recorded: record !== undefined, step, error, cause: message };
}

const MAX_KEPT_CHARS = 4096;

/** DynamoDB refused the item, or the document client could not turn it into one. */
function isUnstorable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'ValidationException' || Object.getPrototypeOf(error) === Error.prototype;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function safeRetryId(input: unknown): string | undefined {
  try {
    return retryOf(input)?.requestId;
  } catch {
    return undefined;
  }
}

export function causeMessage(cause: string | undefined): string {
  if (!cause) return 'no details';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Not JSON: a States.* error's plain cause.
  }
  return cause;
}
