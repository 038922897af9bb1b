import type { Blueprint, LoadedConfig } from '../config/index.ts';
import { InvalidRequestError, RequestOwnershipError } from '../errors.ts';
import type { RequestRepository } from '../record/repository.ts';
import type { RequestRecord } from '../record/types.ts';
import type { VendRequest } from '../request/schema.ts';

/** The request's record, provided this execution still owns it. */
export async function ownedRecord(
  repo: RequestRepository,
  requestId: string,
  execution: string,
): Promise<RequestRecord> {
  const record = await repo.require(requestId);
  if (record.owner !== execution) {
    throw new RequestOwnershipError(
      `Request ${requestId} is owned by ${record.owner ?? 'no execution'}, not ${execution}`,
    );
  }
  return record;
}

export function blueprintOf(config: LoadedConfig, request: Pick<VendRequest, 'blueprint'>): Blueprint {
  const blueprint = config.config.blueprints[request.blueprint];
  if (!blueprint) throw new InvalidRequestError(`Unknown blueprint "${request.blueprint}"`);
  return blueprint;
}
