/**
 * The account-creation quota the workflow admits creations under. The defaults are AWS's
 * (AWS-FACTS §1): 5 creations in progress, CreateAccount at about 0.1 requests per second.
 * The environment can lower them (an organization that also creates accounts by other means)
 * or scale them (the local sandbox runs AWS's time faster).
 */
import { ConfigInvalidError } from '../errors.ts';

export interface SlotQuota {
  /** Creations in progress at once. */
  concurrent: number;
  /** Least time between two grants: the CreateAccount request rate. */
  minIntervalMs: number;
  /**
   * How long a granted slot counts without being released. Longer than any creation the
   * workflow waits for (CheckAccount gives up after 80 checks 15 s apart, 20 minutes), so only
   * a holder whose execution died expires.
   */
  leaseMs: number;
}

export const AWS_CREATION_QUOTA: Readonly<SlotQuota> = {
  concurrent: 5,
  minIntervalMs: 10_000,
  leaseMs: 30 * 60_000,
};

const VARIABLES = {
  concurrent: 'AVM_CREATION_CONCURRENCY',
  minIntervalMs: 'AVM_CREATION_INTERVAL_MS',
  leaseMs: 'AVM_CREATION_LEASE_MS',
} as const satisfies Record<keyof SlotQuota, string>;

/**
 * AWS's quota, with what the environment sets instead.
 *
 * @example
 * quotaFromEnv({ AVM_CREATION_CONCURRENCY: '3' }); // { concurrent: 3, minIntervalMs: 10000, leaseMs: 1800000 }
 */
export function quotaFromEnv(env: Record<string, string | undefined> = process.env): SlotQuota {
  const quota = { ...AWS_CREATION_QUOTA };
  for (const [key, name] of Object.entries(VARIABLES) as [keyof SlotQuota, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    const least = key === 'minIntervalMs' ? 0 : 1;
    if (!Number.isInteger(value) || value < least) {
      throw new ConfigInvalidError(
        `${name} must be an integer of at least ${least}, not ${JSON.stringify(raw)}`,
      );
    }
    quota[key] = value;
  }
  if (quota.concurrent > AWS_CREATION_QUOTA.concurrent) {
    throw new ConfigInvalidError(
      `${VARIABLES.concurrent} is ${quota.concurrent}; AWS allows at most ${AWS_CREATION_QUOTA.concurrent} account creations in progress`,
    );
  }
  return quota;
}
