import { describe, expect, it } from 'vitest';
import { nameAwsError } from '#lib/aws/error-names.ts';
import { InvalidRequestError } from '#lib/errors.ts';

function awsError(name: string, status: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $metadata: { httpStatusCode: status },
    ...extra,
  });
}

describe('nameAwsError', () => {
  it.each([
    ['TooManyRequestsException', 400, 'AwsThrottledError'],
    ['ThrottlingException', 400, 'AwsThrottledError'],
    ['ConcurrentModificationException', 400, 'ConcurrentModificationError'],
    ['ServiceException', 500, 'AwsUnavailableError'],
    ['AccessDeniedException', 400, 'AwsPermissionError'],
    ['ConstraintViolationException', 400, 'OrganizationLimitError'],
    ['OperationAborted', 409, 'ConcurrentModificationError'],
    // A HEAD answer (S3 HeadBucket) has no body: the SDK knows only the status.
    ['Unknown', 403, 'AwsPermissionError'],
    ['Unknown', 429, 'AwsThrottledError'],
    ['Unknown', 503, 'AwsUnavailableError'],
  ])('names %s as %s and keeps the original as cause', (name, status, expected) => {
    const original = awsError(name, status);
    const named = nameAwsError(original) as Error;
    expect(named.name).toBe(expected);
    expect(named.cause).toBe(original);
    expect(named.message).toContain(name);
  });

  it('puts the ConstraintViolation reason in the message', () => {
    const named = nameAwsError(
      awsError('ConstraintViolationException', 400, { Reason: 'OU_DEPTH_LIMIT_EXCEEDED' }),
    ) as Error;
    expect(named.message).toContain('OU_DEPTH_LIMIT_EXCEEDED');
  });

  it('leaves our own errors and unknown errors alone', () => {
    const ours = new InvalidRequestError('bad');
    expect(nameAwsError(ours)).toBe(ours);
    const other = awsError('DuplicateOrganizationalUnitException', 400);
    expect(nameAwsError(other)).toBe(other);
  });
});
