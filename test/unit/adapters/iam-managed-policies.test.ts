/**
 * lib/iam/managed-policies.ts in a member account: creation under /avm/, new default versions
 * when the content changes, and the 5-version cap, asserted on the sandbox's IAM snapshot.
 */
import { CreatePolicyCommand, CreatePolicyVersionCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureManagedPolicy } from '#lib/iam/managed-policies.ts';
import { sandboxClientConfig } from '#lib/sandbox/index.ts';
import { clientsAs, type Fixture, rejectionOf, startFixture } from '../sandbox/fixture.ts';

let f: Fixture;
let accountId: string;
let iam: IAMClient;
beforeAll(async () => {
  f = await startFixture();
});
beforeEach(async () => {
  f.sandbox.reset();
  accountId = f.sandbox.org.addExistingAccount({ name: 'ml-dev', email: 'ml-dev@example.com' });
  ({ iam } = await clientsAs(f, accountId));
  f.sandbox.calls.length = 0;
});
afterAll(() => f.sandbox.stop());

const content = (action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
  });
const target = (action: string) => ({
  accountId,
  partition: 'aws',
  name: 'avm-sagemaker',
  content: content(action),
  description: 'SageMaker access for ml-dev',
});
const policies = () => f.sandbox.iam.snapshot(accountId).policies;
const versions = () => policies()[0]?.versions.map((v) => [v.versionId, JSON.parse(v.document), v.isDefault]);
const arnOf = () => `arn:aws:iam::${accountId}:policy/avm/avm-sagemaker`;

