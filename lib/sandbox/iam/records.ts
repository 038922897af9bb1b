/**
 * IAM records of one account: roles, groups and customer managed policies, shaped after the
 * IAM API objects. Names are case-insensitively unique in IAM, so maps are keyed by the
 * lower-cased name while records keep the name as written.
 */

export interface InlinePolicy {
  name: string;
  /** As sent (IAM keeps the text, whitespace included; responses URL-encode it). */
  document: string;
}

/** What roles and groups share: inline policies and attached managed policies. */
export interface PolicyHolder {
  kind: 'role' | 'group';
  name: string;
  /** Inline policies keyed by lower-cased name. */
  inline: Map<string, InlinePolicy>;
  /** Managed policy ARNs in attachment order. */
  attached: string[];
}

export interface RoleRecord extends PolicyHolder {
  kind: 'role';
  path: string;
  id: string;
  arn: string;
  trustPolicy: string;
  description?: string;
  maxSessionDuration: number;
  tags: Record<string, string>;
  created: Date;
}

export interface GroupRecord extends PolicyHolder {
  kind: 'group';
  path: string;
  id: string;
  arn: string;
  created: Date;
}

export interface PolicyVersionRecord {
  versionId: string;
  document: string;
  created: Date;
}

export interface ManagedPolicyRecord {
  name: string;
  path: string;
  id: string;
  arn: string;
  description?: string;
  tags: Record<string, string>;
  created: Date;
  updated: Date;
  /** Oldest first. */
  versions: PolicyVersionRecord[];
  defaultVersionId: string;
  /** Version ids are never reused: v1, v2 ... even after deletions. */
  nextVersion: number;
}

export interface IamAccount {
  accountId: string;
  roles: Map<string, RoleRecord>;
  groups: Map<string, GroupRecord>;
  /** Customer managed policies keyed by ARN. */
  policies: Map<string, ManagedPolicyRecord>;
  /** Access roles (by unique id) already copied from the organization, so a deleted one stays deleted. */
  seededRoles: Set<string>;
}

/** Plain, sorted data for assertions: what `sandbox.iam.snapshot(accountId)` returns. */
export interface IamSnapshot {
  roles: {
    name: string;
    path: string;
    arn: string;
    id: string;
    description?: string;
    maxSessionDuration: number;
    /** Trust policy as stored (not URL-encoded). */
    trustPolicy: string;
    tags: Record<string, string>;
    /** Inline policy documents by name, sorted by name. */
    inlinePolicies: Record<string, string>;
    /** Attached managed policy ARNs, sorted. */
    attachedPolicies: string[];
  }[];
  groups: {
    name: string;
    path: string;
    arn: string;
    id: string;
    inlinePolicies: Record<string, string>;
    attachedPolicies: string[];
  }[];
  /** Customer managed policies. */
  policies: {
    name: string;
    path: string;
    arn: string;
    id: string;
    description?: string;
    tags: Record<string, string>;
    defaultVersionId: string;
    versions: { versionId: string; document: string; isDefault: boolean }[];
  }[];
}
