/**
 * IAM errors as the awsQuery wire carries them: the code (`NoSuchEntity`) in an ErrorResponse,
 * with the model's status. The SDK turns the code into its exception class, so callers see
 * `err.name === 'NoSuchEntityException'` and `err.Code === 'NoSuchEntity'`.
 */
import { AwsError } from '../aws-error.ts';

/** Status per IAM error code (client-iam model, `awsQueryError` traits). */
export const IAM_ERROR_STATUSES: Readonly<Record<string, number>> = {
  ConcurrentModification: 409,
  DeleteConflict: 409,
  EntityAlreadyExists: 409,
  EntityTemporarilyUnmodifiable: 409,
  InvalidInput: 400,
  LimitExceeded: 409,
  MalformedPolicyDocument: 400,
  NoSuchEntity: 404,
  PolicyNotAttachable: 400,
  ServiceFailure: 500,
  UnmodifiableEntity: 400,
  ValidationError: 400,
  Throttling: 400,
  InvalidClientTokenId: 403,
  AccessDenied: 403,
};

const error =
  (code: string) =>
  (message: string): AwsError =>
    new AwsError(code, message, {}, IAM_ERROR_STATUSES[code]);

export const noSuchEntity = error('NoSuchEntity');
export const entityAlreadyExists = error('EntityAlreadyExists');
export const limitExceeded = error('LimitExceeded');
export const malformedPolicyDocument = error('MalformedPolicyDocument');
export const deleteConflict = error('DeleteConflict');
export const invalidInput = error('InvalidInput');

/** The front end's constraint check, before IAM looks at any state. */
export function validationError(detail: string): AwsError {
  return new AwsError('ValidationError', `1 validation error detected: ${detail}`, {}, 400);
}
