/**
 * Organizations API throttling as AWS documents it: a token bucket per API and per calling
 * account (AWS-FACTS §1, "API throttling"). Refill runs on sandbox time, so `timeScale` speeds
 * it up together with every other delay. APIs missing from the table are not throttled: AWS
 * throttles them too, but publishes no figures.
 */
import { AwsError } from './aws-error.ts';
import type { SandboxClock } from './clock.ts';

export interface BucketSpec {
  /** Tokens added per sandbox second. */
  rate: number;
  /** Bucket size: calls allowed at once after a quiet period. */
  burst: number;
}

export const ORGANIZATIONS_RATE_LIMITS: Readonly<Record<string, BucketSpec>> = {
  CreateAccount: { rate: 0.1, burst: 3 },
  DescribeCreateAccountStatus: { rate: 2, burst: 2 },
  MoveAccount: { rate: 2, burst: 3 },
  CreateOrganizationalUnit: { rate: 1, burst: 2 },
  CreatePolicy: { rate: 2, burst: 3 },
  AttachPolicy: { rate: 2, burst: 3 },
  DetachPolicy: { rate: 2, burst: 3 },
  EnablePolicyType: { rate: 1, burst: 1 },
  ListParents: { rate: 5, burst: 8 },
  ListRoots: { rate: 1, burst: 2 },
  DescribeAccount: { rate: 20, burst: 30 },
  TagResource: { rate: 4, burst: 6 },
  CloseAccount: { rate: 0.05, burst: 1 },
};

/** Limits that apply to the whole organization on top of the per-account bucket. */
export const ORGANIZATIONS_ORG_WIDE_RATE_LIMITS: Readonly<Record<string, BucketSpec>> = {
  DescribeCreateAccountStatus: { rate: 2, burst: 3 },
};

class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly spec: BucketSpec,
    private readonly clock: SandboxClock,
  ) {
    this.tokens = spec.burst;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(
      this.spec.burst,
      this.tokens + this.clock.toSandboxSeconds(now - this.last) * this.spec.rate,
    );
    this.last = now;
  }

  hasToken(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  take(): void {
    this.tokens -= 1;
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: SandboxClock,
    readonly enabled: boolean,
  ) {}

  /** Takes a token for this call or throws TooManyRequestsException; a throttled call costs nothing. */
  take(service: string, operation: string, callerAccountId: string): void {
    if (!this.enabled || service !== 'organizations') return;
    const buckets = [
      this.bucket(`${operation}/${callerAccountId}`, ORGANIZATIONS_RATE_LIMITS[operation]),
      this.bucket(`${operation}/organization`, ORGANIZATIONS_ORG_WIDE_RATE_LIMITS[operation]),
    ].filter((b): b is TokenBucket => b !== undefined);
    if (buckets.some((b) => !b.hasToken())) {
      throw new AwsError(
        'TooManyRequestsException',
        'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
      );
    }
    for (const b of buckets) b.take();
  }

  reset(): void {
    this.buckets.clear();
  }

  private bucket(key: string, spec: BucketSpec | undefined): TokenBucket | undefined {
    if (!spec) return undefined;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(spec, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