describe('ensureManagedPolicy', () => {
  it('creates a missing policy under /avm/, tagged as ours, with one default version', async () => {
    // When
    const result = await ensureManagedPolicy(iam, target('sagemaker:Describe*'));

    // Then
    expect(result).toEqual({ arn: arnOf(), action: 'created' });
    expect(policies()).toEqual([
      {
        name: 'avm-sagemaker',
        path: '/avm/',
        arn: arnOf(),
        id: expect.any(String),
        description: 'SageMaker access for ml-dev',
        tags: { 'avm:managed': 'true' },
        defaultVersionId: 'v1',
        versions: [{ versionId: 'v1', document: content('sagemaker:Describe*'), isDefault: true }],
      },
    ]);
  });

  it('changes nothing when the default version says the same (other whitespace and key order)', async () => {
    // Given
    await ensureManagedPolicy(iam, target('sagemaker:Describe*'));
    const before = f.sandbox.iam.snapshot(accountId);
    f.sandbox.calls.length = 0;

    // When the same document comes pretty-printed with its keys reordered
    const same = JSON.stringify(
      {
        Statement: [{ Resource: '*', Action: 'sagemaker:Describe*', Effect: 'Allow' }],
        Version: '2012-10-17',
      },
      null,
      2,
    );
    const result = await ensureManagedPolicy(iam, { ...target('x'), content: same });

    // Then
    expect(result).toEqual({ arn: arnOf(), action: 'unchanged' });
    expect(f.sandbox.iam.snapshot(accountId)).toEqual(before);
    expect(f.sandbox.calls.map((c) => c.operation)).toEqual(['GetPolicy', 'GetPolicyVersion']);
  });

  it('adds the changed content as a new default version, keeping the old one', async () => {
    // Given
    await ensureManagedPolicy(iam, target('sagemaker:Describe*'));

    // When
    const result = await ensureManagedPolicy(iam, target('sagemaker:*'));

    // Then
    expect(result).toEqual({ arn: arnOf(), action: 'updated' });
    expect(policies()[0]?.defaultVersionId).toBe('v2');
    expect(versions()).toEqual([
      ['v1', JSON.parse(content('sagemaker:Describe*')), false],
      ['v2', JSON.parse(content('sagemaker:*')), true],
    ]);
  });

  it('deletes the oldest non-default version first when all 5 are used', async () => {
    // Given five versions (v1..v5), v5 the default
    await ensureManagedPolicy(iam, target('s3:Get*'));
    for (const action of ['s3:List*', 's3:Put*', 's3:Delete*', 's3:*']) {
      await new Promise((resolve) => setTimeout(resolve, 2)); // distinct CreateDates
      await ensureManagedPolicy(iam, target(action));
    }
    expect(policies()[0]?.versions.map((v) => v.versionId)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    f.sandbox.calls.length = 0;

    // When the content changes once more
    await new Promise((resolve) => setTimeout(resolve, 2));
    const result = await ensureManagedPolicy(iam, target('sagemaker:*'));

    // Then v1 is gone and v6 is the default
    expect(result.action).toBe('updated');
    expect(versions()).toEqual([
      ['v2', JSON.parse(content('s3:List*')), false],
      ['v3', JSON.parse(content('s3:Put*')), false],
      ['v4', JSON.parse(content('s3:Delete*')), false],
      ['v5', JSON.parse(content('s3:*')), false],
      ['v6', JSON.parse(content('sagemaker:*')), true],
    ]);
    expect(f.sandbox.calls.map((c) => c.operation)).toEqual([
      'GetPolicy',
      'GetPolicyVersion',
      'ListPolicyVersions',
      'DeletePolicyVersion',
      'CreatePolicyVersion',
    ]);
  });

  it('never deletes the default version, even when it is the oldest', async () => {
    // Given five versions of which v1, the oldest, is the default (another tool set it back)
    await ensureManagedPolicy(iam, target('s3:Get*'));
    for (const action of ['s3:List*', 's3:Put*', 's3:Delete*', 's3:*']) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arnOf(), PolicyDocument: content(action) }));
    }

    // When
    await new Promise((resolve) => setTimeout(resolve, 2));
    await ensureManagedPolicy(iam, target('sagemaker:*'));

    // Then v2, the oldest non-default, made room
    expect(policies()[0]?.versions.map((v) => [v.versionId, v.isDefault])).toEqual([
      ['v1', false],
      ['v3', false],
      ['v4', false],
      ['v5', false],
      ['v6', true],
    ]);
  });

  it('lets IAM refuse content over the managed policy size limit, leaving the policy as it was', async () => {
    await ensureManagedPolicy(iam, target('s3:Get*'));
    const before = f.sandbox.iam.snapshot(accountId);
    const huge = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(7000)}/*` },
      ],
    });
    // LimitExceeded is a throttling name to the SDK, which would retry it with backoff.
    const { credentials } = await clientsAs(f, accountId);
    const once = new IAMClient({ ...sandboxClientConfig(f.sandbox), credentials, maxAttempts: 1 });
    const error = await rejectionOf(ensureManagedPolicy(once, { ...target('x'), content: huge }));
    expect(error.name).toBe('LimitExceededException');
    expect(f.sandbox.iam.snapshot(accountId)).toEqual(before);
  });

  it('survives a lost CreatePolicy answer: the retried create meets EntityAlreadyExists and finds ours', async () => {
    // Given the first CreatePolicy takes effect but its answer is lost
    f.sandbox.faults.loseResponse({ service: 'iam', operation: 'CreatePolicy' });

    // When
    const result = await ensureManagedPolicy(iam, target('sagemaker:Describe*'));

    // Then one policy, one version: the content was already there
    expect(result).toEqual({ arn: arnOf(), action: 'unchanged' });
    expect(policies().map((p) => [p.name, p.versions.length])).toEqual([['avm-sagemaker', 1]]);
  });

  it('truncates a description over 1,000 characters instead of failing', async () => {
    await ensureManagedPolicy(iam, { ...target('s3:Get*'), description: 'd'.repeat(1500) });
    expect(policies()[0]?.description).toHaveLength(1000);
  });
});

describe('conflicts and clean-up edge cases', () => {
  it('refuses, once, a policy with our name that someone else created at another path', async () => {
    // Given a policy named like ours at the default path
    await iam.send(
      new CreatePolicyCommand({ PolicyName: 'avm-sagemaker', PolicyDocument: content('s3:Get*') }),
    );
    const before = f.sandbox.calls.filter((c) => c.operation === 'CreatePolicy').length;

    // When / Then: a clear conflict, after a single attempt to create
    await expect(ensureManagedPolicy(iam, target('sagemaker:*'))).rejects.toMatchObject({
      name: 'PolicyConflictError',
    });
    expect(f.sandbox.calls.filter((c) => c.operation === 'CreatePolicy').length - before).toBe(1);
  });

  it('deletes the oldest non-default version when the 5 versions share a CreateDate', async () => {
    await ensureManagedPolicy(iam, target('s3:Get*'));
    for (const action of ['s3:List*', 's3:Put*', 's3:Delete*', 's3:*'])
      await ensureManagedPolicy(iam, target(action));
    const record = f.sandbox.iam
      .account(accountId)
      .policies.get(`arn:aws:iam::${accountId}:policy/avm/avm-sagemaker`);
    for (const version of record?.versions ?? []) version.created = new Date('2026-01-01T00:00:00Z');

    await ensureManagedPolicy(iam, target('sagemaker:*'));

    expect(f.sandbox.iam.snapshot(accountId).policies[0]?.versions.map((v) => v.versionId)).toEqual([
      'v2',
      'v3',
      'v4',
      'v5',
      'v6',
    ]);
  });
});
