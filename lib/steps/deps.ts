import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { dynamoDbClient, organizationsClient, stsClient } from '../aws/clients.ts';
import { CrossAccount } from '../aws/cross-account.ts';
import { type LoadedConfig, loadConfig } from '../config/index.ts';
import { requireEnv } from '../env.ts';
import { RequestRepository } from '../record/repository.ts';

/** What a workflow step needs; tests and the sandbox pass their own. */
export interface StepDeps {
  org: OrganizationsClient;
  repo: RequestRepository;
  config: LoadedConfig;
  /** Clients acting in other accounts through the access role. */
  cross: CrossAccount;
  /** The Region the workflow runs in: RAM shares, buckets and roles' Region-scoped ARNs. */
  region: string;
}

let deps: StepDeps | undefined;

/** The deps of a Lambda container: real clients, the table from REQUESTS_TABLE, the bundled blueprints. */
export function defaultDeps(): StepDeps {
  if (!deps) {
    const config = loadConfig();
    const region = requireEnv('AWS_REGION');
    deps = {
      org: organizationsClient(),
      repo: new RequestRepository(dynamoDbClient(), requireEnv('REQUESTS_TABLE')),
      config,
      region,
      cross: new CrossAccount({
        sts: stsClient(),
        org: organizationsClient(),
        region,
        roleName: config.config.organization.accessRoleName,
      }),
    };
  }
  return deps;
}

/** Forgets the container's deps, so the next call re-reads the environment and the blueprint file. */
export function resetDefaultDeps(): void {
  deps = undefined;
}
