import type { PolicyStatement } from './policy-document.ts';

export type S3Access = 'read' | 'read-write';

const OBJECT_ACTIONS: Record<S3Access, string[]> = {
  read: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging'],
  'read-write': [
    's3:GetObject',
    's3:GetObjectVersion',
    's3:GetObjectTagging',
    's3:PutObject',
    's3:PutObjectTagging',
    's3:DeleteObject',
    's3:AbortMultipartUpload',
    's3:ListMultipartUploadParts',
  ],
};

export interface S3Grant {
  partition: string;
  bucket: string;
  /** '' for the whole bucket, otherwise ends with '/'. */
  prefix: string;
  access: S3Access;
}

/**
 * The two statements that give exactly `access` on `bucket/prefix`: object actions on the keys
 * under the prefix, and ListBucket limited to that prefix. Used on both sides of a cross-account
 * grant — in the role's identity policy, and (with a Principal) in the bucket policy — since
 * AWS requires both to allow the call.
 *
 * @example s3Statements({ partition: 'aws', bucket: 'ml-data', prefix: 'datasets/', access: 'read' }, 'Sid')
 */
export function s3Statements(grant: S3Grant, sidPrefix: string, principal?: unknown): PolicyStatement[] {
  const bucketArn = `arn:${grant.partition}:s3:::${grant.bucket}`;
  const withPrincipal = principal === undefined ? {} : { Principal: principal };
  const list: PolicyStatement = {
    Sid: `${sidPrefix}List`,
    Effect: 'Allow',
    ...withPrincipal,
    Action: 's3:ListBucket',
    Resource: bucketArn,
    ...(grant.prefix === '' ? {} : { Condition: { StringLike: { 's3:prefix': [`${grant.prefix}*`] } } }),
  };
  const objects: PolicyStatement = {
    Sid: `${sidPrefix}Objects`,
    Effect: 'Allow',
    ...withPrincipal,
    Action: OBJECT_ACTIONS[grant.access],
    Resource: `${bucketArn}/${grant.prefix}*`,
  };
  return [objects, list];
}

/** Who a bucket-policy grant is for: roles of these names in the accounts directly in one OU. */
export interface OuRolesScope {
  /** The organization id, o-… */
  organizationId: string;
  /** The OU's entity path, o-…/r-…/ou-…/ (every id from the organization down to the OU). */
  ouOrgPath: string;
  /** Role names (path /), in whichever account of the OU. */
  roleNames: readonly string[];
}

/**
 * The bucket-policy side of a grant to the `roleNames` roles of every account directly in one OU:
 * the statements of s3Statements with Principal "*" narrowed by three conditions, all of which
 * must hold. Its size does not depend on how many accounts the OU holds, so one bucket can serve
 * any number of vended accounts within S3's 20 KB policy limit (one statement per principal,
 * or a list of role ARNs, grows with every account and hits the limit at a few hundred).
 * - aws:PrincipalOrgPaths equal to the OU's path: accounts directly in the OU, not in its child
 *   OUs (StringEquals, no wildcard). An account moved out of the OU loses the grant.
 * - aws:PrincipalArn like arn:…:iam::*:role/<name>: only those roles, whatever the account (for
 *   a role, the key is the role's ARN, not the session's).
 * - aws:PrincipalOrgID equal to the organization: implied by the path, but it is the key S3
 *   documents as making a Principal "*" statement non-public; without a fixed value of such a
 *   key, Block Public Access refuses the policy (BlockPublicPolicy) or ignores it for other
 *   accounts (RestrictPublicBuckets).
 *
 * @example ouScopedBucketStatements(grant, 'AvmDataAiDevTrainingData7005dedd', { organizationId: 'o-…', ouOrgPath: 'o-…/r-…/ou-…/', roleNames: ['avm-data-training-data'] })
 */
export function ouScopedBucketStatements(
  grant: S3Grant,
  sidPrefix: string,
  scope: OuRolesScope,
): PolicyStatement[] {
  const who = {
    StringEquals: { 'aws:PrincipalOrgID': scope.organizationId },
    'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': [scope.ouOrgPath] },
    ArnLike: {
      'aws:PrincipalArn': scope.roleNames.map((name) => `arn:${grant.partition}:iam::*:role/${name}`),
    },
  };
  return s3Statements(grant, sidPrefix, '*').map((statement) => ({
    ...statement,
    Condition: { ...statement.Condition, ...who },
  }));
}

/** Denies every request to the bucket that does not use TLS. */
export function tlsOnlyStatement(partition: string, bucket: string): PolicyStatement {
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  return {
    Sid: 'AvmDenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
