import type { RecordedCall } from '#lib/sandbox/index.ts';

/** Sandbox services (SigV4 signing names) whose operations are IAM actions of the same prefix. */
const PREFIXES = new Set(['organizations', 'sts', 'dynamodb', 'events', 'ram', 'iam', 'ssm']);

/** Calls no IAM policy governs: AWS answers them for any authenticated principal. */
const UNAUTHORIZED_OPERATIONS = new Set(['sts:GetCallerIdentity']);

/** Where the S3 API and IAM name things differently (Service Authorization Reference, Amazon S3). */
const S3_ACTIONS: Record<string, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  CreateBucket: 's3:CreateBucket',
  HeadBucket: 's3:ListBucket',
  DeleteBucket: 's3:DeleteBucket',
  GetBucketLocation: 's3:GetBucketLocation',
  GetBucketPolicy: 's3:GetBucketPolicy',
  PutBucketPolicy: 's3:PutBucketPolicy',
  DeleteBucketPolicy: 's3:DeleteBucketPolicy',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  DeleteBucketEncryption: 's3:PutEncryptionConfiguration',
};

/**
 * The IAM action AWS authorizes a recorded call against, or undefined for a call that needs no
 * permission. Throws for an operation it does not know, so a new call cannot slip past the check.
 */
export function iamActionOf(call: Pick<RecordedCall, 'service' | 'operation'>): string | undefined {
  const { service, operation } = call;
  if (service === 's3') {
    const action = S3_ACTIONS[operation];
    if (!action) throw new Error(`No IAM action known for S3 ${operation}: add it to S3_ACTIONS`);
    return action;
  }
  if (!PREFIXES.has(service)) throw new Error(`No IAM prefix known for sandbox service ${service}`);
  if (service === 'dynamodb' && /^(Batch|Transact)/.test(operation))
    throw new Error(`dynamodb ${operation} is authorized per item action: map it explicitly`);
  const action = `${service}:${operation}`;
  return UNAUTHORIZED_OPERATIONS.has(action) ? undefined : action;
}

/** Calls the management account's own principal made: the Lambda role's, not an assumed role's. */
export function isManagementCall(call: RecordedCall, managementAccountId: string): boolean {
  return call.callerAccountId === managementAccountId && call.callerRole === undefined;
}
