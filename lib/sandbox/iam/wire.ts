/** IAM records as the API returns them; policy documents URL-encoded, as AWS sends them. */
import type { XmlValue } from '../protocol-query.ts';
import type { AwsManagedPolicy } from './aws-managed.ts';
import { encodeDocument } from './documents.ts';
import type { GroupRecord, ManagedPolicyRecord, RoleRecord } from './records.ts';

export function tagsOut(tags: Record<string, string>): XmlValue[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** ListRoles leaves out tags and last use, as AWS does; Get/Create include tags. */
export function roleOut(role: RoleRecord, withTags = true): Record<string, XmlValue> {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.created,
    AssumeRolePolicyDocument: encodeDocument(role.trustPolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    ...(withTags && Object.keys(role.tags).length > 0 ? { Tags: tagsOut(role.tags) } : {}),
  };
}

export function groupOut(group: GroupRecord): Record<string, XmlValue> {
  return {
    Path: group.path,
    GroupName: group.name,
    GroupId: group.id,
    Arn: group.arn,
    CreateDate: group.created,
  };
}

export interface PolicyView {
  name: string;
  path: string;
  id: string;
  arn: string;
  description?: string;
  defaultVersionId: string;
  created: Date;
  updated: Date;
  tags: Record<string, string>;
}

export function customerPolicyView(policy: ManagedPolicyRecord): PolicyView {
  return policy;
}

/** AWS managed policies carry AWS's dates; the sandbox uses a fixed one. */
const AWS_POLICY_DATE = new Date('2015-02-06T18:40:00Z');

export function awsPolicyView(policy: AwsManagedPolicy): PolicyView {
  return {
    ...policy,
    defaultVersionId: policy.versionId,
    created: AWS_POLICY_DATE,
    updated: AWS_POLICY_DATE,
    tags: {},
  };
}

export function policyOut(
  policy: PolicyView,
  attachmentCount: number,
  withTags = true,
): Record<string, XmlValue> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: withTags ? policy.description : undefined,
    CreateDate: policy.created,
    UpdateDate: policy.updated,
    ...(withTags && Object.keys(policy.tags).length > 0 ? { Tags: tagsOut(policy.tags) } : {}),
  };
}

export function policyVersionOut(
  version: { versionId: string; document: string; created: Date },
  defaultVersionId: string,
  withDocument = true,
): Record<string, XmlValue> {
  return {
    Document: withDocument ? encodeDocument(version.document) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === defaultVersionId,
    CreateDate: version.created,
  };
}
