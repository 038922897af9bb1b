import { ramShareProblem } from '../config/index.ts';
import { ResourceShareError } from '../errors.ts';
import { ensureOrganizationSharing, ensureShare } from '../ram/shares.ts';
import type { RequestRecord } from '../record/types.ts';
import type { VendRequest } from '../request/schema.ts';
import type { CrossAccountDeps } from './cross-deps.ts';
import { blueprintOf, ownedRecord } from './record.ts';

export interface ShareResourcesOutput {
  shares: NonNullable<RequestRecord['shares']>;
  created: string[];
  associated: string[];
}

/**
 * Adds the new account to the blueprint's AWS RAM shares, in each owner account, restricted to
 * the organization. Every ARN is checked to be shareable before any AWS call.
 */
export async function shareResources(
  requestId: string,
  execution: string,
  accountId: string,
  deps: CrossAccountDeps,
): Promise<ShareResourcesOutput> {
  const record = await ownedRecord(deps.repo, requestId, execution);
  const blueprint = blueprintOf(deps.config, record.request as VendRequest);
  for (const share of blueprint.resourceShares) {
    for (const arn of share.resourceArns) {
      const problem = ramShareProblem(arn);
      if (problem) throw new ResourceShareError(`Share "${share.name}": ${problem}`);
    }
  }
  const output: ShareResourcesOutput = { shares: [], created: [], associated: [] };
  if (blueprint.resourceShares.length > 0) {
    const management = await deps.cross.managementAccount();
    await ensureOrganizationSharing(deps.org, (await deps.cross.forAccount(management)).ram);
    for (const share of blueprint.resourceShares) {
      const ownerAccount = share.ownerAccount ?? management;
      const { ram } = await deps.cross.forAccount(ownerAccount);
      const result = await ensureShare(ram, {
        name: share.name,
        principal: accountId,
        resourceArns: share.resourceArns,
        requestId,
      });
      output.shares.push({
        name: share.name,
        arn: result.arn,
        ownerAccount,
        resourceArns: [...share.resourceArns],
      });
      if (result.created) output.created.push(share.name);
      if (result.addedPrincipals.length > 0 || result.addedResources.length > 0)
        output.associated.push(share.name);
    }
  }
  await deps.repo.completeStep(requestId, execution, 'ShareResources', { shares: output.shares });
  return output;
}
