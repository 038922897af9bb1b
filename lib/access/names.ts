/**
 * Names the vending machine gives what it creates in accounts. Deterministic, so every run finds
 * what an earlier run made instead of making another.
 */
import { createHash } from 'node:crypto';

/** The role in the new account that reads (or writes) one dataAccess entry. */
export function dataRoleName(entry: string): string {
  return `avm-data-${entry}`;
}

export const EXECUTION_ROLE_NAME = 'avm-sagemaker-execution';

/** The new account's private training bucket (bucket names are global: account and Region make it unique). */
export function trainingBucketName(accountId: string, region: string): string {
  return `avm-training-${accountId}-${region}`;
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}

/**
 * Sid prefix of the per-account statements earlier versions put in bucket policies, for one
 * account and one dataAccess entry. GrantDataAccess now only removes them (see
 * sharedDataSidPrefix). Sids are kept to [A-Za-z0-9], which every policy language accepts.
 *
 * @example dataSidPrefix('123456789012', 'training-data') // 'AvmData123456789012TrainingData'
 */
export function dataSidPrefix(accountId: string, entry: string): string {
  return `AvmData${accountId}${pascal(entry)}`;
}

/**
 * Sid prefix of the bucket-policy statements shared by every account of one blueprint in one OU,
 * for one dataAccess entry. Readable (blueprint and entry) and unique: the hash of the three
 * keeps e.g. blueprint "ai-dev" + entry "data" apart from blueprint "ai" + entry "dev-data".
 *
 * @example sharedDataSidPrefix('ai-dev', 'training-data', 'ou-ab12-cdef3456') // 'AvmDataAiDevTrainingData7005dedd'
 */
export function sharedDataSidPrefix(blueprint: string, entry: string, ouId: string): string {
  const hash = createHash('sha256').update(`${blueprint}\n${entry}\n${ouId}`).digest('hex').slice(0, 8);
  return `AvmData${pascal(blueprint)}${pascal(entry)}${hash}`;
}

export function roleArn(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role/${name}`;
}

/** The partition of a Region: aws, aws-cn or aws-us-gov. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
