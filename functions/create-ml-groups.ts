import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import type { AccountClientFactories } from '#lib/aws/cross-account.ts';
import { stepHandler } from '#lib/handler.ts';
import { createMlGroups } from '#lib/steps/create-ml-groups.ts';
import { crossAccountDeps } from '#lib/steps/cross-deps.ts';
import { AccountInput, parseStepInput } from '#lib/steps/input.ts';

// Only the clients this step uses in other accounts, so the bundle carries no others.
const clients: AccountClientFactories = {
  iam: (config) => new IAMClient(config),
  s3: (config) => new S3Client(config),
};

/** CreateMlGroups: the SageMaker execution role, training bucket and IAM groups in the new account. */
export const handler = stepHandler('CreateMlGroups', async (event: unknown) => {
  const { requestId, execution, accountId } = parseStepInput('CreateMlGroups', AccountInput, event);
  return createMlGroups(requestId, execution, accountId, crossAccountDeps(clients));
});
