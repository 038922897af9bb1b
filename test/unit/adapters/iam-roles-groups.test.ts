/**
 * lib/iam/roles.ts and lib/iam/groups.ts in a member account (clients acting as its access role),
 * asserted on the sandbox's IAM snapshot of that account.
 */
import { CreateGroupCommand, type IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '#lib/access/policy-document.ts';
import { ensureGroup, ensureGroupInlinePolicy, ensureGroupPoliciesAttached } from '#lib/iam/groups.ts';
import { ensureRole, ensureRoleInlinePolicy, ensureRolePoliciesAttached } from '#lib/iam/roles.ts';
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

const snapshot = () => f.sandbox.iam.snapshot(accountId);
const role = (name: string) => snapshot().roles.find((r) => r.name === name);
const group = (name: string) => snapshot().groups.find((g) => g.name === name);
const writes = () =>
  f.sandbox.calls
    .filter((c) => c.service === 'iam' && !/^(Get|List)/.test(c.operation))
    .map((c) => c.operation);

const trustOf = (principal: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
});
const readBucket = (bucket: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] },
  ],
});
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const SAGEMAKER = 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess';

describe('ensureRole', () => {
  const spec = () => ({
    name: 'avm-data-scientist',
    trust: trustOf(`arn:aws:iam::${f.sandbox.managementAccountId}:root`),
    description: 'Data scientists of ml-dev',
  });

  it('creates a missing role with the trust policy, description, one-hour sessions and our tag', async () => {
    // When
    const result = await ensureRole(iam, spec());

    // Then
    expect(result).toEqual({ arn: `arn:aws:iam::${accountId}:role/avm-data-scientist`, action: 'created' });
    expect(role('avm-data-scientist')).toMatchObject({
      arn: result.arn,
      path: '/',
      description: 'Data scientists of ml-dev',
      maxSessionDuration: 3600,
      tags: { 'avm:managed': 'true' },
      inlinePolicies: {},
      attachedPolicies: [],
    });
    expect(JSON.parse(role('avm-data-scientist')?.trustPolicy ?? '')).toEqual(spec().trust);
  });

  it('survives a lost CreateRole answer (the SDK retry meets EntityAlreadyExists): the role, once', async () => {
    f.sandbox.faults.loseResponse({ service: 'iam', operation: 'CreateRole' });

    const result = await ensureRole(iam, spec());

    expect(result).toEqual({ arn: `arn:aws:iam::${accountId}:role/avm-data-scientist`, action: 'unchanged' });
    expect(f.sandbox.calls.filter((c) => c.operation === 'CreateRole').map((c) => c.errorName)).toEqual([
      'ResponseLost',
      'EntityAlreadyExists',
    ]);
    expect(JSON.parse(role('avm-data-scientist')?.trustPolicy ?? '')).toEqual(spec().trust);
  });

  it('changes nothing when the trust policy says the same, whatever the key order', async () => {
    // Given
    await ensureRole(iam, spec());
    const before = snapshot();
    f.sandbox.calls.length = 0;

    // When the same trust comes with its keys in another order
    const { Version, Statement } = spec().trust;
    const reordered = { Statement: Statement.map((s) => ({ Action: s.Action, ...s })), Version };
    const result = await ensureRole(iam, { ...spec(), trust: reordered });

    // Then
    expect(result).toEqual({ arn: `arn:aws:iam::${accountId}:role/avm-data-scientist`, action: 'unchanged' });
    expect(snapshot()).toEqual(before);
    expect(writes()).toEqual([]);
  });

  it('updates exactly the trust policy when it changed', async () => {
    // Given a role trusting the management account
    await ensureRole(iam, spec());
    const before = role('avm-data-scientist');

    // When it must trust another principal (the member account itself)
    const trust = trustOf(`arn:aws:iam::${accountId}:root`);
    const result = await ensureRole(iam, { ...spec(), trust });

    // Then only the trust policy differs
    expect(result.action).toBe('updated');
    const after = role('avm-data-scientist');
    expect(JSON.parse(after?.trustPolicy ?? '')).toEqual(trust);
    expect({ ...after, trustPolicy: undefined }).toEqual({ ...before, trustPolicy: undefined });
    expect(writes()).toEqual(['CreateRole', 'UpdateAssumeRolePolicy']);
  });

  it('lets IAM refuse a trust policy naming a role that does not exist', async () => {
    const error = await rejectionOf(
      ensureRole(iam, { ...spec(), trust: trustOf(`arn:aws:iam::${accountId}:role/nobody`) }),
    );
    expect(error.name).toBe('MalformedPolicyDocumentException');
    expect(role('avm-data-scientist')).toBeUndefined();
  });
});

