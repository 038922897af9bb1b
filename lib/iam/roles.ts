import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  NoSuchEntityException,
  PutRolePolicyCommand,
  paginateListAttachedRolePolicies,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { type PolicyDocument, samePolicy } from '../access/policy-document.ts';

export const MANAGED_TAG = { Key: 'avm:managed', Value: 'true' };

/**
 * Makes the role exist with exactly this trust policy. Returns its ARN and what changed.
 *
 * @example await ensureRole(iam, { name: 'avm-data-x', trust, description: '…' })
 */
export async function ensureRole(
  iam: IAMClient,
  role: { name: string; trust: PolicyDocument; description: string },
): Promise<{ arn: string; action: 'created' | 'updated' | 'unchanged' }> {
  let existing = await getRole(iam, role.name);
  if (!existing) {
    try {
      const { Role } = await iam.send(
        new CreateRoleCommand({
          RoleName: role.name,
          AssumeRolePolicyDocument: JSON.stringify(role.trust),
          Description: role.description,
          MaxSessionDuration: 3600,
          Tags: [MANAGED_TAG],
        }),
      );
      return { arn: Role?.Arn as string, action: 'created' };
    } catch (error) {
      // Created between our look and our create (a retried call whose first answer was lost):
      // check it like a role that was there before.
      if (!(error instanceof EntityAlreadyExistsException)) throw error;
      existing = await getRole(iam, role.name);
      if (!existing) throw error;
    }
  }
  if (samePolicy(existing.AssumeRolePolicyDocument, role.trust))
    return { arn: existing.Arn as string, action: 'unchanged' };
  await iam.send(
    new UpdateAssumeRolePolicyCommand({ RoleName: role.name, PolicyDocument: JSON.stringify(role.trust) }),
  );
  return { arn: existing.Arn as string, action: 'updated' };
}

async function getRole(iam: IAMClient, name: string) {
  try {
    return (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

/** Puts the inline policy on the role unless it already says exactly this. Returns whether it wrote. */
export async function ensureRoleInlinePolicy(
  iam: IAMClient,
  roleName: string,
  policyName: string,
  document: PolicyDocument,
): Promise<boolean> {
  try {
    const { PolicyDocument: current } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    if (samePolicy(current, document)) return false;
  } catch (error) {
    if (!(error instanceof NoSuchEntityException)) throw error;
  }
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: policyName,
      PolicyDocument: JSON.stringify(document),
    }),
  );
  return true;
}

/** Attaches the managed policies the role does not have yet. Returns the ones attached now. */
export async function ensureRolePoliciesAttached(iam: IAMClient, roleName: string, arns: readonly string[]) {
  const attached = new Set<string>();
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName })) {
    for (const policy of page.AttachedPolicies ?? []) if (policy.PolicyArn) attached.add(policy.PolicyArn);
  }
  const added = arns.filter((arn) => !attached.has(arn));
  for (const arn of added)
    await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
  return added;
}
