/**
 * EventBridge errors, awsJson1_1: `{"__type": "<Name>", "message": "..."}`. The model gives no
 * `httpError` traits; InternalException is its only server fault (500), everything else 400.
 * Messages are the ones AWS answers with where they are known (recorded against AWS in
 * LocalStack's validated snapshots), otherwise descriptive.
 */
import { AwsError } from '../aws-error.ts';

export const EVENTS_ERROR_STATUSES: Readonly<Record<string, number>> = {
  InternalException: 500,
};

export const validation = (message: string): AwsError => new AwsError('ValidationException', message);

/** The wording of AWS's framework-level validation (model constraints). */
export const constraint = (field: string, value: unknown, rule: string): AwsError =>
  validation(
    `1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${rule}`,
  );

export const missing = (field: string): AwsError =>
  validation(
    `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
  );

export const busNotFound = (name: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);

export const ruleNotFound = (rule: string, bus: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Rule ${rule} does not exist on EventBus ${bus}.`);

export const busAlreadyExists = (name: string): AwsError =>
  new AwsError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);

export const invalidPattern = (reason: string): AwsError =>
  new AwsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);

export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceededException', message);
