import {
  type OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPoliciesForTarget,
} from '@aws-sdk/client-organizations';
import { organizationRoot } from '../org/ous.ts';

/**
 * Draws the organization as a tree (root → OUs → accounts, each with its SCPs), read through
 * the Organizations API so it shows the same for the sandbox, moto or AWS.
 */
export async function organizationTree(org: OrganizationsClient): Promise<string> {
  const root = await organizationRoot(org);
  const lines = [`${root.Name ?? 'Root'} (${root.Id})${await scpLabel(org, root.Id as string)}`];
  await drawChildren(org, root.Id as string, '', lines);
  return `${lines.join('\n')}\n`;
}

async function drawChildren(
  org: OrganizationsClient,
  parentId: string,
  indent: string,
  lines: string[],
): Promise<void> {
  const entries: { label: string; ouId?: string }[] = [];
  for await (const page of paginateListOrganizationalUnitsForParent(
    { client: org },
    { ParentId: parentId },
  )) {
    for (const ou of page.OrganizationalUnits ?? []) {
      entries.push({
        label: `${ou.Name}/ (${ou.Id})${await scpLabel(org, ou.Id as string)}`,
        ouId: ou.Id as string,
      });
    }
  }
  for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parentId })) {
    for (const account of page.Accounts ?? []) {
      entries.push({
        label: `${account.Name} ${account.Id} <${account.Email}>${await scpLabel(org, account.Id as string)}`,
      });
    }
  }
  for (const [index, entry] of entries.entries()) {
    const last = index === entries.length - 1;
    lines.push(`${indent}${last ? '└── ' : '├── '}${entry.label}`);
    if (entry.ouId) await drawChildren(org, entry.ouId, `${indent}${last ? '    ' : '│   '}`, lines);
  }
}

async function scpLabel(org: OrganizationsClient, targetId: string): Promise<string> {
  const names: string[] = [];
  try {
    for await (const page of paginateListPoliciesForTarget(
      { client: org },
      { TargetId: targetId, Filter: 'SERVICE_CONTROL_POLICY' },
    )) {
      for (const policy of page.Policies ?? [])
        if (policy.Name && policy.Name !== 'FullAWSAccess') names.push(policy.Name);
    }
  } catch {
    return ''; // SCPs not enabled yet: nothing attached to show.
  }
  return names.length > 0 ? `  [SCP: ${names.join(', ')}]` : '';
}
