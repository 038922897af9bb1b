import type { RequestRecord } from '../record/types.ts';
import type { StepDeps } from './deps.ts';
import { ownedRecord } from './record.ts';

/** Marks the request SUCCEEDED; the final record is the workflow's output. */
export async function complete(requestId: string, execution: string, deps: StepDeps): Promise<RequestRecord> {
  const record = await ownedRecord(deps.repo, requestId, execution);
  if (record.status === 'SUCCEEDED') return record;
  return deps.repo.complete(requestId, execution);
}
