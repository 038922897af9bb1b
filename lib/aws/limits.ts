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
}

export const DEFAULT_AWS_LIMITS: AwsLimits = {
  scpMaxChars: 10_240,
  scpsPerTarget: 10,
  ouMaxDepth: 5,
  tagsPerAccount: 50,
};
