/**
 * Named errors. Their `name` is the contract with the state machine: an error thrown by a
 * handler surfaces in Step Functions under its name, and the ASL's Retry/Catch match on it.
 * Retryable errors are retried with backoff by the ASL; every other error is caught into
 * RecordFailure. Keep `RETRYABLE_ERROR_NAMES` and the ASL in step (a contract test checks).
 */

abstract class VendError extends Error {
  /** Whether the state machine retries this error before giving up. */
  abstract readonly retryable: boolean;
}

function named<N extends string>(name: N, retryable: boolean) {
  const cls = class extends VendError {
    readonly retryable = retryable;
    constructor(message: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

// Transient: retried by the ASL with exponential backoff and full jitter.
/** AWS throttled the call (TooManyRequestsException, ThrottlingException) beyond the SDK's own retries. */
export const AwsThrottledError = named('AwsThrottledError', true);
/** Another request is modifying the same target (ConcurrentModificationException). */
export const ConcurrentModificationError = named('ConcurrentModificationError', true);
/** AWS answered with a 5xx or the connection failed. */
export const AwsUnavailableError = named('AwsUnavailableError', true);
/** The SCP policy type is still being enabled on the root. */
export const PolicyTypeNotReadyError = named('PolicyTypeNotReadyError', true);
/** An account creation with the same name is still running in AWS; wait for it to settle. */
export const AccountCreationInFlightError = named('AccountCreationInFlightError', true);
/** The new account's access role or IAM is not usable yet (eventual consistency after creation). */
export const AccountNotReadyError = named('AccountNotReadyError', true);
/** A role just created is not yet accepted as a principal (IAM eventual consistency). */
export const PrincipalNotReadyError = named('PrincipalNotReadyError', true);

// Terminal: caught into RecordFailure with a message a person can act on.
/** The request does not satisfy the contract (schema, blueprint, email domain). */
export const InvalidRequestError = named('InvalidRequestError', false);
/** The blueprint configuration or one of its policy documents breaks a rule or an AWS limit. */
export const ConfigInvalidError = named('ConfigInvalidError', false);
/** The email belongs to an AWS account that this request did not create. */
export const EmailAlreadyInUseError = named('EmailAlreadyInUseError', false);
/** AWS reported the account creation as FAILED. */
export const AccountCreationFailedError = named('AccountCreationFailedError', false);
/** The account creation stayed IN_PROGRESS longer than the workflow waits. */
export const AccountCreationTimeoutError = named('AccountCreationTimeoutError', false);
/** An AWS Organizations limit stops the step (OU depth, OU count, SCPs per target, policy size). */
export const OrganizationLimitError = named('OrganizationLimitError', false);
/** A policy with our name exists but was not created by the vending machine. */
export const PolicyConflictError = named('PolicyConflictError', false);
/** AWS refused the call (AccessDenied, organization not in all-features mode, ...). */
export const AwsPermissionError = named('AwsPermissionError', false);
/** Another execution owns this request; this one must not touch it. */
export const RequestOwnershipError = named('RequestOwnershipError', false);
/** A resource the blueprint names does not exist or cannot be used (bucket, shared resource). */
export const ResourceNotFoundError = named('ResourceNotFoundError', false);
/** AWS RAM cannot share this resource type, or the share is not ours to change. */
export const ResourceShareError = named('ResourceShareError', false);
/** EventBridge refused an outcome event for a reason retrying will not change. */
export const EventPublishError = named('EventPublishError', false);
/** The request record does not exist or lacks a field a later step needs. */
export const RequestStateError = named('RequestStateError', false);

export const RETRYABLE_ERROR_NAMES = [
  'AwsThrottledError',
  'ConcurrentModificationError',
  'AwsUnavailableError',
  'PolicyTypeNotReadyError',
  'AccountCreationInFlightError',
  'AccountNotReadyError',
  'PrincipalNotReadyError',
] as const;

export type VendErrorInstance = InstanceType<typeof AwsThrottledError>;

export function isVendError(error: unknown): error is VendErrorInstance {
  return error instanceof VendError;
}
