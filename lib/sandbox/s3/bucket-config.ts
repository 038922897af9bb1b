/**
 * Block Public Access and default encryption of a bucket. Since 2023 AWS gives every bucket
 * SSE-S3 and deleting the encryption configuration resets it to SSE-S3, so
 * ServerSideEncryptionConfigurationNotFoundError only comes from a bucket seeded without one.
 */
import { AwsError } from '../aws-error.ts';
import { ownBucket, type S3Operation } from './context.ts';
import { type BucketEncryption, type PublicAccessBlock, SSE_S3 } from './state.ts';
import { child, childText, el, malformedXml, parseXml } from './xml.ts';

const PUBLIC_ACCESS_BLOCK_FIELDS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;
const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

export const getPublicAccessBlock: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  const block = bucket.publicAccessBlock;
  if (!block) {
    throw new AwsError(
      'NoSuchPublicAccessBlockConfiguration',
      'The public access block configuration was not found',
      { BucketName: bucket.name },
      404,
    );
  }
  const body = ctx.protocol.xml(
    'PublicAccessBlockConfiguration',
    PUBLIC_ACCESS_BLOCK_FIELDS.map((field) => el(field, block[field])),
  );
  return ctx.protocol.result(200, ctx.call.requestId, body);
};

export const putPublicAccessBlock: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  const document = parseXml(ctx.call.body.toString('utf8'));
  if (document.name !== 'PublicAccessBlockConfiguration') throw malformedXml();
  const block = Object.fromEntries(
    PUBLIC_ACCESS_BLOCK_FIELDS.map((field) => [field, readBoolean(childText(document, field))]),
  ) as unknown as PublicAccessBlock;
  bucket.publicAccessBlock = block;
  return ctx.protocol.result(200, ctx.call.requestId);
};

export const deletePublicAccessBlock: S3Operation = (ctx) => {
  delete ownBucket(ctx).publicAccessBlock;
  return ctx.protocol.result(204, ctx.call.requestId);
};

export const getBucketEncryption: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  const encryption = bucket.encryption;
  if (!encryption) {
    throw new AwsError(
      'ServerSideEncryptionConfigurationNotFoundError',
      'The server side encryption configuration was not found',
      { BucketName: bucket.name },
      404,
    );
  }
  const rule = el('Rule', [
    el('ApplyServerSideEncryptionByDefault', [
      el('SSEAlgorithm', encryption.SSEAlgorithm),
      el('KMSMasterKeyID', encryption.KMSMasterKeyID),
    ]),
    el('BucketKeyEnabled', encryption.BucketKeyEnabled),
  ]);
  return ctx.protocol.result(
    200,
    ctx.call.requestId,
    ctx.protocol.xml('ServerSideEncryptionConfiguration', [rule]),
  );
};

export const putBucketEncryption: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  const document = parseXml(ctx.call.body.toString('utf8'));
  const rules = document.children.filter((c) => c.name === 'Rule');
  const byDefault = rules[0] && child(rules[0], 'ApplyServerSideEncryptionByDefault');
  const algorithm = byDefault && childText(byDefault, 'SSEAlgorithm');
  if (document.name !== 'ServerSideEncryptionConfiguration' || rules.length !== 1 || !byDefault || !algorithm)
    throw malformedXml();
  if (!SSE_ALGORITHMS.includes(algorithm))
    throw new AwsError(
      'MalformedXML',
      `The encryption method specified is not supported: ${algorithm}`,
      {},
      400,
    );
  const keyId = childText(byDefault, 'KMSMasterKeyID');
  if (keyId !== undefined && algorithm === 'AES256') {
    throw new AwsError(
      'InvalidArgument',
      'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
      {},
      400,
    );
  }
  const encryption: BucketEncryption = {
    SSEAlgorithm: algorithm,
    ...(keyId === undefined ? {} : { KMSMasterKeyID: keyId }),
    BucketKeyEnabled: readBoolean(childText(rules[0] ?? document, 'BucketKeyEnabled')),
  };
  bucket.encryption = encryption;
  return ctx.protocol.result(200, ctx.call.requestId);
};

export const deleteBucketEncryption: S3Operation = (ctx) => {
  ownBucket(ctx).encryption = { ...SSE_S3 };
  return ctx.protocol.result(204, ctx.call.requestId);
};

function readBoolean(text: string | undefined): boolean {
  if (text === undefined) return false;
  if (text !== 'true' && text !== 'false') throw malformedXml();
  return text === 'true';
}
