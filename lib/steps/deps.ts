import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreationSlots } from '../admission/creation-slots.ts';
import { LeaseLocks } from '../admission/lease-lock.ts';
import { quotaFromEnv } from '../admission/quota.ts';
import { dynamoDbClient, organizationsClient } from '../aws/clients.ts';
import { type LoadedConfig, loadConfig } from '../config/index.ts';
import { requireEnv } from '../env.ts';
import { RequestRepository } from '../record/repository.ts';

/** What a workflow step needs; tests and the sandbox pass their own. */
export interface StepDeps {
  org: OrganizationsClient;
  repo: RequestRepository;
  /** Admission control for CreateAccount, shared by every execution. */
  slots: CreationSlots;
  /** Locks for read-modify-writes AWS cannot make conditional (bucket policies). */
  locks: LeaseLocks;
  config: LoadedConfig;
  /** The Region the workflow runs in: RAM shares, buckets and roles' Region-scoped ARNs. */
  region: string;
}

let deps: StepDeps | undefined;

/**
 * The deps of a Lambda container: real clients, the table from REQUESTS_TABLE, the bundled
 * blueprints. Cross-account clients live apart (cross-deps.ts), so the steps that stay in the
 * management account do not carry IAM, S3 and RAM in their bundles.
 */
export function defaultDeps(): StepDeps {
  if (deps) return deps;
  const table = requireEnv('REQUESTS_TABLE');
  deps = {
    org: organizationsClient(),
    repo: new RequestRepository(dynamoDbClient(), table),
    slots: new CreationSlots(dynamoDbClient(), table, quotaFromEnv()),
    locks: new LeaseLocks(dynamoDbClient(), table),
    config: loadConfig(),
    region: requireEnv('AWS_REGION'),
  };
  return deps;
}

/** Forgets the container's deps, so the next call re-reads the environment and the blueprint file. */
export function resetDefaultDeps(): void {
  deps = undefined;
  resetHooks.forEach((reset) => {
    reset();
  });
}

const resetHooks: (() => void)[] = [];
/** Lets modules that build on the deps forget theirs too (see cross-deps.ts). */
export function onResetDeps(reset: () => void): void {
  resetHooks.push(reset);
}
