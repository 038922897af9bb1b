import { RAMClient } from '@aws-sdk/client-ram';
import type { AccountClientFactories } from '#lib/aws/cross-account.ts';
import { stepHandler } from '#lib/handler.ts';
import { crossAccountDeps } from '#lib/steps/cross-deps.ts';
import { AccountInput, parseStepInput } from '#lib/steps/input.ts';
import { shareResources } from '#lib/steps/share-resources.ts';

// Only the clients this step uses in other accounts, so the bundle carries no others.
const clients: AccountClientFactories = { ram: (config) => new RAMClient(config) };

/** ShareResources: adds the account to the blueprint's AWS RAM shares, inside the organization only. */
export const handler = stepHandler('ShareResources', async (event: unknown) => {
  const { requestId, execution, accountId } = parseStepInput('ShareResources', AccountInput, event);
  return shareResources(requestId, execution, accountId, crossAccountDeps(clients));
});
