/**
 * Names the vending machine gives what it creates in accounts. Deterministic, so every run finds
 * what an earlier run made instead of making another.
 */

/** The role in the new account that reads (or writes) one dataAccess entry. */
export function dataRoleName(entry: string): string {
  return `avm-data-${entry}`;
}

export const EXECUTION_ROLE_NAME = 'avm-sagemaker-execution';

/** The new account's private training bucket (bucket names are global: account and Region make it unique). */
export function trainingBucketName(accountId: string, region: string): string {
  return `avm-training-${accountId}-${region}`;
}

/**
 * Sid prefix of the bucket-policy statements for one account and one dataAccess entry. Sids are
 * kept to [A-Za-z0-9], which every policy language accepts.
 *
 * @example dataSidPrefix('123456789012', 'training-data') // 'AvmData123456789012TrainingData'
 */
export function dataSidPrefix(accountId: string, entry: string): string {
  const pascal = entry
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
  return `AvmData${accountId}${pascal}`;
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
