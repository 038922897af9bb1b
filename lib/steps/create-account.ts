import { CreateAccountCommand, InvalidInputException } from '@aws-sdk/client-organizations';
import { AccountCreationInFlightError, EmailAlreadyInUseError, InvalidRequestError } from '../errors.ts';
import { accountTags, creationsInFlight, findAccountByEmail, REQUEST_ID_TAG } from '../org/accounts.ts';
import type { RequestRecord } from '../record/types.ts';
import type { VendRequest } from '../request/schema.ts';
import type { StepDeps } from './deps.ts';
import type { AccountState } from './input.ts';
import { blueprintOf, ownedRecord } from './record.ts';

/**
 * Starts the account creation, or finds the one already started or finished for this request.
 * There is no idempotency token on CreateAccount, so "never a second account" rests on three
 * observations made before calling it: the stored CreateAccount request id, an account in the
 * organization with the same email (adopted only when tagged with this request id), and a
 * creation with the same name still running.
 */
export async function createAccount(
  requestId: string,
  execution: string,
  deps: StepDeps,
): Promise<AccountState> {
  const record = await ownedRecord(deps.repo, requestId, execution);
  if (record.accountId) {
    await deps.slots.release(requestId);
    return { state: 'SUCCEEDED', accountId: record.accountId, ...carOf(record), polls: 0 };
  }
  if (record.createAccountRequestId) {
    return { state: 'IN_PROGRESS', createAccountRequestId: record.createAccountRequestId, polls: 0 };
  }
  // A slot before anything else: a request waiting for one polls here, and should cost one
  // read and one write per poll. Only a request that held a slot can have called CreateAccount,
  // so the observations below still see every creation this request may have started.
  const slot = await deps.slots.acquire(requestId);
  if (!slot.granted) {
    return {
      state: 'WAITING_FOR_SLOT',
      polls: 0,
      retryAt: retryAt(slot.retryAfterMs, deps.slots.quota.minIntervalMs),
      queuePosition: slot.ahead,
    };
  }

  const request = record.request as VendRequest;
  const adopted = await adoptExistingAccount(requestId, execution, request.email, deps);
  if (adopted) {
    await deps.slots.release(requestId);
    return { state: 'SUCCEEDED', accountId: adopted, polls: 0 };
  }

  if ((await creationsInFlight(deps.org, request.accountName)).length > 0) {
    // Possibly our own creation whose id was lost in a crash: once it settles, the email
    // lookup above adopts it. Starting another now would only fail or duplicate.
    throw new AccountCreationInFlightError(
      `An account named "${request.accountName}" is still being created in AWS; waiting for it to finish`,
    );
  }

  const blueprint = blueprintOf(deps.config, request);
  const tags: Record<string, string> = {
    ...blueprint.tags,
    ...request.tags,
    [REQUEST_ID_TAG]: requestId,
    'avm:blueprint': request.blueprint,
  };
  let carId: string | undefined;
  try {
    const { CreateAccountStatus } = await deps.org.send(
      new CreateAccountCommand({
        Email: request.email,
        AccountName: request.accountName,
        RoleName: deps.config.config.organization.accessRoleName,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    carId = CreateAccountStatus?.Id;
  } catch (error) {
    if (error instanceof InvalidInputException) {
      throw new InvalidRequestError(`AWS rejected the account details: ${error.message}`, { cause: error });
    }
    throw error;
  }
  if (!carId) throw new Error('CreateAccount returned no CreateAccountStatus.Id');
  await deps.repo.completeStep(requestId, execution, 'CreateAccount', { createAccountRequestId: carId });
  return { state: 'IN_PROGRESS', createAccountRequestId: carId, polls: 0 };
}

/**
 * If an account with this email exists, it is ours only when it carries our request id tag:
 * then it is adopted (a crash after creation). Otherwise the email belongs to someone else.
 */
export async function adoptExistingAccount(
  requestId: string,
  execution: string,
  email: string,
  deps: StepDeps,
): Promise<string | undefined> {
  const existing = await findAccountByEmail(deps.org, email);
  if (!existing?.Id) return undefined;
  const tags = await accountTags(deps.org, existing.Id);
  if (tags[REQUEST_ID_TAG] !== requestId) {
    const owner = tags[REQUEST_ID_TAG] ? `request ${tags[REQUEST_ID_TAG]}` : 'something other than this tool';
    throw new EmailAlreadyInUseError(
      `The email ${email} already belongs to account ${existing.Id} ("${existing.Name}"), created by ${owner}. ` +
        'Every AWS account needs its own email: use another address.',
    );
  }
  await deps.repo.completeStep(requestId, execution, 'CreateAccount', { accountId: existing.Id });
  return existing.Id;
}

/**
 * A timestamp rather than seconds, so the wait follows the quota's own clock (a scaled one in
 * the local sandbox). Step Functions truncates a timestamp's milliseconds, so with AWS's
 * seconds-long pacing the time is rounded up to a whole second: never a poll too early.
 */
function retryAt(afterMs: number, paceMs: number): string {
  const at = Date.now() + afterMs;
  return new Date(paceMs >= 1000 ? Math.ceil(at / 1000) * 1000 : at).toISOString();
}

function carOf(record: RequestRecord): { createAccountRequestId?: string } {
  return record.createAccountRequestId ? { createAccountRequestId: record.createAccountRequestId } : {};
}
