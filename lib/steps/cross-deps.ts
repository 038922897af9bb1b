import { organizationsClient, stsClient } from '../aws/clients.ts';
import { type AccountClientFactories, CrossAccount } from '../aws/cross-account.ts';
import { defaultDeps, onResetDeps, type StepDeps } from './deps.ts';

/** The deps of the steps that act in other accounts. */
export interface CrossAccountDeps extends StepDeps {
  /** Clients acting in other accounts through the access role. */
  cross: CrossAccount;
}

let deps: CrossAccountDeps | undefined;
/** Every factory passed so far: the local workflow runs all steps in one process. */
const factories: AccountClientFactories = {};
onResetDeps(() => {
  deps = undefined;
});

/**
 * The container's cross-account deps. `clients` says how to create the clients the step uses
 * in other accounts (only those end up in its bundle). In one process running several steps
 * (the local workflow), the factories of every call add up.
 *
 * @example crossAccountDeps({ ram: (config) => new RAMClient(config) })
 */
export function crossAccountDeps(clients: AccountClientFactories): CrossAccountDeps {
  Object.assign(factories, clients);
  if (!deps) {
    const base = defaultDeps();
    deps = {
      ...base,
      cross: new CrossAccount({
        sts: stsClient(),
        org: organizationsClient(),
        region: base.region,
        roleName: base.config.config.organization.accessRoleName,
        clients: factories,
      }),
    };
  }
  return deps;
}
