import { parseOuPath } from '../config/index.ts';
import { ensureOuPath, placeAccount } from '../org/ous.ts';
import type { VendRequest } from '../request/schema.ts';
import { assertBlueprintValid } from './blueprint-check.ts';
import type { StepDeps } from './deps.ts';
import { blueprintOf, ownedRecord } from './record.ts';

export interface PlaceInOuOutput {
  ouId: string;
  ouPath: string;
  /** The OU's entity path (o-…/r-…/ou-…/), which GrantDataAccess's bucket-policy condition names. */
  ouOrgPath: string;
  createdOus: string[];
  moved: boolean;
}

/** Puts the account into its blueprint's OU, creating the OU path where it is missing. */
export async function placeInOu(
  requestId: string,
  execution: string,
  accountId: string,
  deps: StepDeps,
): Promise<PlaceInOuOutput> {
  const record = await ownedRecord(deps.repo, requestId, execution);
  const request = record.request as VendRequest;
  const blueprint = blueprintOf(deps.config, request);
  assertBlueprintValid(deps.config, request.blueprint, 'ou');

  const { ouId, orgPath, created } = await ensureOuPath(deps.org, parseOuPath(blueprint.ou));
  const moved = await placeAccount(deps.org, accountId, ouId);
  await deps.repo.completeStep(requestId, execution, 'PlaceInOu', {
    ouId,
    ouPath: blueprint.ou,
    ouOrgPath: orgPath,
  });
  return { ouId, ouPath: blueprint.ou, ouOrgPath: orgPath, createdOus: created, moved };
}
