import { InvalidRequestError } from '../errors.ts';
import { requestOf } from '../record/request-of.ts';
import type { RequestRecord } from '../record/types.ts';
import { checkRequestAgainstConfig } from '../request/check.ts';
import { parseRequest, requestIdOf, unwrapRequest } from '../request/parse.ts';
import { type RetryInput, retryOf, STUCK_AFTER_MS } from '../request/retry.ts';
import type { VendRequest } from '../request/schema.ts';
import type { StepDeps } from './deps.ts';

export interface ClaimOutput {
  requestId: string;
  execution: string;
  /** False when another execution has or had this request: this one ends as a no-op. */
  claimed: boolean;
  status: RequestRecord['status'];
  owner?: string;
  /** Why nothing was done, for a person reading the execution's output (retries). */
  message?: string;
}

/**
 * Takes ownership of a request for this execution, after checking it against the contract.
 * At-least-once delivery means the same request can start several executions; the
 * conditional write lets exactly one of them do the work.
 */
export async function claim(input: unknown, execution: string, deps: StepDeps): Promise<ClaimOutput> {
  const retry = retryOf(input);
  if (retry) return claimRetry(retry, execution, deps);
  const requestId = requestIdOf(input);
  if (requestId === undefined) {
    // Without a usable id there is nothing to key a record on; parseRequest names the problem.
    const { request, fallbackId } = unwrapRequest(input);
    parseRequest(request, fallbackId);
    throw new InvalidRequestError('Invalid request: no request id');
  }

  const existing = await deps.repo.get(requestId);
  if (existing && existing.status !== 'REQUESTED' && existing.owner !== execution) {
    return {
      requestId,
      execution,
      claimed: false,
      status: existing.status,
      ...ownerOf(existing),
      ...(existing.status === 'FAILED'
        ? {
            message: `Request ${requestId} FAILED; a new request with the same id does nothing: retry it instead`,
          }
        : {}),
    };
  }
  // A record inserted with status REQUESTED is the request (DynamoDB and Slack intakes): it is
  // claimed first and checked after, so an invalid one ends FAILED under this execution instead
  // of staying REQUESTED. Otherwise the input is the request, checked before anything is written.
  const inserted = existing?.status === 'REQUESTED' ? requestOf(existing) : undefined;
  const result = await deps.repo.claim(requestId, execution, inserted ?? validRequest(input));
  const { record } = result;
  if (!result.claimed) {
    return { requestId, execution, claimed: false, status: record.status, ...ownerOf(record) };
  }
  const request = inserted ? parseRequest(withoutId(inserted), requestId) : (record.request as VendRequest);
  checkRequestAgainstConfig(request, deps.config);
  return { requestId, execution, claimed: true, status: record.status, owner: execution };
}

/**
 * A person retrying a request: a FAILED one, or with `force` an IN_PROGRESS one whose execution
 * is certainly gone, is taken over by this execution with one conditional write, keeping what
 * was done so far; the steps then converge from there. Everything is checked before that write,
 * so a retry that cannot start leaves the record as it was.
 */
async function claimRetry(retry: RetryInput, execution: string, deps: StepDeps): Promise<ClaimOutput> {
  const { requestId } = retry;
  const record = await deps.repo.get(requestId);
  if (!record) throw new InvalidRequestError(`Nothing to retry: there is no request ${requestId}`);
  if (record.status === 'REQUESTED') {
    throw new InvalidRequestError(`Nothing to retry: request ${requestId} has not started yet`);
  }
  const noOp = (message: string): ClaimOutput => ({
    requestId,
    execution,
    claimed: false,
    status: record.status,
    ...ownerOf(record),
    message,
  });
  if (record.owner === execution) {
    // This execution took it over already: a retried Claim.
    if (record.status === 'IN_PROGRESS')
      return { requestId, execution, claimed: true, status: 'IN_PROGRESS', owner: execution };
    return noOp(`Request ${requestId} is ${record.status} under this very execution`);
  }
  if (record.status === 'SUCCEEDED') {
    return noOp(
      `Request ${requestId} already SUCCEEDED (account ${record.accountId ?? 'unknown'}): nothing to retry`,
    );
  }
  if (record.status === 'IN_PROGRESS') {
    const idleMs = Date.now() - Date.parse(record.updatedAt);
    const stuck = idleMs > STUCK_AFTER_MS;
    if (!retry.force || !stuck) {
      const idle = `${Math.floor(idleMs / 60_000)} min`;
      return noOp(
        `Request ${requestId} is IN_PROGRESS under execution ${record.owner ?? 'unknown'} (no change for ${idle}). ` +
          (stuck
            ? 'If that execution is no longer running, retry with force to take it over.'
            : `A forced retry takes it over only after ${STUCK_AFTER_MS / 60_000} min without change, when that execution has certainly ended.`),
      );
    }
  }
  // The blueprints may have changed since the first attempt: the request is checked again.
  const request = parseRequest(withoutId(requestOf(record)), requestId);
  checkRequestAgainstConfig(request, deps.config);
  const result = await deps.repo.takeOver(requestId, execution, record);
  if (!result.claimed) {
    return {
      requestId,
      execution,
      claimed: false,
      status: result.record.status,
      ...ownerOf(result.record),
      message: `Request ${requestId} changed while this retry read it (now ${result.record.status} under ${result.record.owner ?? 'no execution'}): another execution has it`,
    };
  }
  return { requestId, execution, claimed: true, status: 'IN_PROGRESS', owner: execution };
}

function withoutId(request: Record<string, unknown>): Record<string, unknown> {
  const { requestId: _id, ...rest } = request;
  return rest;
}

function validRequest(input: unknown): VendRequest {
  const { request, fallbackId } = unwrapRequest(input);
  return parseRequest(request, fallbackId);
}

function ownerOf(record: RequestRecord): { owner?: string } {
  return record.owner ? { owner: record.owner } : {};
}
