import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DescribePolicyCommand,
  DuplicatePolicyAttachmentException,
  DuplicatePolicyException,
  EnablePolicyTypeCommand,
  type OrganizationsClient,
  type PolicySummary,
  PolicyTypeAlreadyEnabledException,
  paginateListPolicies,
  paginateListPoliciesForTarget,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { PolicyConflictError, PolicyTypeNotReadyError } from '../errors.ts';
import { organizationRoot } from './ous.ts';

const SCP = 'SERVICE_CONTROL_POLICY';
/** Marks the policies this tool owns; a same-named policy without it is someone else's. */
export const MANAGED_MARKER = 'Managed by the account vending machine';

/** Enables SCPs on the root if needed. Enabling is asynchronous: until it settles, retry later. */
export async function ensureScpsEnabled(org: OrganizationsClient): Promise<void> {
  const root = await organizationRoot(org);
  let status = root.PolicyTypes?.find((type) => type.Type === SCP)?.Status;
  if (status === undefined) {
    try {
      const { Root } = await org.send(new EnablePolicyTypeCommand({ RootId: root.Id, PolicyType: SCP }));
      status = Root?.PolicyTypes?.find((type) => type.Type === SCP)?.Status;
    } catch (error) {
      if (!(error instanceof PolicyTypeAlreadyEnabledException)) throw error;
      status = 'ENABLED';
    }
  }
  if (status !== 'ENABLED') {
    throw new PolicyTypeNotReadyError(
      `Service control policies are ${status ?? 'not enabled'} on the root; retrying`,
    );
  }
}

export async function listScps(org: OrganizationsClient): Promise<Map<string, PolicySummary>> {
  const byName = new Map<string, PolicySummary>();
  for await (const page of paginateListPolicies({ client: org }, { Filter: SCP })) {
    for (const policy of page.Policies ?? []) if (policy.Name) byName.set(policy.Name, policy);
  }
  return byName;
}

export interface ScpDocument {
  awsName: string;
  file: string;
  content: string;
}

/**
 * Makes the named policy exist with exactly this content: created when missing, updated in
 * place when the file changed. Returns the policy id and what was done.
 */
export async function ensureScp(
  org: OrganizationsClient,
  existing: Map<string, PolicySummary>,
  doc: ScpDocument,
): Promise<{ policyId: string; action: 'created' | 'updated' | 'unchanged' }> {
  const summary = existing.get(doc.awsName);
  if (!summary?.Id) {
    try {
      const { Policy } = await org.send(
        new CreatePolicyCommand({
          Name: doc.awsName,
          Type: SCP,
          Content: doc.content,
          Description: `${MANAGED_MARKER} from ${doc.file}`.slice(0, 512),
        }),
      );
      return { policyId: Policy?.PolicySummary?.Id as string, action: 'created' };
    } catch (error) {
      if (!(error instanceof DuplicatePolicyException)) throw error;
      const again = (await listScps(org)).get(doc.awsName);
      if (!again) throw error;
      return ensureScp(org, new Map([[doc.awsName, again]]), doc);
    }
  }
  if (!summary.Description?.startsWith(MANAGED_MARKER)) {
    throw new PolicyConflictError(
      `An SCP named "${doc.awsName}" (${summary.Id}) exists but was not created by the vending machine; ` +
        'rename the policy file or change organization.policyNamePrefix',
    );
  }
  const { Policy } = await org.send(new DescribePolicyCommand({ PolicyId: summary.Id }));
  if (sameJson(Policy?.Content, doc.content)) return { policyId: summary.Id, action: 'unchanged' };
  await org.send(new UpdatePolicyCommand({ PolicyId: summary.Id, Content: doc.content }));
  return { policyId: summary.Id, action: 'updated' };
}

/** Attaches each policy to the target unless it already is. Returns the ids newly attached. */
export async function attachScps(
  org: OrganizationsClient,
  targetId: string,
  policyIds: string[],
): Promise<string[]> {
  const attached = new Set<string>();
  for await (const page of paginateListPoliciesForTarget(
    { client: org },
    { TargetId: targetId, Filter: SCP },
  )) {
    for (const policy of page.Policies ?? []) if (policy.Id) attached.add(policy.Id);
  }
  const added: string[] = [];
  for (const policyId of policyIds) {
    if (attached.has(policyId)) continue;
    try {
      await org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: targetId }));
      added.push(policyId);
    } catch (error) {
      if (!(error instanceof DuplicatePolicyAttachmentException)) throw error;
    }
  }
  return added;
}

function sameJson(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}
