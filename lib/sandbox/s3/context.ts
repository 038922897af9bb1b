/** What an S3 operation handler gets, and the errors every bucket operation can answer. */
import type { AwsLimits } from '../../aws/limits.ts';
import { AwsError } from '../aws-error.ts';
import type { IamState } from '../iam/state.ts';
import type { RestXmlProtocol } from '../protocol-rest-xml.ts';
import type { ServiceCall, WireResponse } from '../service.ts';
import type { BucketRecord, S3State } from './state.ts';

export interface S3Context {
  s3: S3State;
  iam: IamState;
  limits: AwsLimits;
  protocol: RestXmlProtocol;
  call: ServiceCall;
  /** From the path: `/bucket/...`. */
  bucketName: string;
}

export type S3Operation = (ctx: S3Context) => WireResponse;

export const noSuchBucket = (name: string): AwsError =>
  new AwsError('NoSuchBucket', 'The specified bucket does not exist', { BucketName: name }, 404);

export const accessDenied = (): AwsError => new AwsError('AccessDenied', 'Access Denied', {}, 403);

/**
 * The bucket the request names, if the caller's account owns it. Bucket configuration belongs
 * to the owner: other accounts are refused whatever the bucket policy says (the sandbox does
 * not evaluate bucket policies for these calls).
 */
export function ownBucket(ctx: S3Context): BucketRecord {
  const bucket = ctx.s3.buckets.get(ctx.bucketName);
  if (!bucket) throw noSuchBucket(ctx.bucketName);
  if (bucket.accountId !== ctx.call.caller.accountId) throw accessDenied();
  return bucket;
}
