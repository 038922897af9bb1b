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
