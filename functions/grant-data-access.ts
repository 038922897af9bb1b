import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import type { AccountClientFactories } from '#lib/aws/cross-account.ts';
import { stepHandler } from '#lib/handler.ts';
import { crossAccountDeps } from '#lib/steps/cross-deps.ts';
import { grantDataAccess } from '#lib/steps/grant-data-access.ts';
import { AccountInput, parseStepInput } from '#lib/steps/input.ts';

// Only the clients this step uses in other accounts, so the bundle carries no others.
const clients: AccountClientFactories = {
  iam: (config) => new IAMClient(config),
  s3: (config) => new S3Client(config),
};

/** GrantDataAccess: cross-account S3 access — a role in the new account and a bucket-policy statement. */
export const handler = stepHandler('GrantDataAccess', async (event: unknown) => {
  const { requestId, execution, accountId } = parseStepInput('GrantDataAccess', AccountInput, event);
  return grantDataAccess(requestId, execution, accountId, crossAccountDeps(clients));
});
