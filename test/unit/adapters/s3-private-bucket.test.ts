/**
 * lib/s3/private-bucket.ts in a member account: the bucket exists, blocks public access, is
 * encrypted and carries our statements, each written only when it differs (sandbox S3 snapshot).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyStatement } from '#lib/access/policy-document.ts';
import { DEFAULT_AWS_LIMITS } from '#lib/aws/limits.ts';
import { ensurePrivateBucket } from '#lib/s3/private-bucket.ts';
import { sandboxClientConfig } from '#lib/sandbox/index.ts';
import { clientsAs, type Fixture, rejectionOf, startFixture } from '../sandbox/fixture.ts';

let f: Fixture;
let accountId: string;
let s3: S3Client;
beforeAll(async () => {
  f = await startFixture();
});
beforeEach(async () => {
  f.sandbox.reset();
  accountId = f.sandbox.org.addExistingAccount({ name: 'ml-dev', email: 'ml-dev@example.com' });
  ({ s3 } = await clientsAs(f, accountId));
  f.sandbox.calls.length = 0;
});
afterAll(() => f.sandbox.stop());

const BLOCK_ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
const denyInsecure = (bucket: string): PolicyStatement => ({
  Sid: 'AvmDenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
const spec = (name = 'ml-dev-artifacts', region = 'us-east-1') => ({
  name,
  region,
  statements: [denyInsecure(name)],
  maxPolicyBytes: DEFAULT_AWS_LIMITS.bucketPolicyMaxBytes,
});
const buckets = () => f.sandbox.s3.snapshot(accountId).buckets;
const s3Writes = () =>
  f.sandbox.calls
    .filter((c) => c.service === 's3' && /^(Create|Put)/.test(c.operation))
    .map((c) => c.operation);

describe('ensurePrivateBucket', () => {
  it('creates a missing bucket; AWS already blocks public access and encrypts it, so only the policy is added', async () => {
    // When
    const result = await ensurePrivateBucket(s3, spec());

    // Then
    expect(result).toEqual({ created: true, changed: ['policy'] });
    expect(buckets()).toEqual([
      {
        name: 'ml-dev-artifacts',
        region: 'us-east-1',
        policy: expect.any(String),
        publicAccessBlock: BLOCK_ALL,
        encryption: { SSEAlgorithm: 'AES256', BucketKeyEnabled: false },
      },
    ]);
    expect(JSON.parse(buckets()[0]?.policy ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [denyInsecure('ml-dev-artifacts')],
    });
    expect(s3Writes()).toEqual(['CreateBucket', 'PutBucketPolicy']);
  });

  it('creates the bucket in the requested Region with a location constraint', async () => {
    // The caller's S3 client works in that Region, as CrossAccount's clients do.
    const { credentials } = await clientsAs(f, accountId);
    const euS3 = new S3Client({ ...sandboxClientConfig(f.sandbox), region: 'eu-west-1', credentials });
    const result = await ensurePrivateBucket(euS3, spec('ml-dev-eu', 'eu-west-1'));
    expect(result.created).toBe(true);
    expect(buckets().map((b) => [b.name, b.region])).toEqual([['ml-dev-eu', 'eu-west-1']]);
  });

  it('blocks public access and turns on encryption on a seeded bucket that has neither', async () => {
    // Given an old bucket without Block Public Access or default encryption
    f.sandbox.s3.addBucket({
      accountId,
      name: 'ml-dev-artifacts',
      publicAccessBlock: null,
      encryption: null,
    });

    // When
    const result = await ensurePrivateBucket(s3, spec());

    // Then
    expect(result).toEqual({ created: false, changed: ['public-access-block', 'encryption', 'policy'] });
    expect(buckets()[0]).toMatchObject({
      publicAccessBlock: BLOCK_ALL,
      encryption: { SSEAlgorithm: 'AES256', BucketKeyEnabled: true },
    });
    expect(s3Writes()).toEqual(['PutPublicAccessBlock', 'PutBucketEncryption', 'PutBucketPolicy']);
  });

  it('changes nothing when run again', async () => {
    // Given
    f.sandbox.s3.addBucket({
      accountId,
      name: 'ml-dev-artifacts',
      publicAccessBlock: null,
      encryption: null,
    });
    await ensurePrivateBucket(s3, spec());
    const before = buckets();
    f.sandbox.calls.length = 0;

    // When
    const result = await ensurePrivateBucket(s3, spec());

    // Then
    expect(result).toEqual({ created: false, changed: [] });
    expect(buckets()).toEqual(before);
    expect(s3Writes()).toEqual([]);
  });

  it('completes a partial Block Public Access and keeps an existing KMS encryption', async () => {
    // Given one of the four settings off, and SSE-KMS as default encryption
    const kms = {
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: `arn:aws:kms:us-east-1:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      BucketKeyEnabled: true,
    };
    f.sandbox.s3.addBucket({
      accountId,
      name: 'ml-dev-artifacts',
      publicAccessBlock: { ...BLOCK_ALL, RestrictPublicBuckets: false },
      encryption: kms,
    });

    // When
    const result = await ensurePrivateBucket(s3, spec());

    // Then
    expect(result.changed).toEqual(['public-access-block', 'policy']);
    expect(buckets()[0]).toMatchObject({ publicAccessBlock: BLOCK_ALL, encryption: kms });
  });

  it("keeps other statements of an existing bucket's policy", async () => {
    const theirs = {
      Sid: 'Theirs',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::ml-dev-artifacts/*',
    };
    f.sandbox.s3.addBucket({
      accountId,
      name: 'ml-dev-artifacts',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [theirs] }),
    });

    await ensurePrivateBucket(s3, spec());

    expect(JSON.parse(buckets()[0]?.policy ?? '').Statement).toEqual([
      theirs,
      denyInsecure('ml-dev-artifacts'),
    ]);
  });

  it('refuses a name another account owns, leaving that bucket alone', async () => {
    // Given the name is taken by the management account
    f.sandbox.s3.addBucket({
      accountId: f.sandbox.managementAccountId,
      name: 'ml-dev-artifacts',
      publicAccessBlock: null,
    });

    // When
    const error = await rejectionOf(ensurePrivateBucket(s3, spec()));

    // Then HeadBucket's 403 is not mistaken for "missing"
    expect(error.$metadata).toMatchObject({ httpStatusCode: 403 });
    expect(buckets()).toEqual([]);
    expect(f.sandbox.s3.snapshot(f.sandbox.managementAccountId).buckets[0]?.publicAccessBlock).toBeNull();
    expect(s3Writes()).toEqual([]);
  });
});
