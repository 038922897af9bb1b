import type { RequestRecord } from '../record/types.ts';
import type { StepDeps } from './deps.ts';
import { ownedRecord } from './record.ts';

export interface CompleteOutput {
  status: 'SUCCEEDED';
  requestId: string;
  accountId?: string;
}

/** Marks the request SUCCEEDED. */
export async function complete(
  requestId: string,
  execution: string,
  deps: StepDeps,
): Promise<CompleteOutput> {
  const current = await ownedRecord(deps.repo, requestId, execution);
  const record: RequestRecord =
    current.status === 'SUCCEEDED' ? current : await deps.repo.complete(requestId, execution);
  return { status: 'SUCCEEDED', requestId, ...(record.accountId ? { accountId: record.accountId } : {}) };
}
