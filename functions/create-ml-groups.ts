import { stepHandler } from '#lib/handler.ts';
import { createMlGroups } from '#lib/steps/create-ml-groups.ts';
import { crossAccountDeps } from '#lib/steps/cross-deps.ts';
import { AccountInput, parseStepInput } from '#lib/steps/input.ts';

/** CreateMlGroups: the SageMaker execution role, training bucket and IAM groups in the new account. */
export const handler = stepHandler('CreateMlGroups', async (event: unknown) => {
  const { requestId, execution, accountId } = parseStepInput('CreateMlGroups', AccountInput, event);
  return createMlGroups(requestId, execution, accountId, crossAccountDeps());
});
