import { GetBucketPolicyCommand, PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { mergeBucketPolicy } from '../access/bucket-policy.ts';
import type { PolicyStatement } from '../access/policy-document.ts';
import { OrganizationLimitError, PrincipalNotReadyError, ResourceNotFoundError } from '../errors.ts';

/** The bucket's policy text, or undefined when it has none. */
export async function getBucketPolicy(s3: S3Client, bucket: string): Promise<string | undefined> {
  try {
    return (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'NoSuchBucketPolicy') return undefined;
    if (name === 'NoSuchBucket') {
      throw new ResourceNotFoundError(
        `Bucket ${bucket} does not exist (check the blueprint's dataAccess bucket and bucketAccount)`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

/**
 * Adds or replaces our statements in the bucket's policy, and drops our `retired` ones (by Sid),
 * keeping every other statement as it is. Writes only when something changed. A role created a
 * moment ago may not be accepted as a principal yet: that answer is retried rather than failed.
 */
export async function putOurStatements(
  s3: S3Client,
  bucket: string,
  statements: readonly PolicyStatement[],
  maxBytes: number,
  retired: readonly string[] = [],
): Promise<{ changed: boolean }> {
  const existing = await getBucketPolicy(s3, bucket);
  const { document, changed } = mergeBucketPolicy(existing, statements, retired);
  if (!changed) return { changed: false };
  const text = JSON.stringify(document);
  const bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) {
    throw new OrganizationLimitError(
      `The policy of bucket ${bucket} would be ${bytes} bytes with our statements; S3 allows ${maxBytes}`,
    );
  }
  try {
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: text }));
  } catch (error) {
    if ((error as Error).name === 'MalformedPolicy' && /principal/i.test((error as Error).message)) {
      throw new PrincipalNotReadyError(
        `S3 does not accept a principal of bucket ${bucket}'s policy yet: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  return { changed: true };
}
