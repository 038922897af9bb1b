/**
 * IAM, one state per account. An account's IAM comes into being the first time anything looks
 * at it; roles the organization made (the access role of CreateAccount and addExistingAccount,
 * the management principal's own role) are copied in at that moment, so STS, S3 and the IAM
 * API all see the same roles. Tests read it through `snapshot` and seed it with `addRole`.
 */
import * as ids from '../ids.ts';
import type { OrganizationState } from '../state.ts';
import { ADMINISTRATOR_ACCESS_ARN } from './aws-managed.ts';
import type { GroupRecord, IamAccount, IamSnapshot, ManagedPolicyRecord, RoleRecord } from './records.ts';

export interface ManagementRole {
  name: string;
  id: string;
}

export interface RoleSpec {
  accountId: string;
  name: string;
  trustPolicy: string;
  path?: string;
  description?: string;
  /** Managed policy ARNs to attach. */
  attachedPolicies?: string[];
}

/** Trust policy of an access role: the management account may assume it (AWS-FACTS §1). */
export const accessRoleTrustPolicy = (managementAccountId: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  });

const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export class IamState {
  private readonly accounts = new Map<string, IamAccount>();

  constructor(
    private readonly org: OrganizationState,
    private readonly managementRole: ManagementRole,
  ) {}

  /** The IAM of an account, created on first use with the roles the organization put there. */
  account(accountId: string): IamAccount {
    let account = this.accounts.get(accountId);
    if (!account) {
      account = {
        accountId,
        roles: new Map(),
        groups: new Map(),
        policies: new Map(),
        seededRoles: new Set(),
      };
      this.accounts.set(accountId, account);
    }
    this.seedOrganizationRoles(account);
    return account;
  }

  /**
   * True when the sandbox knows this account's IAM: an organization account or one whose IAM
   * was used or seeded. Principals in other accounts cannot be checked and are accepted.
   */
  knows(accountId: string): boolean {
    return this.org.accountsById.has(accountId) || this.accounts.has(accountId);
  }

  findRole(accountId: string, name: string): RoleRecord | undefined {
    return this.knows(accountId) ? this.account(accountId).roles.get(name.toLowerCase()) : undefined;
  }

  /** Test helper: a role that already exists, e.g. in an account outside the organization. */
  addRole(spec: RoleSpec): RoleRecord {
    const account = this.account(spec.accountId);
    if (account.roles.has(spec.name.toLowerCase()))
      throw new Error(`role ${spec.name} exists in ${spec.accountId}`);
    return this.putRole(account, { ...spec, id: ids.roleUniqueId() });
  }

  putRole(account: IamAccount, spec: Omit<RoleSpec, 'accountId'> & { id: string }): RoleRecord {
    const path = spec.path ?? '/';
    const role: RoleRecord = {
      kind: 'role',
      name: spec.name,
      path,
      id: spec.id,
      arn: `arn:aws:iam::${account.accountId}:role${path}${spec.name}`,
      trustPolicy: spec.trustPolicy,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      maxSessionDuration: 3_600,
      tags: {},
      created: new Date(),
      inline: new Map(),
      attached: [...(spec.attachedPolicies ?? [])],
    };
    account.roles.set(spec.name.toLowerCase(), role);
    return role;
  }

  /**
   * Plain, sorted copies of an account's roles, groups and customer managed policies. Reading an
   * account the sandbox does not know leaves it unknown (its principals stay unchecked).
   */
  snapshot(accountId: string): IamSnapshot {
    if (!this.knows(accountId)) return { roles: [], groups: [], policies: [] };
    const account = this.account(accountId);
    const byName = <T extends { name: string }>(items: Iterable<T>): T[] =>
      [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return {
      roles: byName(account.roles.values()).map((role) => ({
        name: role.name,
        path: role.path,
        arn: role.arn,
        id: role.id,
        ...(role.description === undefined ? {} : { description: role.description }),
        maxSessionDuration: role.maxSessionDuration,
        trustPolicy: role.trustPolicy,
        tags: { ...role.tags },
        inlinePolicies: inlineOf(role),
        attachedPolicies: [...role.attached].sort(),
      })),
      groups: byName(account.groups.values()).map((group: GroupRecord) => ({
        name: group.name,
        path: group.path,
        arn: group.arn,
        id: group.id,
        inlinePolicies: inlineOf(group),
        attachedPolicies: [...group.attached].sort(),
      })),
      policies: byName(account.policies.values()).map((policy: ManagedPolicyRecord) => ({
        name: policy.name,
        path: policy.path,
        arn: policy.arn,
        id: policy.id,
        ...(policy.description === undefined ? {} : { description: policy.description }),
        tags: { ...policy.tags },
        defaultVersionId: policy.defaultVersionId,
        versions: policy.versions.map((v) => ({
          versionId: v.versionId,
          document: v.document,
          isDefault: v.versionId === policy.defaultVersionId,
        })),
      })),
    };
  }

  reset(): void {
    this.accounts.clear();
  }

  private seedOrganizationRoles(account: IamAccount): void {
    const { accountId } = account;
    if (accountId === this.org.managementAccountId && !account.seededRoles.has(this.managementRole.id)) {
      account.seededRoles.add(this.managementRole.id);
      this.putRole(account, {
        name: this.managementRole.name,
        id: this.managementRole.id,
        trustPolicy: LAMBDA_TRUST_POLICY,
        description: 'The vending machine Lambda role (the management principal of the sandbox).',
        attachedPolicies: [ADMINISTRATOR_ACCESS_ARN],
      });
    }
    const accessRole = this.org.accountsById.get(accountId)?.accessRole;
    if (accessRole && !account.seededRoles.has(accessRole.uniqueId)) {
      account.seededRoles.add(accessRole.uniqueId);
      // CreateAccount's role: AdministratorAccess, trusting the management account.
      this.putRole(account, {
        name: accessRole.name,
        id: accessRole.uniqueId,
        trustPolicy: accessRoleTrustPolicy(this.org.managementAccountId),
        attachedPolicies: [ADMINISTRATOR_ACCESS_ARN],
      });
    }
  }
}

function inlineOf(holder: {
  inline: Map<string, { name: string; document: string }>;
}): Record<string, string> {
  const entries = [...holder.inline.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  return Object.fromEntries(entries.map((p) => [p.name, p.document]));
}
