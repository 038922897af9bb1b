/** RAM errors, restJson1: the exception name travels in `x-amzn-ErrorType`, statuses from the model. */
import { AwsError } from '../aws-error.ts';

/** Status per error name (client-ram model, `httpError` traits). */
export const RAM_ERROR_STATUSES: Readonly<Record<string, number>> = {
  IdempotentParameterMismatchException: 400,
  InvalidClientTokenException: 400,
  InvalidMaxResultsException: 400,
  InvalidNextTokenException: 400,
  InvalidParameterException: 400,
  InvalidResourceTypeException: 400,
  InvalidStateTransitionException: 400,
  MalformedArnException: 400,
  MissingRequiredParameterException: 400,
  OperationNotPermittedException: 400,
  ResourceArnNotFoundException: 400,
  ResourceShareLimitExceededException: 400,
  TagLimitExceededException: 400,
  UnknownResourceException: 400,
  ThrottlingException: 429,
  ServerInternalException: 500,
  ServiceUnavailableException: 503,
  UnrecognizedClientException: 403,
  AccessDeniedException: 403,
  SerializationException: 400,
};

const error =
  (name: string) =>
  (message: string): AwsError =>
    new AwsError(name, message, {}, RAM_ERROR_STATUSES[name]);

export const invalidParameter = error('InvalidParameterException');
export const missingParameter = (name: string): AwsError =>
  error('MissingRequiredParameterException')(`The request must contain the parameter ${name}.`);
export const malformedArn = (arn: string): AwsError =>
  error('MalformedArnException')(`The format of ARN ${arn} is not valid.`);
export const unknownResource = error('UnknownResourceException');
export const operationNotPermitted = error('OperationNotPermittedException');
export const idempotentParameterMismatch = error('IdempotentParameterMismatchException');
export const invalidClientToken = error('InvalidClientTokenException');
export const invalidStateTransition = error('InvalidStateTransitionException');
export const invalidNextToken = error('InvalidNextTokenException');
export const invalidMaxResults = error('InvalidMaxResultsException');
export const invalidResourceType = error('InvalidResourceTypeException');
export const tagLimitExceeded = error('TagLimitExceededException');

/**
 * What RAM answers when a share restricted to the organization would reach outside it, or
 * when sharing with Organizations is off so RAM cannot tell (seen as InvalidParameterException,
 * earlier as OperationNotPermittedException, with this message).
 */
export const ORGANIZATION_ONLY_MESSAGE =
  'The resource you are attempting to share can only be shared within your AWS Organization. This error may also occur if you have not enabled sharing with your AWS organization, or that onboarding process is still in progress.';
