/**
 * AWS limits the vending machine checks before calling AWS and the sandbox enforces.
 * Values from the current AWS Organizations quotas page; they have changed before
 * (SCPs were 5,120 characters and 5 per target), so they are configuration, not magic numbers:
 * `organization.limits` in the blueprint file overrides them.
 */
export interface AwsLimits {
  /** Maximum characters of one service control policy document. */
  scpMaxChars: number;
  /** Maximum SCPs attached directly to one root, OU or account (FullAWSAccess included). */
  scpsPerTarget: number;
  /** Maximum OU nesting below the root. */
  ouMaxDepth: number;
  /** Maximum tags on one account. */
  tagsPerAccount: number;
  /** Maximum characters of one customer managed IAM policy (whitespace not counted). */
  iamManagedPolicyMaxChars: number;
  /** Maximum managed policies attached to one IAM group or role. */
  managedPoliciesPerEntity: number;
  /** Maximum characters of all inline policies of one IAM group together. */
  groupInlinePolicyMaxChars: number;
  /** Maximum characters of all inline policies of one IAM role together. */
  roleInlinePolicyMaxChars: number;
  /** Maximum bytes of one S3 bucket policy. */
  bucketPolicyMaxBytes: number;
}

export const DEFAULT_AWS_LIMITS: AwsLimits = {
  scpMaxChars: 10_240,
  scpsPerTarget: 10,
  ouMaxDepth: 5,
  tagsPerAccount: 50,
  iamManagedPolicyMaxChars: 6_144,
  managedPoliciesPerEntity: 10,
  groupInlinePolicyMaxChars: 5_120,
  roleInlinePolicyMaxChars: 10_240,
  bucketPolicyMaxBytes: 20_480,
};
