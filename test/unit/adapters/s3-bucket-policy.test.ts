/**
 * lib/s3/bucket-policy.ts against a bucket the management account owns, asserted on the policy
 * text the sandbox keeps for it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyStatement } from '#lib/access/policy-document.ts';
import { DEFAULT_AWS_LIMITS } from '#lib/aws/limits.ts';
import { OrganizationLimitError, PrincipalNotReadyError, ResourceNotFoundError } from '#lib/errors.ts';
import { getBucketPolicy, putOurStatements } from '#lib/s3/bucket-policy.ts';
import { type Fixture, rejectionOf, startFixture } from '../sandbox/fixture.ts';

let f: Fixture;
let memberId: string;
beforeAll(async () => {
  f = await startFixture();
});
beforeEach(() => {
  f.sandbox.reset();
  memberId = f.sandbox.org.addExistingAccount({ name: 'ml-dev', email: 'ml-dev@example.com' });
});
afterAll(() => f.sandbox.stop());

const BUCKET = 'ml-training-data';
const MAX = DEFAULT_AWS_LIMITS.bucketPolicyMaxBytes;
const accessRole = () => `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`;
const statement = (sid: string | undefined, principal: string, actions: string[]): PolicyStatement => ({
  ...(sid === undefined ? {} : { Sid: sid }),
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: actions,
  Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
});
const seed = (statements?: PolicyStatement[]) =>
  f.sandbox.s3.addBucket({
    accountId: f.sandbox.managementAccountId,
    name: BUCKET,
    ...(statements ? { policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) } : {}),
  });
const storedPolicy = () => {
  const text = f.sandbox.s3.snapshot(f.sandbox.managementAccountId).buckets[0]?.policy;
  return text == null ? text : JSON.parse(text);
};
const puts = () => f.sandbox.calls.filter((c) => c.operation === 'PutBucketPolicy');

describe('getBucketPolicy', () => {
  it('returns undefined for a bucket without a policy', async () => {
    seed();
    expect(await getBucketPolicy(f.s3, BUCKET)).toBeUndefined();
  });

  it('returns the policy text S3 keeps', async () => {
    seed([statement('Theirs', f.sandbox.managementAccountId, ['s3:GetObject'])]);
    expect(JSON.parse((await getBucketPolicy(f.s3, BUCKET)) ?? '')).toEqual(storedPolicy());
  });

  it('turns NoSuchBucket into ResourceNotFoundError, keeping the cause', async () => {
    const error = await rejectionOf(getBucketPolicy(f.s3, 'no-such-bucket'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toContain('Bucket no-such-bucket does not exist');
    expect((error.cause as Error).name).toBe('NoSuchBucket');
  });
});

describe('putOurStatements', () => {
  it('writes a new policy with our statements on a bucket that has none', async () => {
    seed();
    const ours = [statement('AvmMlDevRead', accessRole(), ['s3:GetObject', 's3:ListBucket'])];

    expect(await putOurStatements(f.s3, BUCKET, ours, MAX)).toEqual({ changed: true });

    expect(storedPolicy()).toEqual({ Version: '2012-10-17', Statement: ours });
  });

  it("keeps everyone else's statements in their order, replacing ours in place and appending new ones", async () => {
    // Given: theirs, an old version of ours, theirs without a Sid
    const mgmt = `arn:aws:iam::${f.sandbox.managementAccountId}:root`;
    const theirsFirst = statement('DataTeamAdmin', mgmt, ['s3:*']);
    const theirsNoSid = statement(undefined, mgmt, ['s3:GetObject']);
    seed([theirsFirst, statement('AvmMlDevRead', accessRole(), ['s3:GetObject']), theirsNoSid]);

    // When ours changes and one more of ours is added
    const ours = [
      statement('AvmMlDevRead', accessRole(), ['s3:GetObject', 's3:ListBucket']),
      statement('AvmMlDevWrite', accessRole(), ['s3:PutObject']),
    ];
    const result = await putOurStatements(f.s3, BUCKET, ours, MAX);

    // Then
    expect(result).toEqual({ changed: true });
    expect(storedPolicy()).toEqual({
      Version: '2012-10-17',
      Statement: [theirsFirst, ours[0], theirsNoSid, ours[1]],
    });
  });

  it('writes nothing when the policy already holds our statements', async () => {
    // Given
    seed([statement('Theirs', f.sandbox.managementAccountId, ['s3:GetObject'])]);
    const ours = [statement('AvmMlDevRead', accessRole(), ['s3:GetObject'])];
    await putOurStatements(f.s3, BUCKET, ours, MAX);
    const before = f.sandbox.s3.snapshot(f.sandbox.managementAccountId);

    // When
    const result = await putOurStatements(f.s3, BUCKET, ours, MAX);

    // Then
    expect(result).toEqual({ changed: false });
    expect(f.sandbox.s3.snapshot(f.sandbox.managementAccountId)).toEqual(before);
    expect(puts()).toHaveLength(1);
  });

  it('fails with ResourceNotFoundError when the bucket does not exist', async () => {
    const error = await rejectionOf(
      putOurStatements(f.s3, BUCKET, [statement('Avm', accessRole(), ['s3:GetObject'])], MAX),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.name).toBe('ResourceNotFoundError');
    expect(puts()).toEqual([]);
  });

  it('fails with OrganizationLimitError before writing when the merged policy would exceed 20 KB', async () => {
    // Given someone else's statement that leaves less room than ours needs
    const mgmt = f.sandbox.managementAccountId;
    const actions: string[] = [];
    const theirs = () => statement('DataTeam', mgmt, actions);
    while (Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Statement: [theirs()] })) < MAX - 300)
      actions.push(`s3:GetObjectVersion${actions.length}`);
    seed([theirs()]);
    expect(Buffer.byteLength(f.sandbox.s3.snapshot(mgmt).buckets[0]?.policy ?? '')).toBeLessThanOrEqual(MAX);
    const before = f.sandbox.s3.snapshot(mgmt);

    // When our statements would push it over
    const ours = [
      statement('AvmMlDevRead', accessRole(), ['s3:GetObject', 's3:ListBucket']),
      statement('AvmMlDevWrite', accessRole(), ['s3:PutObject', 's3:DeleteObject']),
    ];
    const error = await rejectionOf(putOurStatements(f.s3, BUCKET, ours, MAX));

    // Then
    expect(error).toBeInstanceOf(OrganizationLimitError);
    expect(error.message).toMatch(
      new RegExp(`policy of bucket ${BUCKET} would be \\d+ bytes .*S3 allows ${MAX}`),
    );
    expect(f.sandbox.s3.snapshot(mgmt)).toEqual(before);
    expect(puts()).toEqual([]);
  });

  it('fails with PrincipalNotReadyError when S3 does not accept a principal (a role IAM does not know yet)', async () => {
    // Given a role ARN in a member account where no such role exists (yet)
    seed();
    const ours = [
      statement('AvmMlDevRead', `arn:aws:iam::${memberId}:role/avm-ml-dev-data`, ['s3:GetObject']),
    ];

    // When
    const error = await rejectionOf(putOurStatements(f.s3, BUCKET, ours, MAX));

    // Then: retryable, with S3's error as the cause, and the bucket still without a policy
    expect(error).toBeInstanceOf(PrincipalNotReadyError);
    expect(error.message).toContain('Invalid principal in policy');
    expect((error.cause as Error).name).toBe('MalformedPolicy');
    expect(storedPolicy()).toBeNull();
  });

  it('passes other refusals through unchanged (a malformed action is not a principal problem)', async () => {
    seed();
    const ours = [statement('Bad', accessRole(), ['ec2:RunInstances'])];
    const error = await rejectionOf(putOurStatements(f.s3, BUCKET, ours, MAX));
    expect(error.name).toBe('MalformedPolicy');
    expect(error).not.toBeInstanceOf(PrincipalNotReadyError);
  });
});
