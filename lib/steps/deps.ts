import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { dynamoDbClient, organizationsClient } from '../aws/clients.ts';
import { type LoadedConfig, loadConfig } from '../config/index.ts';
import { requireEnv } from '../env.ts';
import { RequestRepository } from '../record/repository.ts';

/** What a workflow step needs; tests and the sandbox pass their own. */
export interface StepDeps {
  org: OrganizationsClient;
  repo: RequestRepository;
  config: LoadedConfig;
}

let deps: StepDeps | undefined;

/** The deps of a Lambda container: real clients, the table from REQUESTS_TABLE, the bundled blueprints. */
export function defaultDeps(): StepDeps {
  deps ??= {
    org: organizationsClient(),
    repo: new RequestRepository(dynamoDbClient(), requireEnv('REQUESTS_TABLE')),
    config: loadConfig(),
  };
  return deps;
}

/** Forgets the container's deps, so the next call re-reads the environment and the blueprint file. */
export function resetDefaultDeps(): void {
  deps = undefined;
}
