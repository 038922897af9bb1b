import { readScp } from '../config/index.ts';
import { attachScps, ensureScp, ensureScpsEnabled, listScps } from '../org/scps.ts';
import type { VendRequest } from '../request/schema.ts';
import { assertBlueprintValid } from './blueprint-check.ts';
import type { StepDeps } from './deps.ts';
import { blueprintOf, ownedRecord } from './record.ts';

export interface ApplyScpsOutput {
  scps: string[];
  ouScps: string[];
  policyIds: Record<string, string>;
  created: string[];
  updated: string[];
  attached: string[];
}

/**
 * Governs the account with its blueprint's SCPs (`scps` on the account, `ouScps` on its OU).
 * Every policy document is read and checked before the first AWS call.
 */
export async function applyScps(
  requestId: string,
  execution: string,
  target: { accountId: string; ouId: string },
  deps: StepDeps,
): Promise<ApplyScpsOutput> {
  const record = await ownedRecord(deps.repo, requestId, execution);
  const request = record.request as VendRequest;
  const blueprint = blueprintOf(deps.config, request);
  assertBlueprintValid(deps.config, request.blueprint, 'scps');
  const names = [...new Set([...blueprint.scps, ...blueprint.ouScps])];
  const docs = new Map(names.map((name) => [name, readScp(deps.config, name)]));

  const output: ApplyScpsOutput = {
    scps: blueprint.scps,
    ouScps: blueprint.ouScps,
    policyIds: {},
    created: [],
    updated: [],
    attached: [],
  };
  if (names.length > 0) await ensureScpsEnabled(deps.org);
  const existing = await listScps(deps.org);
  for (const [name, doc] of docs) {
    const { policyId, action } = await ensureScp(deps.org, existing, doc);
    output.policyIds[name] = policyId;
    if (action === 'created') output.created.push(name);
    if (action === 'updated') output.updated.push(name);
  }
  const idsOf = (list: string[]) => list.map((name) => output.policyIds[name] as string);
  const attachedToAccount = await attachScps(deps.org, target.accountId, idsOf(blueprint.scps));
  const attachedToOu = await attachScps(deps.org, target.ouId, idsOf(blueprint.ouScps));
  output.attached = [...attachedToAccount, ...attachedToOu];

  await deps.repo.completeStep(requestId, execution, 'ApplyScps', {
    scps: output.scps,
    ouScps: output.ouScps,
    policyIds: output.policyIds,
  });
  return output;
}
