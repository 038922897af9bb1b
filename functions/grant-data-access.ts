import { stepHandler } from '#lib/handler.ts';
import { crossAccountDeps } from '#lib/steps/cross-deps.ts';
import { grantDataAccess } from '#lib/steps/grant-data-access.ts';
import { AccountInput, parseStepInput } from '#lib/steps/input.ts';

/** GrantDataAccess: cross-account S3 access — a role in the new account and a bucket-policy statement. */
export const handler = stepHandler('GrantDataAccess', async (event: unknown) => {
  const { requestId, execution, accountId } = parseStepInput('GrantDataAccess', AccountInput, event);
  return grantDataAccess(requestId, execution, accountId, crossAccountDeps());
});
