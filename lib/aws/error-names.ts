import {
  AwsPermissionError,
  AwsThrottledError,
  AwsUnavailableError,
  ConcurrentModificationError,
  isVendError,
  OrganizationLimitError,
} from '../errors.ts';

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'SlowDown',
]);
const PERMISSION = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'AWSOrganizationsNotInUseException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'Forbidden',
  'OperationNotPermittedException',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
]);

interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  Reason?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/**
 * Gives an AWS SDK error one of our names, so the state machine can tell transient from
 * permanent. The SDK has already retried throttling and 5xx a few times by the time we see it;
 * the ASL's backoff takes over from here. Unknown errors keep their own name.
 */
export function nameAwsError(error: unknown): unknown {
  if (!(error instanceof Error) || isVendError(error)) return error;
  const e = error as Error & AwsErrorShape;
  const name = e.name;
  const status = e.$metadata?.httpStatusCode;
  const detail = `${name}: ${e.message}`;
  if (THROTTLING.has(name))
    return new AwsThrottledError(`AWS throttled the call (${detail})`, { cause: error });
  // S3's OperationAborted: "A conflicting conditional operation is currently in progress … Try again."
  if (name === 'ConcurrentModificationException' || name === 'OperationAborted') {
    return new ConcurrentModificationError(`Another request is modifying the same target (${detail})`, {
      cause: error,
    });
  }
  // A HEAD answer has no body, so no error code: S3's HeadBucket says only 403 (or 429, 5xx).
  if (PERMISSION.has(name) || status === 403)
    return new AwsPermissionError(`AWS refused the call (${detail})`, { cause: error });
  if (status === 429) return new AwsThrottledError(`AWS throttled the call (${detail})`, { cause: error });
  if (name === 'ConstraintViolationException') {
    return new OrganizationLimitError(
      `AWS Organizations limit reached${e.Reason ? ` (${e.Reason})` : ''}: ${e.message}`,
      { cause: error },
    );
  }
  if ((status !== undefined && status >= 500) || NETWORK.has(name) || (e.code && NETWORK.has(e.code))) {
    return new AwsUnavailableError(`AWS is unavailable (${detail})`, { cause: error });
  }
  return error;
}
