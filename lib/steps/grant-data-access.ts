import { accountTrust } from '../access/ml-policies.ts';
import {
  dataRoleName,
  dataSidPrefix,
  EXECUTION_ROLE_NAME,
  partitionOf,
  sharedDataSidPrefix,
} from '../access/names.ts';
import { policy } from '../access/policy-document.ts';
import { type OuRolesScope, ouScopedBucketStatements, s3Statements } from '../access/s3-statements.ts';
import { RequestStateError } from '../errors.ts';
import { ensureRole, ensureRoleInlinePolicy } from '../iam/roles.ts';
import type { RequestRecord } from '../record/types.ts';
import type { VendRequest } from '../request/schema.ts';
import { putOurStatements } from '../s3/bucket-policy.ts';
import type { CrossAccountDeps } from './cross-deps.ts';
import { inNewAccount } from './new-account.ts';
import { blueprintOf, ownedRecord } from './record.ts';

export interface GrantDataAccessOutput {
  dataRoles: NonNullable<RequestRecord['dataRoles']>;
  bucketPolicySids: string[];
  changed: string[];
}

/**
 * Cross-account S3 done on both sides, since AWS needs both to allow a call: in the new account
 * a role (per dataAccess entry) whose identity policy grants exactly `read` or `read-write` on
 * the bucket and prefix; in the bucket's account a pair of statements granting the same to that
 * role name (and the SageMaker execution role's, where the blueprint says so) in every account
 * directly in the blueprint's OU.
 *
 * Why shared statements rather than one pair per account: a bucket policy holds at most 20 KB,
 * and a pair per account (~700 bytes) fills it at ~30 accounts, a list of role ARNs (~110 bytes
 * per account) at ~180. The OU-scoped pair has the same size for 1 or 10,000 accounts, needs no
 * lookup (PlaceInOu recorded the OU's path) and converges to "present or not" per blueprint,
 * entry and OU. The price: the grant follows OU membership (an account moved out loses it), and
 * blueprints sharing an OU share their bucket-side grants (each role's own policy still limits
 * it to its entry). See ouScopedBucketStatements for the conditions.
 *
 * The account's own pair from earlier versions (AvmData<account><Entry>…) is removed; other
 * statements of the bucket policy are never touched.
 */
export async function grantDataAccess(
  requestId: string,
  execution: string,
  accountId: string,
  deps: CrossAccountDeps,
): Promise<GrantDataAccessOutput> {
  const record = await ownedRecord(deps.repo, requestId, execution);
  const request = record.request as VendRequest;
  const blueprint = blueprintOf(deps.config, request);
  const ou = ouOf(record, requestId);
  const partition = partitionOf(deps.region);
  const executionEntries = new Set(blueprint.sagemakerExecutionRole?.dataAccess ?? []);
  const output: GrantDataAccessOutput = { dataRoles: [], bucketPolicySids: [], changed: [] };
  const { iam } = await deps.cross.forAccount(accountId, { isNew: true });

  for (const entry of blueprint.dataAccess) {
    const grant = { partition, bucket: entry.bucket, prefix: entry.prefix, access: entry.access };
    const name = dataRoleName(entry.name);
    const sid = dataSidPrefix(accountId, entry.name);
    const role = await inNewAccount(accountId, async () => {
      const result = await ensureRole(iam, {
        name,
        trust: accountTrust(partition, accountId),
        description: `${entry.access} access to s3://${entry.bucket}/${entry.prefix}, managed by the account vending machine`,
      });
      const wrote = await ensureRoleInlinePolicy(
        iam,
        name,
        'avm-data-access',
        policy(s3Statements(grant, sid)),
      );
      if (result.action !== 'unchanged' || wrote) output.changed.push(`role ${name}`);
      return result;
    });

    const roleNames = executionEntries.has(entry.name) ? [name, EXECUTION_ROLE_NAME] : [name];
    const bucketStatements = ouScopedBucketStatements(
      grant,
      sharedDataSidPrefix(request.blueprint, entry.name, ou.ouId),
      { ...ou.scope, roleNames },
    );
    const { s3 } = await deps.cross.forAccount(entry.bucketAccount);
    // S3 has no conditional PutBucketPolicy: vends granting on one bucket take turns.
    const { changed } = await deps.locks.withLock(`bucket-policy#${entry.bucket}`, requestId, () =>
      putOurStatements(s3, entry.bucket, bucketStatements, deps.config.limits.bucketPolicyMaxBytes, [
        `${sid}Objects`,
        `${sid}List`,
      ]),
    );
    if (changed) output.changed.push(`bucket policy ${entry.bucket}`);
    output.dataRoles.push({
      name: entry.name,
      roleArn: role.arn,
      bucket: entry.bucket,
      prefix: entry.prefix,
      access: entry.access,
    });
    output.bucketPolicySids.push(...bucketStatements.map((statement) => statement.Sid as string));
  }

  const forExecution = blueprint.dataAccess.filter((entry) => executionEntries.has(entry.name));
  if (forExecution.length > 0) {
    const statements = forExecution.flatMap((entry) =>
      s3Statements(
        { partition, bucket: entry.bucket, prefix: entry.prefix, access: entry.access },
        dataSidPrefix(accountId, entry.name),
      ),
    );
    const wrote = await inNewAccount(accountId, () =>
      ensureRoleInlinePolicy(iam, EXECUTION_ROLE_NAME, 'avm-data-access', policy(statements)),
    );
    if (wrote) output.changed.push('execution role data access');
  }

  await deps.repo.completeStep(requestId, execution, 'GrantDataAccess', {
    dataRoles: output.dataRoles,
    bucketPolicySids: output.bucketPolicySids,
  });
  return output;
}

/** The OU PlaceInOu put the account in, as the bucket-policy conditions name it. */
function ouOf(
  record: RequestRecord,
  requestId: string,
): { ouId: string; scope: Omit<OuRolesScope, 'roleNames'> } {
  const ids = record.ouOrgPath?.split('/').filter(Boolean) ?? [];
  const [organizationId, ...below] = ids;
  const ouId = below.at(-1);
  if (!record.ouOrgPath || !organizationId?.startsWith('o-') || !ouId) {
    throw new RequestStateError(
      `Request ${requestId} has no OU path recorded by PlaceInOu (an earlier version placed the account): ` +
        `run avm retry ${requestId} to place it again and grant the data access`,
    );
  }
  return { ouId, scope: { organizationId, ouOrgPath: record.ouOrgPath } };
}
