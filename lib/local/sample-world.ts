import type { Sandbox } from '../sandbox/index.ts';

/**
 * The accounts and resources the shipped blueprints refer to, seeded into the embedded sandbox
 * so a local vend can share, grant and attach for real: a shared-services account that owns the
 * SageMaker pipeline and feature-store catalog, and a data-lake account whose bucket already has
 * a policy statement of its own (which every vend must leave exactly as it is).
 */
export const SAMPLE = {
  sharedServices: { id: '222222222222', name: 'shared-services', email: 'shared-services@example.com' },
  dataLake: { id: '333333333333', name: 'data-lake', email: 'data-lake@example.com' },
  dataBucket: 'ml-data-333333333333',
  sharedResources: [
    'arn:aws:sagemaker:us-east-1:222222222222:pipeline/train-foundation-model',
    'arn:aws:sagemaker:us-east-1:222222222222:sagemaker-catalog/DefaultFeatureGroupCatalog',
  ],
  // The sandbox's RAM accepts any well-formed ARN of a shareable type owned by the caller: it
  // cannot know which SageMaker resources exist, so the shared resources need no seeding.
  /** The data lake's own statement, present before any vend. */
  existingBucketStatement: {
    Sid: 'AnalyticsTeamReadsReports',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::333333333333:root' },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::ml-data-333333333333/reports/*',
  },
} as const;

export function seedSampleWorld(sandbox: Sandbox): void {
  for (const account of [SAMPLE.sharedServices, SAMPLE.dataLake]) {
    if (!sandbox.org.accountsById.has(account.id)) sandbox.org.addExistingAccount(account);
  }
  if (!sandbox.s3.buckets.has(SAMPLE.dataBucket)) {
    sandbox.s3.addBucket({
      accountId: SAMPLE.dataLake.id,
      name: SAMPLE.dataBucket,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [SAMPLE.existingBucketStatement] }),
    });
  }
}
