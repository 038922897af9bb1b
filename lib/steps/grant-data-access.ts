import { accountTrust } from '../access/ml-policies.ts';
import { dataRoleName, dataSidPrefix, EXECUTION_ROLE_NAME, partitionOf, roleArn } from '../access/names.ts';
import { policy } from '../access/policy-document.ts';
import { s3Statements } from '../access/s3-statements.ts';
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
 * the bucket and prefix; in the bucket's account a bucket-policy statement with its own Sid
 * granting that role (and the SageMaker execution role, where the blueprint says so) the same.
 * Other statements of the bucket policy are never touched.
 */
export async function grantDataAccess(
  requestId: string,
  execution: string,
  accountId: string,
  deps: CrossAccountDeps,
): Promise<GrantDataAccessOutput> {
  const record = await ownedRecord(deps.repo, requestId, execution);
  const blueprint = blueprintOf(deps.config, record.request as VendRequest);
  const partition = partitionOf(deps.region);
  const executionEntries = new Set(blueprint.sagemakerExecutionRole?.dataAccess ?? []);
  const executionRoleArn = roleArn(partition, accountId, EXECUTION_ROLE_NAME);
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

    const principals = executionEntries.has(entry.name) ? [role.arn, executionRoleArn] : [role.arn];
    const bucketStatements = s3Statements(grant, sid, { AWS: principals });
    const { s3 } = await deps.cross.forAccount(entry.bucketAccount);
    const { changed } = await putOurStatements(
      s3,
      entry.bucket,
      bucketStatements,
      deps.config.limits.bucketPolicyMaxBytes,
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