describe('ensureRoleInlinePolicy', () => {
  beforeEach(async () => {
    await ensureRole(iam, {
      name: 'avm-ml',
      trust: trustOf(`arn:aws:iam::${f.sandbox.managementAccountId}:root`),
      description: 'ml',
    });
  });

  it('puts a missing policy, skips an equal one, rewrites a changed one', async () => {
    // When / Then: created
    expect(await ensureRoleInlinePolicy(iam, 'avm-ml', 'data', readBucket('training'))).toBe(true);
    expect(JSON.parse(role('avm-ml')?.inlinePolicies.data ?? '')).toEqual(readBucket('training'));
    const before = snapshot();

    // equal content (IAM answers URL-encoded): nothing written
    expect(await ensureRoleInlinePolicy(iam, 'avm-ml', 'data', readBucket('training'))).toBe(false);
    expect(snapshot()).toEqual(before);

    // changed content: rewritten in place, other roles untouched
    expect(await ensureRoleInlinePolicy(iam, 'avm-ml', 'data', readBucket('features'))).toBe(true);
    expect(JSON.parse(role('avm-ml')?.inlinePolicies.data ?? '')).toEqual(readBucket('features'));
    expect(Object.keys(role('avm-ml')?.inlinePolicies ?? {})).toEqual(['data']);
    expect(writes().filter((op) => op === 'PutRolePolicy')).toHaveLength(2);
  });

  it('fails for a role that does not exist', async () => {
    const error = await rejectionOf(ensureRoleInlinePolicy(iam, 'missing', 'data', readBucket('x')));
    expect(error.name).toBe('NoSuchEntityException');
  });
});

describe('ensureRolePoliciesAttached', () => {
  it('attaches only the policies not attached yet', async () => {
    // Given a role with ReadOnlyAccess
    await ensureRole(iam, {
      name: 'avm-ml',
      trust: trustOf(`arn:aws:iam::${f.sandbox.managementAccountId}:root`),
      description: 'ml',
    });
    expect(await ensureRolePoliciesAttached(iam, 'avm-ml', [READ_ONLY])).toEqual([READ_ONLY]);

    // When both are wanted, then only the missing one is attached
    expect(await ensureRolePoliciesAttached(iam, 'avm-ml', [READ_ONLY, SAGEMAKER])).toEqual([SAGEMAKER]);
    expect(role('avm-ml')?.attachedPolicies).toEqual([SAGEMAKER, READ_ONLY].sort());

    // And again: nothing
    const before = snapshot();
    expect(await ensureRolePoliciesAttached(iam, 'avm-ml', [READ_ONLY, SAGEMAKER])).toEqual([]);
    expect(snapshot()).toEqual(before);
    expect(writes().filter((op) => op === 'AttachRolePolicy')).toHaveLength(2);
  });
});

