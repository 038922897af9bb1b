import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { PolicyStatement } from '../access/policy-document.ts';
import { putOurStatements } from './bucket-policy.ts';

const BLOCK_ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/**
 * Makes a private bucket in the caller's account: created if missing, all public access
 * blocked, default encryption on, and our policy statements in place. Each setting is read
 * first and written only when it differs.
 */
export async function ensurePrivateBucket(
  s3: S3Client,
  bucket: { name: string; region: string; statements: readonly PolicyStatement[]; maxPolicyBytes: number },
): Promise<{ created: boolean; changed: string[] }> {
  const changed: string[] = [];
  const created = !(await exists(s3, bucket.name));
  if (created) {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket.name,
        // us-east-1 is the one Region that takes no location constraint.
        ...(bucket.region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: bucket.region as never } }),
      }),
    );
  }
  if (!(await publicAccessBlocked(s3, bucket.name))) {
    await s3.send(
      new PutPublicAccessBlockCommand({ Bucket: bucket.name, PublicAccessBlockConfiguration: BLOCK_ALL }),
    );
    changed.push('public-access-block');
  }
  if (!(await encrypted(s3, bucket.name))) {
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket.name,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }],
        },
      }),
    );
    changed.push('encryption');
  }
  if ((await putOurStatements(s3, bucket.name, bucket.statements, bucket.maxPolicyBytes)).changed)
    changed.push('policy');
  return { created, changed };
}

async function exists(s3: S3Client, name: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return false;
    throw error;
  }
}

async function publicAccessBlocked(s3: S3Client, name: string): Promise<boolean> {
  try {
    const { PublicAccessBlockConfiguration: c } = await s3.send(
      new GetPublicAccessBlockCommand({ Bucket: name }),
    );
    return Boolean(
      c?.BlockPublicAcls && c.IgnorePublicAcls && c.BlockPublicPolicy && c.RestrictPublicBuckets,
    );
  } catch (error) {
    if ((error as Error).name === 'NoSuchPublicAccessBlockConfiguration') return false;
    throw error;
  }
}

async function encrypted(s3: S3Client, name: string): Promise<boolean> {
  try {
    const { ServerSideEncryptionConfiguration } = await s3.send(
      new GetBucketEncryptionCommand({ Bucket: name }),
    );
    return (ServerSideEncryptionConfiguration?.Rules ?? []).some(
      (rule) => rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm !== undefined,
    );
  } catch (error) {
    if ((error as Error).name === 'ServerSideEncryptionConfigurationNotFoundError') return false;
    throw error;
  }
}
