import { AccountNotReadyError, isVendError } from '../errors.ts';

const NOT_READY = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SubscriptionRequiredException',
  'OptInRequired',
]);

/**
 * Runs calls made inside a brand-new account. For a while after creation AWS refuses them
 * (IAM has not caught up); that is AccountNotReadyError, which the state machine retries with
 * backoff, instead of a permanent failure.
 */
export async function inNewAccount<T>(accountId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && !isVendError(error) && NOT_READY.has(error.name)) {
      throw new AccountNotReadyError(
        `Account ${accountId} does not accept calls yet (${error.name}: ${error.message}). New accounts take a few ` +
          'minutes; if this lasts, check that no SCP denies the access role',
        { cause: error },
      );
    }
    throw error;
  }
}
