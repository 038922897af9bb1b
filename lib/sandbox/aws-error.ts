/**
 * An error the sandbox answers with, in AWS's own terms: `name` is the exception name the SDK
 * surfaces as `err.name`, `fields` are the modelled members beside the message (e.g. `Reason` of
 * ConstraintViolationException). Each protocol turns it into its wire format.
 */
export class AwsError extends Error {
  constructor(
    name: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** Overrides the protocol's status for this error name. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** Shorthand for the validation errors Organizations answers with. */
export function invalidInput(reason: string, message: string): AwsError {
  return new AwsError('InvalidInputException', message, { Reason: reason });
}

/** Shorthand for an Organizations quota or rule violation. */
export function constraintViolation(reason: string, message: string): AwsError {
  return new AwsError('ConstraintViolationException', message, { Reason: reason });
}

/**
 * The HTTP status AWS sends for an error name. The Organizations model carries `httpError`
 * traits (409, 404, 429 ...), but the service answers every client error with 400 on the wire —
 * botocore had to special-case TooManyRequestsException for that reason (boto/botocore#1498) —
 * so only server faults and the STS (awsQuery) auth errors differ from 400.
 */
export function defaultHttpStatus(name: string): number {
  if (/^(ServiceException|InternalFailure|InternalServerError|InternalError)$/.test(name)) return 500;
  if (/^ServiceUnavailable(Exception)?$/.test(name)) return 503;
  if (/^(AccessDenied|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch)$/.test(name)) return 403;
  return 400;
}
