/**
 * Bucket policies: S3 keeps the text as sent and checks it when it is put — JSON, a policy with
 * Effect, Principal, Action and Resource in every statement, actions of S3, resources in this
 * bucket, principals that exist ("Invalid principal in policy", as AWS answers for a role that
 * does not exist), at most 20 KB, and no public grant (by S3's definition, see isPublic) while
 * BlockPublicPolicy is on.
 */
import { AwsError } from '../aws-error.ts';
import { isObject, parsePolicy, principalEntries, type Statement, stringList } from '../policy-json.ts';
import { principalExists } from '../principals.ts';
import { ownBucket, type S3Context, type S3Operation } from './context.ts';

const malformed = (message: string): AwsError => new AwsError('MalformedPolicy', message, {}, 400);

export const getBucketPolicy: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  if (bucket.policy === undefined) {
    throw new AwsError(
      'NoSuchBucketPolicy',
      'The bucket policy does not exist',
      { BucketName: bucket.name },
      404,
    );
  }
  return ctx.protocol.result(200, ctx.call.requestId, bucket.policy, { 'content-type': 'application/json' });
};

export const putBucketPolicy: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  const policy = ctx.call.body.toString('utf8');
  checkBucketPolicy(ctx, bucket.name, policy);
  if (bucket.publicAccessBlock?.BlockPublicPolicy && isPublic(policy)) {
    throw new AwsError(
      'AccessDenied',
      `User: ${ctx.call.caller.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket.name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      {},
      403,
    );
  }
  bucket.policy = policy;
  return ctx.protocol.result(204, ctx.call.requestId);
};

export const deleteBucketPolicy: S3Operation = (ctx) => {
  const bucket = ownBucket(ctx);
  delete bucket.policy;
  return ctx.protocol.result(204, ctx.call.requestId);
};

function checkBucketPolicy(ctx: S3Context, bucketName: string, text: string): void {
  const maxBytes = ctx.limits.bucketPolicyMaxBytes;
  // The error code for an oversized policy is not documented; MinIO, which copies S3, answers
  // PolicyTooLarge with this message. UNCONFIRMED against AWS.
  if (Buffer.byteLength(text, 'utf8') > maxBytes)
    throw new AwsError('PolicyTooLarge', 'Policy exceeds the maximum allowed document size.', {}, 400);
  const policy = parsePolicy(text);
  if (policy === 'syntax') throw malformed("Policies must be valid JSON and the first byte must be '{'");
  if (policy === 'statement') throw malformed('Missing required field Statement');
  for (const statement of policy.statements) checkStatement(ctx, bucketName, statement);
}

function checkStatement(ctx: S3Context, bucketName: string, statement: Statement): void {
  if (statement.Effect === undefined) throw malformed('Missing required field Effect');
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
    throw malformed(`Invalid effect: ${String(statement.Effect)}`);
  const principal = statement.Principal ?? statement.NotPrincipal;
  if (principal === undefined) throw malformed('Missing required field Principal');
  const entries = principalEntries(principal);
  if (!entries?.every((entry) => principalExists(ctx.iam, entry)))
    throw malformed('Invalid principal in policy');
  const actions = stringList(statement.Action ?? statement.NotAction);
  if (!actions) throw malformed('Missing required field Action');
  if (!actions.every((a) => a === '*' || /^s3:[\w*?]+$/i.test(a)))
    throw malformed('Policy has invalid action');
  const resources = stringList(statement.Resource ?? statement.NotResource);
  if (!resources) throw malformed('Missing required field Resource');
  const arn = `arn:aws:s3:::${bucketName}`;
  if (!resources.every((r) => r === arn || r.startsWith(`${arn}/`)))
    throw malformed('Policy has invalid resource');
  if (statement.Condition !== undefined && !isObject(statement.Condition))
    throw malformed('Invalid Condition');
}

/**
 * S3's test ("The meaning of public"): a policy is public unless each Allow to `*` is limited to
 * fixed values (no wildcard, no policy variable) of one of the keys S3 lists — a principal
 * (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn), aws:SourceIp, aws:SourceArn,
 * aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount, the request's KMS key id,
 * aws:userid, s3:DataAccessPointArn or s3:DataAccessPointAccount. aws:PrincipalOrgPaths is not
 * on the list, nor a wildcard aws:PrincipalArn, so neither alone makes a grant non-public.
 * Finer points are not modelled (a very broad aws:SourceIp range counting as public, the
 * "AROLEID:*" form of aws:userid, "bad actions").
 */
function isPublic(text: string): boolean {
  const policy = parsePolicy(text);
  if (typeof policy === 'string') return false;
  return policy.statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      (principalEntries(s.Principal) ?? []).some((p) => p.value === '*') &&
      !limitsToFixedValues(s.Condition),
  );
}

const NON_PUBLIC_KEYS = new Set(
  [
    'aws:PrincipalOrgID',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:SourceIp',
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((key) => key.toLowerCase()),
);
/** Operators that require the key to match (not IfExists, not negated, not ForAllValues). */
const MATCHING =
  /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/;

function limitsToFixedValues(condition: unknown): boolean {
  if (!isObject(condition)) return false;
  return Object.entries(condition).some(
    ([operator, keys]) =>
      MATCHING.test(operator) &&
      isObject(keys) &&
      Object.entries(keys).some(([key, value]) => {
        const values = stringList(value);
        return (
          NON_PUBLIC_KEYS.has(key.toLowerCase()) && (values?.every((v) => !/[*?]|\$\{/.test(v)) ?? false)
        );
      }),
  );
}
