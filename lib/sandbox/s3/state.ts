/**
 * S3 buckets. Bucket names are global across accounts and Regions, so there is one map for
 * all; each bucket remembers its owner account. Buckets created through the API get what AWS
 * gives every new bucket since 2023: SSE-S3 default encryption and all four Block Public Access
 * settings on. Seeded buckets (`addBucket`) can leave either out, like a bucket on an older
 * or non-AWS endpoint.
 */
import { bucketNameProblem } from './names.ts';

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface BucketEncryption {
  /** AES256 (SSE-S3), aws:kms, aws:kms:dsse. */
  SSEAlgorithm: string;
  KMSMasterKeyID?: string;
  BucketKeyEnabled: boolean;
}

export interface BucketRecord {
  name: string;
  accountId: string;
  region: string;
  created: Date;
  /** As sent; undefined when the bucket has none. */
  policy?: string;
  publicAccessBlock?: PublicAccessBlock;
  encryption?: BucketEncryption;
}

export interface BucketSpec {
  accountId: string;
  name: string;
  /** Default us-east-1. */
  region?: string;
  policy?: string;
  /** Default all four on; `null` for none. */
  publicAccessBlock?: PublicAccessBlock | null;
  /** Default SSE-S3; `null` for none. */
  encryption?: BucketEncryption | null;
}

/** Plain, sorted data for assertions: what `sandbox.s3.snapshot(accountId)` returns. */
export interface S3Snapshot {
  buckets: {
    name: string;
    region: string;
    policy: string | null;
    publicAccessBlock: PublicAccessBlock | null;
    encryption: BucketEncryption | null;
  }[];
}

export const BLOCK_ALL: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
export const SSE_S3: BucketEncryption = { SSEAlgorithm: 'AES256', BucketKeyEnabled: false };

export class S3State {
  readonly buckets = new Map<string, BucketRecord>();

  /** Test helper: a bucket that already exists, with an existing policy if given. */
  addBucket(spec: BucketSpec): BucketRecord {
    const problem = bucketNameProblem(spec.name);
    if (problem) throw new Error(`invalid bucket name ${spec.name}: ${problem}`);
    if (!/^\d{12}$/.test(spec.accountId)) throw new Error(`accountId must be 12 digits: ${spec.accountId}`);
    if (this.buckets.has(spec.name)) throw new Error(`bucket ${spec.name} exists`);
    return this.create({
      name: spec.name,
      accountId: spec.accountId,
      region: spec.region ?? 'us-east-1',
      created: new Date(),
      ...(spec.policy === undefined ? {} : { policy: spec.policy }),
      ...(spec.publicAccessBlock === null
        ? {}
        : { publicAccessBlock: { ...(spec.publicAccessBlock ?? BLOCK_ALL) } }),
      ...(spec.encryption === null ? {} : { encryption: { ...(spec.encryption ?? SSE_S3) } }),
    });
  }

  create(bucket: BucketRecord): BucketRecord {
    this.buckets.set(bucket.name, bucket);
    return bucket;
  }

  snapshot(accountId: string): S3Snapshot {
    const buckets = [...this.buckets.values()]
      .filter((b) => b.accountId === accountId)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return {
      buckets: buckets.map((b) => ({
        name: b.name,
        region: b.region,
        policy: b.policy ?? null,
        publicAccessBlock: b.publicAccessBlock ? { ...b.publicAccessBlock } : null,
        encryption: b.encryption ? { ...b.encryption } : null,
      })),
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}
