import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataSidPrefix } from '#lib/access/names.ts';
import { parsePolicy } from '#lib/access/policy-document.ts';
import { SAMPLE } from '#lib/local/sample-world.ts';
import { type Harness, newRequest, startHarness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const executionArn = (name: string) =>
  `arn:aws:states:us-east-1:000000000000:execution:account-vending-local-vend-account:${name}`;

/** Everything the three cross-account steps touch, as plain data. */
function worldState(accountId: string) {
  return {
    newAccountIam: h.sandbox.iam.snapshot(accountId),
    newAccountS3: h.sandbox.s3.snapshot(accountId),
    dataLakeS3: h.sandbox.s3.snapshot(SAMPLE.dataLake.id),
    sharedServicesRam: h.sandbox.ram.snapshot(SAMPLE.sharedServices.id),
  };
}

describe('a vended ai-dev account is ready for its AI team', () => {
  const request = newRequest();
  let accountId: string;

  beforeAll(async () => {
    const run = await h.vend(request, { name: 'cross-1' });
    expect(run.status, JSON.stringify(run.error)).toBe('SUCCEEDED');
    accountId = (await h.record(request.requestId))?.accountId as string;
  });

  it('is in the RAM share of the shared-services account, once, restricted to the organization', () => {
    const { shares } = h.sandbox.ram.snapshot(SAMPLE.sharedServices.id);
    const named = shares.filter((s) => s.name === 'ai-training-pipelines');
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ allowExternalPrincipals: false });
    expect(named[0]?.principals).toContain(accountId);
    expect(named[0]?.resources).toContain(SAMPLE.sharedResources[0]);
  });

  it('has a data role that reads exactly the datasets/ prefix, trusted by its own account', () => {
    const role = h.sandbox.iam.snapshot(accountId).roles.find((r) => r.name === 'avm-data-training-data');
    expect(parsePolicy(role?.trustPolicy as string).Statement).toEqual([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
    ]);
    const access = parsePolicy(role?.inlinePolicies['avm-data-access'] as string).Statement;
    expect(access.find((s) => s.Sid?.endsWith('Objects'))).toMatchObject({
      Resource: `arn:aws:s3:::${SAMPLE.dataBucket}/datasets/*`,
      Action: expect.arrayContaining(['s3:GetObject']),
    });
    expect(access.flatMap((s) => [s.Action].flat())).not.toContain('s3:PutObject');
  });

  it("keeps the data lake's own bucket-policy statement and adds one grant for the roles of the OU's accounts", async () => {
    const record = await h.record(request.requestId);
    const bucket = h.sandbox.s3
      .snapshot(SAMPLE.dataLake.id)
      .buckets.find((b) => b.name === SAMPLE.dataBucket);
    const statements = parsePolicy(bucket?.policy as string).Statement;
    expect(statements[0]).toEqual(SAMPLE.existingBucketStatement);
    const prefix = sharedDataSidPrefix('ai-dev', 'training-data', record?.ouId as string);
    const ours = statements.slice(1);
    expect(ours.map((s) => s.Sid)).toEqual([`${prefix}Objects`, `${prefix}List`]);
    const { organizationId, root } = h.sandbox.org;
    const ai = h.sandbox.org.organizationalUnits.find((ou) => ou.name === 'AI' && ou.parentId === root.id);
    expect(record?.ouOrgPath).toBe(`${organizationId}/${root.id}/${ai?.id}/${record?.ouId}/`);
    for (const statement of ours) {
      expect(statement.Principal).toBe('*');
      expect(statement.Condition).toMatchObject({
        StringEquals: { 'aws:PrincipalOrgID': organizationId },
        'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': [record?.ouOrgPath] },
        ArnLike: {
          'aws:PrincipalArn': [
            'arn:aws:iam::*:role/avm-data-training-data',
            'arn:aws:iam::*:role/avm-sagemaker-execution',
          ],
        },
      });
    }
    expect(ours[0]).toMatchObject({
      Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging'],
      Resource: `arn:aws:s3:::${SAMPLE.dataBucket}/datasets/*`,
    });
    expect(ours[1]).toMatchObject({
      Action: 's3:ListBucket',
      Resource: `arn:aws:s3:::${SAMPLE.dataBucket}`,
    });
    expect(ours[1]?.Condition?.StringLike).toEqual({ 's3:prefix': ['datasets/*'] });
    expect(bucket?.policy).not.toContain(accountId);
  });

  it('has a SageMaker execution role trusted by SageMaker only, with its data and training bucket', () => {
    const role = h.sandbox.iam.snapshot(accountId).roles.find((r) => r.name === 'avm-sagemaker-execution');
    const trust = parsePolicy(role?.trustPolicy as string).Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'sagemaker.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(Object.keys(role?.inlinePolicies ?? {}).sort()).toEqual([
      'avm-data-access',
      'avm-sagemaker-basics',
      'avm-training-bucket',
    ]);
  });

  it('has the groups with their policies; only the groups that need it may pass the execution role', () => {
    const { groups, policies } = h.sandbox.iam.snapshot(accountId);
    const byName = Object.fromEntries(groups.map((g) => [g.name, g]));
    expect(Object.keys(byName).sort()).toEqual(['data-scientists', 'ml-engineers']);
    expect(byName['data-scientists']?.attachedPolicies).toEqual([
      `arn:aws:iam::${accountId}:policy/avm/avm-sagemaker-data-scientist`,
    ]);
    expect(byName['ml-engineers']?.attachedPolicies).toEqual([
      `arn:aws:iam::${accountId}:policy/avm/avm-sagemaker-ml-engineer`,
    ]);
    const pass = parsePolicy(byName['data-scientists']?.inlinePolicies['avm-pass-execution-role'] as string)
      .Statement[0];
    expect(pass).toMatchObject({
      Action: 'iam:PassRole',
      Resource: `arn:aws:iam::${accountId}:role/avm-sagemaker-execution`,
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
    expect(byName['data-scientists']?.inlinePolicies).toHaveProperty('avm-training-bucket');
    expect(byName['ml-engineers']?.inlinePolicies).not.toHaveProperty('avm-training-bucket');
    const rendered = policies.find((p) => p.name === 'avm-sagemaker-data-scientist')?.versions[0]
      ?.document as string;
    expect(rendered).toContain(accountId);
    expect(rendered).not.toContain('{{');
  });

  it('has a private, encrypted, TLS-only training bucket', () => {
    const bucket = h.sandbox.s3
      .snapshot(accountId)
      .buckets.find((b) => b.name === `avm-training-${accountId}-us-east-1`);
    expect(bucket?.publicAccessBlock).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket?.encryption?.SSEAlgorithm).toBe('AES256');
    expect(parsePolicy(bucket?.policy as string).Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('lists what was set up in the final record', async () => {
    const record = await h.record(request.requestId);
    expect(record).toMatchObject({
      shares: [
        {
          name: 'ai-training-pipelines',
          ownerAccount: SAMPLE.sharedServices.id,
          resourceArns: [SAMPLE.sharedResources[0]],
        },
      ],
      groups: ['data-scientists', 'ml-engineers'],
      executionRoleArn: `arn:aws:iam::${accountId}:role/avm-sagemaker-execution`,
      trainingBucket: `avm-training-${accountId}-us-east-1`,
      dataRoles: [
        {
          name: 'training-data',
          roleArn: `arn:aws:iam::${accountId}:role/avm-data-training-data`,
          bucket: SAMPLE.dataBucket,
          prefix: 'datasets/',
          access: 'read',
        },
      ],
    });
    const prefix = sharedDataSidPrefix('ai-dev', 'training-data', record?.ouId as string);
    expect(record?.bucketPolicySids).toEqual([`${prefix}Objects`, `${prefix}List`]);
    expect(record?.shares?.[0]?.arn).toMatch(/^arn:aws:ram:us-east-1:222222222222:resource-share\//);
  });

  it('re-running the whole vend changes nothing in IAM, RAM or S3', async () => {
    const before = worldState(accountId);
    const again = await h.vend(request, { name: 'cross-1' });
    expect(again.status).toBe('SUCCEEDED');
    expect(worldState(accountId)).toEqual(before);
  });

  it.each([
    ['ShareResources', 'share-resources'],
    ['CreateMlGroups', 'create-ml-groups'],
    ['GrantDataAccess', 'grant-data-access'],
  ])('re-running %s alone changes nothing', async (_state, file) => {
    const before = worldState(accountId);
    const { handler } = await import(`../../functions/${file}.ts`);
    const output = await handler(
      { requestId: request.requestId, execution: executionArn('cross-1'), accountId },
      {} as never,
    );
    expect(worldState(accountId)).toEqual(before);
    expect(JSON.stringify(output)).toMatch(/"(changed|created|associated)":\[\]/);
  });
});
