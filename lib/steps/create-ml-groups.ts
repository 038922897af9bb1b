import { passRolePolicy, sagemakerBasics, sagemakerTrust } from '../access/ml-policies.ts';
import { EXECUTION_ROLE_NAME, partitionOf, roleArn, trainingBucketName } from '../access/names.ts';
import { policy } from '../access/policy-document.ts';
import { s3Statements, tlsOnlyStatement } from '../access/s3-statements.ts';
import { isAwsManagedPolicyArn, renderIamPolicy } from '../config/index.ts';
import { ensureGroup, ensureGroupInlinePolicy, ensureGroupPoliciesAttached } from '../iam/groups.ts';
import { ensureManagedPolicy } from '../iam/managed-policies.ts';
import { ensureRole, ensureRoleInlinePolicy, ensureRolePoliciesAttached } from '../iam/roles.ts';
import type { VendRequest } from '../request/schema.ts';
import { ensurePrivateBucket } from '../s3/private-bucket.ts';
import type { CrossAccountDeps } from './cross-deps.ts';
import { inNewAccount } from './new-account.ts';
import { blueprintOf, ownedRecord } from './record.ts';

export interface CreateMlGroupsOutput {
  groups: string[];
  executionRoleArn?: string;
  trainingBucket?: string;
  /** What this run changed (empty on a re-run). */
  changed: string[];
}

/**
 * Gives the new account its ML team structure: the SageMaker execution role (trusted by
 * SageMaker only), its private training bucket, and the blueprint's IAM groups with their
 * policies. Only groups marked `passExecutionRole` may pass the role, and only to SageMaker.
 * Every policy file is rendered and checked before the first AWS call.
 */
export async function createMlGroups(
  requestId: string,
  execution: string,
  accountId: string,
  deps: CrossAccountDeps,
): Promise<CreateMlGroupsOutput> {
  const record = await ownedRecord(deps.repo, requestId, execution);
  const blueprint = blueprintOf(deps.config, record.request as VendRequest);
  const { region, config } = deps;
  const partition = partitionOf(region);
  const role = blueprint.sagemakerExecutionRole;
  const executionRoleArn = role ? roleArn(partition, accountId, EXECUTION_ROLE_NAME) : undefined;
  const trainingBucket = role?.trainingBucket ? trainingBucketName(accountId, region) : undefined;
  const vars = {
    accountId,
    region,
    partition,
    ...(executionRoleArn ? { executionRoleArn } : {}),
    ...(trainingBucket ? { trainingBucket } : {}),
  };
  const groups = blueprint.groups.map((group) => ({
    ...group,
    rendered: group.policies
      .filter((p) => !isAwsManagedPolicyArn(p))
      .map((p) => renderIamPolicy(config, p, vars)),
    awsManaged: group.policies.filter((p) => isAwsManagedPolicyArn(p)),
  }));

  const changed: string[] = [];
  const { iam, s3 } = await deps.cross.forAccount(accountId, { isNew: true });
  await inNewAccount(accountId, async () => {
    if (role) {
      const result = await ensureRole(iam, {
        name: EXECUTION_ROLE_NAME,
        trust: sagemakerTrust(accountId),
        description: 'SageMaker execution role, managed by the account vending machine',
      });
      if (result.action !== 'unchanged') changed.push(`role ${EXECUTION_ROLE_NAME} ${result.action}`);
      if (
        await ensureRoleInlinePolicy(
          iam,
          EXECUTION_ROLE_NAME,
          'avm-sagemaker-basics',
          sagemakerBasics(partition, region, accountId),
        )
      ) {
        changed.push('execution role basics');
      }
      if ((await ensureRolePoliciesAttached(iam, EXECUTION_ROLE_NAME, role.managedPolicies)).length > 0) {
        changed.push('execution role managed policies');
      }
    }
    if (trainingBucket) {
      const bucket = await ensurePrivateBucket(s3, {
        name: trainingBucket,
        region,
        statements: [tlsOnlyStatement(partition, trainingBucket)],
        maxPolicyBytes: config.limits.bucketPolicyMaxBytes,
      });
      if (bucket.created || bucket.changed.length > 0) changed.push(`bucket ${trainingBucket}`);
      const access = policy(
        s3Statements(
          { partition, bucket: trainingBucket, prefix: '', access: 'read-write' },
          'AvmTrainingBucket',
        ),
      );
      if (await ensureRoleInlinePolicy(iam, EXECUTION_ROLE_NAME, 'avm-training-bucket', access)) {
        changed.push('execution role training bucket access');
      }
    }
    for (const group of groups) {
      if ((await ensureGroup(iam, group.name)).created) changed.push(`group ${group.name}`);
      const arns = [...group.awsManaged];
      for (const doc of group.rendered) {
        const result = await ensureManagedPolicy(iam, {
          accountId,
          partition,
          name: `avm-${doc.name}`,
          content: doc.content,
          description: `Managed by the account vending machine from ${doc.file}`,
        });
        if (result.action !== 'unchanged') changed.push(`policy avm-${doc.name} ${result.action}`);
        arns.push(result.arn);
      }
      if ((await ensureGroupPoliciesAttached(iam, group.name, arns)).length > 0)
        changed.push(`group ${group.name} policies`);
      if (group.passExecutionRole && executionRoleArn) {
        if (
          await ensureGroupInlinePolicy(
            iam,
            group.name,
            'avm-pass-execution-role',
            passRolePolicy(executionRoleArn),
          )
        ) {
          changed.push(`group ${group.name} pass role`);
        }
      }
      if (group.trainingBucket && trainingBucket) {
        const grant = { partition, bucket: trainingBucket, prefix: '', access: group.trainingBucket };
        if (
          await ensureGroupInlinePolicy(
            iam,
            group.name,
            'avm-training-bucket',
            policy(s3Statements(grant, 'AvmTrainingBucket')),
          )
        ) {
          changed.push(`group ${group.name} training bucket`);
        }
      }
    }
  });

  const output: CreateMlGroupsOutput = {
    groups: blueprint.groups.map((group) => group.name),
    ...(executionRoleArn ? { executionRoleArn } : {}),
    ...(trainingBucket ? { trainingBucket } : {}),
    changed,
  };
  await deps.repo.completeStep(requestId, execution, 'CreateMlGroups', {
    groups: output.groups,
    ...(executionRoleArn ? { executionRoleArn } : {}),
    ...(trainingBucket ? { trainingBucket } : {}),
  });
  return output;
}
