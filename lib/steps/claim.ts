import { InvalidRequestError } from '../errors.ts';
import { requestOf } from '../record/request-of.ts';
import type { RequestRecord } from '../record/types.ts';
import { checkRequestAgainstConfig } from '../request/check.ts';
import { parseRequest, requestIdOf, unwrapRequest } from '../request/parse.ts';
import type { VendRequest } from '../request/schema.ts';
import type { StepDeps } from './deps.ts';

export interface ClaimOutput {
  requestId: string;
  execution: string;
  /** False when another execution has or had this request: this one ends as a no-op. */
  claimed: boolean;
  status: RequestRecord['status'];
  owner?: string;
}

/**
 * Takes ownership of a request for this execution, after checking it against the contract.
 * At-least-once delivery means the same request can start several executions; the
 * conditional write lets exactly one of them do the work.
 */
export async function claim(input: unknown, execution: string, deps: StepDeps): Promise<ClaimOutput> {
  const requestId = requestIdOf(input);
  if (requestId === undefined) {
    // Without a usable id there is nothing to key a record on; parseRequest names the problem.
    const { request, fallbackId } = unwrapRequest(input);
    parseRequest(request, fallbackId);
    throw new InvalidRequestError('Invalid request: no request id');
  }

  const existing = await deps.repo.get(requestId);
  if (existing && existing.status !== 'REQUESTED' && existing.owner !== execution) {
    return { requestId, execution, claimed: false, status: existing.status, ...ownerOf(existing) };
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