describe('ensureGroup', () => {
  it('creates a missing group, then finds it', async () => {
    const created = await ensureGroup(iam, 'avm-data-scientists');
    expect(created).toEqual({ arn: `arn:aws:iam::${accountId}:group/avm-data-scientists`, created: true });
    expect(snapshot().groups).toEqual([
      expect.objectContaining({
        name: 'avm-data-scientists',
        arn: created.arn,
        inlinePolicies: {},
        attachedPolicies: [],
      }),
    ]);
    const before = snapshot();

    expect(await ensureGroup(iam, 'avm-data-scientists')).toEqual({ arn: created.arn, created: false });
    expect(snapshot()).toEqual(before);
    expect(writes()).toEqual(['CreateGroup']);
  });

  it('treats a group created between its look and its create as found', async () => {
    // Given the group appears after GetGroup answered NoSuchEntity (a concurrent vend)
    await iam.send(new CreateGroupCommand({ GroupName: 'avm-racy' }));
    f.sandbox.faults.add({ service: 'iam', operation: 'GetGroup', error: 'NoSuchEntity' });
    f.sandbox.calls.length = 0;

    // When
    const result = await ensureGroup(iam, 'avm-racy');

    // Then CreateGroup's EntityAlreadyExists sent it back to GetGroup
    expect(result).toEqual({ arn: `arn:aws:iam::${accountId}:group/avm-racy`, created: false });
    expect(f.sandbox.calls.map((c) => [c.operation, c.errorName])).toEqual([
      ['GetGroup', 'NoSuchEntity'],
      ['CreateGroup', 'EntityAlreadyExists'],
      ['GetGroup', undefined],
    ]);
    expect(snapshot().groups.map((g) => g.name)).toEqual(['avm-racy']);
  });

  it('survives a lost CreateGroup answer (the SDK retry meets EntityAlreadyExists)', async () => {
    f.sandbox.faults.loseResponse({ service: 'iam', operation: 'CreateGroup' });
    const result = await ensureGroup(iam, 'avm-lost');
    expect(result.arn).toBe(`arn:aws:iam::${accountId}:group/avm-lost`);
    expect(snapshot().groups.map((g) => g.name)).toEqual(['avm-lost']);
  });
});

describe('ensureGroupInlinePolicy and ensureGroupPoliciesAttached', () => {
  beforeEach(async () => {
    await ensureGroup(iam, 'avm-team');
  });

  it('puts a missing inline policy, skips an equal one, rewrites a changed one', async () => {
    expect(await ensureGroupInlinePolicy(iam, 'avm-team', 'data', readBucket('training'))).toBe(true);
    const before = snapshot();
    expect(await ensureGroupInlinePolicy(iam, 'avm-team', 'data', readBucket('training'))).toBe(false);
    expect(snapshot()).toEqual(before);

    expect(await ensureGroupInlinePolicy(iam, 'avm-team', 'data', readBucket('features'))).toBe(true);
    expect(group('avm-team')?.inlinePolicies).toEqual({ data: JSON.stringify(readBucket('features')) });
    expect(writes().filter((op) => op === 'PutGroupPolicy')).toHaveLength(2);
  });

  it('attaches only the managed policies not attached yet', async () => {
    expect(await ensureGroupPoliciesAttached(iam, 'avm-team', [SAGEMAKER])).toEqual([SAGEMAKER]);
    expect(await ensureGroupPoliciesAttached(iam, 'avm-team', [SAGEMAKER, READ_ONLY])).toEqual([READ_ONLY]);
    const before = snapshot();
    expect(await ensureGroupPoliciesAttached(iam, 'avm-team', [READ_ONLY, SAGEMAKER])).toEqual([]);
    expect(snapshot()).toEqual(before);
    expect(group('avm-team')?.attachedPolicies).toEqual([READ_ONLY, SAGEMAKER].sort());
  });

  it('fail for a group that does not exist', async () => {
    expect((await rejectionOf(ensureGroupInlinePolicy(iam, 'nope', 'p', readBucket('x')))).name).toBe(
      'NoSuchEntityException',
    );
    expect((await rejectionOf(ensureGroupPoliciesAttached(iam, 'nope', [READ_ONLY]))).name).toBe(
      'NoSuchEntityException',
    );
  });
});
