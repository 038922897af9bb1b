import { isEmailDomainAllowed, RESERVED_TAG_COUNT } from '../config/index.ts';
import { InvalidRequestError } from '../errors.ts';
import type { RequestRecord } from '../record/types.ts';
import { parseRequest, requestIdOf, unwrapRequest } from '../request/parse.ts';
import type { VendRequest } from '../request/schema.ts';
import { assertBlueprintValid } from './blueprint-check.ts';
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
  // A record inserted with status REQUESTED is the request (DynamoDB intake); otherwise the input is.
  const request = existing?.status === 'REQUESTED' ? undefined : validRequest(input);
  const result = await deps.repo.claim(requestId, execution, request);
  const { record } = result;
  if (!result.claimed) {
    return { requestId, execution, claimed: false, status: record.status, ...ownerOf(record) };
  }
  checkAgainstConfig(
    existing?.status === 'REQUESTED' ? parseRequest(record.request, requestId) : record.request,
    deps,
  );
  return { requestId, execution, claimed: true, status: record.status, owner: execution };
}

function validRequest(input: unknown): VendRequest {
  const { request, fallbackId } = unwrapRequest(input);
  return parseRequest(request, fallbackId);
}

function checkAgainstConfig(request: Partial<VendRequest>, { config }: StepDeps): void {
  const names = Object.keys(config.config.blueprints);
  if (!request.blueprint || !Object.hasOwn(config.config.blueprints, request.blueprint)) {
    throw new InvalidRequestError(
      `Unknown blueprint "${request.blueprint}". Known blueprints: ${names.join(', ')}`,
    );
  }
  // Refuse a blueprint that cannot be applied now, before an account exists for it.
  assertBlueprintValid(config, request.blueprint);
  const blueprint = config.config.blueprints[request.blueprint];
  const tagKeys = new Set([...Object.keys(blueprint?.tags ?? {}), ...Object.keys(request.tags ?? {})]);
  const maxTags = config.limits.tagsPerAccount - RESERVED_TAG_COUNT;
  if (tagKeys.size > maxTags) {
    throw new InvalidRequestError(
      `The request's tags merged over blueprint ${request.blueprint}'s make ${tagKeys.size}; at most ${maxTags} fit, ` +
        `since AWS allows ${config.limits.tagsPerAccount} per account and the vending machine adds ${RESERVED_TAG_COUNT}`,
    );
  }
  if (!request.email || !isEmailDomainAllowed(config, request.email)) {
    throw new InvalidRequestError(
      `Email ${request.email} is outside the allowed domains (${config.config.organization.emailDomains.join(', ')})`,
    );
  }
}

function ownerOf(record: RequestRecord): { owner?: string } {
  return record.owner ? { owner: record.owner } : {};
}
