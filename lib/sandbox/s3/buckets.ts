/**
 * Buckets: create (global names; re-creating your own bucket is a success only in us-east-1,
 * as S3 documents), head, delete, list your own, location.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../aws-error.ts';
import { accessDenied, noSuchBucket, ownBucket, type S3Operation } from './context.ts';
import { bucketNameProblem } from './names.ts';
import { BLOCK_ALL, SSE_S3 } from './state.ts';
import { childText, el, parseXml } from './xml.ts';

const US_EAST_1 = 'us-east-1';

/** A stable canonical user id per account, 64 hex characters like S3's. */
export const canonicalUserId = (accountId: string): string =>
  createHash('sha256').update(accountId).digest('hex');

export const createBucket: S3Operation = (ctx) => {
  const { call, bucketName: name } = ctx;
  const problem = bucketNameProblem(name);
  if (problem)
    throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name }, 400);
  const region = requestedRegion(call.body.toString('utf8'), call.region);
  const existing = ctx.s3.buckets.get(name);
  if (existing) {
    if (existing.accountId !== call.caller.accountId) {
      throw new AwsError(
        'BucketAlreadyExists',
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
        { BucketName: name },
        409,
      );
    }
    // "In us-east-1 ... Amazon S3 returns 200 OK and resets the bucket access control lists."
    if (!(existing.region === US_EAST_1 && region === US_EAST_1)) {
      throw new AwsError(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { BucketName: name },
        409,
      );
    }
    return ctx.protocol.result(200, call.requestId, '', { location: `/${name}` });
  }
  ctx.s3.create({
    name,
    accountId: call.caller.accountId,
    region,
    created: new Date(),
    publicAccessBlock: { ...BLOCK_ALL },
    encryption: { ...SSE_S3 },
  });
  return ctx.protocol.result(200, call.requestId, '', { location: `/${name}` });
};

/** The bucket's Region: the LocationConstraint, which must match the endpoint's Region. */
function requestedRegion(body: string, endpointRegion: string): string {
  const constraint = body.trim() === '' ? undefined : childText(parseXml(body), 'LocationConstraint');
  if (constraint === US_EAST_1 || constraint === '') {
    throw new AwsError(
      'InvalidLocationConstraint',
      'The specified location-constraint is not valid',
      {},
      400,
    );
  }
  const region = constraint ?? US_EAST_1;
  if (region !== endpointRegion) {
    throw new AwsError(
      'IllegalLocationConstraintException',
      constraint === undefined
        ? 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'
        : `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      {},
      400,
    );
  }
  return region;
}

export const headBucket: S3Operation = (ctx) => {
  const bucket = ctx.s3.buckets.get(ctx.bucketName);
  if (!bucket) throw noSuchBucket(ctx.bucketName);
  if (bucket.accountId !== ctx.call.caller.accountId) throw accessDenied();
  return ctx.protocol.result(200, ctx.call.requestId, '', { 'x-amz-bucket-region': bucket.region });
};

export const deleteBucket: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  ctx.s3.buckets.delete(bucket.name);
  return ctx.protocol.result(204, ctx.call.requestId);
};

export const listBuckets: S3Operation = (ctx) => {
  const { accountId } = ctx.call.caller;
  const buckets = [...ctx.s3.buckets.values()]
    .filter((b) => b.accountId === accountId)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((b) =>
      el('Bucket', [
        el('Name', b.name),
        el('CreationDate', b.created.toISOString()),
        el('BucketRegion', b.region),
      ]),
    );
  const body = ctx.protocol.xml('ListAllMyBucketsResult', [
    el('Owner', [el('ID', canonicalUserId(accountId))]),
    el('Buckets', buckets),
  ]);
  return ctx.protocol.result(200, ctx.call.requestId, body);
};

export const getBucketLocation: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  const body = ctx.protocol.xml('LocationConstraint', bucket.region === US_EAST_1 ? [] : [bucket.region]);
  return ctx.protocol.result(200, ctx.call.requestId, body);
};
