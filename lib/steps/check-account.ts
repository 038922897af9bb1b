import { DescribeCreateAccountStatusCommand } from '@aws-sdk/client-organizations';
import {
  AccountCreationFailedError,
  AccountCreationTimeoutError,
  EmailAlreadyInUseError,
} from '../errors.ts';
import type { VendRequest } from '../request/schema.ts';
import { adoptExistingAccount } from './create-account.ts';
import type { StepDeps } from './deps.ts';
import type { AccountState } from './input.ts';
import { ownedRecord } from './record.ts';

/** What each CreateAccount FailureReason means for the person who asked, and what to do. */
const FAILURE_REASONS: Record<string, string> = {
  ACCOUNT_LIMIT_EXCEEDED:
    'the organization has reached its account limit; ask AWS Support for a higher quota',
  EMAIL_ALREADY_EXISTS: 'another AWS account already uses this email; use another address',
  INVALID_ADDRESS: 'the management account has an invalid address',
  INVALID_EMAIL: 'AWS considers the email invalid; use another address',
  CONCURRENT_ACCOUNT_MODIFICATION: 'an identical request was already being processed; retry the request',
  INTERNAL_FAILURE: 'AWS had an internal failure; retry the request',
  GOVCLOUD_ACCOUNT_ALREADY_EXISTS: 'a GovCloud account already uses this email',
  MISSING_BUSINESS_VALIDATION: 'the management account has not completed business validation',
  FAILED_BUSINESS_VALIDATION: 'the management account failed business validation',
  PENDING_BUSINESS_VALIDATION: 'business validation of the management account is still pending',
  INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: 'the identity used for business validation is invalid',
  UNKNOWN_BUSINESS_VALIDATION: 'business validation of the management account failed for an unknown reason',
  MISSING_PAYMENT_INSTRUMENT: 'the management account has no valid payment method',
  INVALID_PAYMENT_INSTRUMENT: 'the management account has an invalid payment method',
  UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: 'AWS could not apply the tags to the new account',
};

/**
 * One poll of the account creation. The state machine's Wait state does the waiting;
 * `maxPolls` (set in the ASL) bounds the loop.
 */
export async function checkAccount(
  requestId: string,
  execution: string,
  account: AccountState,
  maxPolls: number,
  deps: StepDeps,
): Promise<AccountState> {
  if (account.accountId) {
    await deps.slots.release(requestId);
    return { ...account, state: 'SUCCEEDED' };
  }
  const record = await ownedRecord(deps.repo, requestId, execution);
  const carId = record.createAccountRequestId ?? account.createAccountRequestId;
  if (record.accountId) {
    await deps.slots.release(requestId);
    return { state: 'SUCCEEDED', accountId: record.accountId, polls: account.polls };
  }
  if (!carId) throw new AccountCreationFailedError(`Request ${requestId} has no account creation to check`);

  const { CreateAccountStatus: status } = await deps.org.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: carId }),
  );
  const polls = account.polls + 1;
  switch (status?.State) {
    case 'SUCCEEDED': {
      const accountId = status.AccountId as string;
      await deps.repo.completeStep(requestId, execution, 'CheckAccount', { accountId });
      // After the account id is stored: a failed release is retried and finds it above.
      await deps.slots.release(requestId);
      return { state: 'SUCCEEDED', createAccountRequestId: carId, accountId, polls };
    }
    case 'FAILED': {
      // The creation has ended either way; whatever happens next needs no slot.
      await deps.slots.release(requestId);
      const reason = status.FailureReason ?? 'UNKNOWN';
      if (reason === 'EMAIL_ALREADY_EXISTS') {
        // The account with this email may be our own (created before a crash): adopt it if tagged so.
        const email = (record.request as VendRequest).email;
        const adopted = await adoptExistingAccount(requestId, execution, email, deps);
        if (adopted) return { state: 'SUCCEEDED', createAccountRequestId: carId, accountId: adopted, polls };
        throw new EmailAlreadyInUseError(
          `AWS could not create the account: ${FAILURE_REASONS[reason]} (${email})`,
        );
      }
      // A retry of the request should start a fresh creation, not poll this failed one.
      await deps.repo.clearCreateAccountRequest(requestId, execution);
      throw new AccountCreationFailedError(
        `AWS could not create the account (${reason}): ${FAILURE_REASONS[reason] ?? 'no further detail from AWS'}`,
      );
    }
    default:
      if (polls >= maxPolls) {
        throw new AccountCreationTimeoutError(
          `AWS was still creating the account after ${polls} checks (CreateAccount request ${carId}); ` +
            'retry the request later, it will pick up the same creation',
        );
      }
      return { state: 'IN_PROGRESS', createAccountRequestId: carId, polls };
  }
}
