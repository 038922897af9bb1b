import { organizationsClient, stsClient } from '../aws/clients.ts';
import { CrossAccount } from '../aws/cross-account.ts';
import { defaultDeps, onResetDeps, type StepDeps } from './deps.ts';

/** The deps of the steps that act in other accounts. */
export interface CrossAccountDeps extends StepDeps {
  /** Clients acting in other accounts through the access role. */
  cross: CrossAccount;
}

let deps: CrossAccountDeps | undefined;
onResetDeps(() => {
  deps = undefined;
});

export function crossAccountDeps(): CrossAccountDeps {
  if (!deps) {
    const base = defaultDeps();
    deps = {
      ...base,
      cross: new CrossAccount({
        sts: stsClient(),
        org: organizationsClient(),
        region: base.region,
        roleName: base.config.config.organization.accessRoleName,
      }),
    };
  }
  return deps;
}
