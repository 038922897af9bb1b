import { CreatePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ensureManagedPolicy } from '#lib/iam/managed-policies.ts';
import { clientsAs, type Fixture, startFixture } from '../sandbox/fixture.ts';

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
});
afterAll(() => f.sandbox.stop());

const content = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const target = (action: string) => ({
  accountId,
  partition: 'aws',
  name: 'avm-sagemaker',
  content: content(action),
  description: 'SageMaker access',
});

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
