import {
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  EntityAlreadyExistsException,
  GetGroupCommand,
  GetGroupPolicyCommand,
  type IAMClient,
  NoSuchEntityException,
  PutGroupPolicyCommand,
  paginateListAttachedGroupPolicies,
} from '@aws-sdk/client-iam';
import { type PolicyDocument, samePolicy } from '../access/policy-document.ts';

/** Makes the group exist. Returns its ARN and whether it was created now. */
export async function ensureGroup(iam: IAMClient, name: string): Promise<{ arn: string; created: boolean }> {
  try {
    const { Group } = await iam.send(new GetGroupCommand({ GroupName: name, MaxItems: 1 }));
    return { arn: Group?.Arn as string, created: false };
  } catch (error) {
    if (!(error instanceof NoSuchEntityException)) throw error;
  }
  try {
    const { Group } = await iam.send(new CreateGroupCommand({ GroupName: name }));
    return { arn: Group?.Arn as string, created: true };
  } catch (error) {
    // Created between our look and our create (a retried call whose first answer was lost).
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
    const { Group } = await iam.send(new GetGroupCommand({ GroupName: name, MaxItems: 1 }));
    return { arn: Group?.Arn as string, created: false };
  }
}

export async function ensureGroupInlinePolicy(
  iam: IAMClient,
  groupName: string,
  policyName: string,
  document: PolicyDocument,
): Promise<boolean> {
  try {
    const { PolicyDocument: current } = await iam.send(
      new GetGroupPolicyCommand({ GroupName: groupName, PolicyName: policyName }),
    );
    if (samePolicy(current, document)) return false;
  } catch (error) {
    if (!(error instanceof NoSuchEntityException)) throw error;
  }
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: groupName,
      PolicyName: policyName,
      PolicyDocument: JSON.stringify(document),
    }),
  );
  return true;
}

export async function ensureGroupPoliciesAttached(
  iam: IAMClient,
  groupName: string,
  arns: readonly string[],
) {
  const attached = new Set<string>();
  for await (const page of paginateListAttachedGroupPolicies({ client: iam }, { GroupName: groupName })) {
    for (const policy of page.AttachedPolicies ?? []) if (policy.PolicyArn) attached.add(policy.PolicyArn);
  }
  const added = arns.filter((arn) => !attached.has(arn));
  for (const arn of added)
    await iam.send(new AttachGroupPolicyCommand({ GroupName: groupName, PolicyArn: arn }));
  return added;
}
