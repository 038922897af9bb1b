import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '#lib/sandbox/index.ts';
import { clientsAs, type Fixture, rejectionOf, startFixture } from './fixture.ts';

let f: Fixture;
/** No SDK retries: S3's 5xx and SlowDown would otherwise be retried with backoff. */
let s3: S3Client;
beforeAll(async () => {
  f = await startFixture();
  s3 = new S3Client({ ...sandboxClientConfig(f.sandbox), maxAttempts: 1 });
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const member = async (name: string) => {
  const accountId = f.sandbox.org.addExistingAccount({ name, email: `${name}@example.com` });
  return { accountId, ...(await clientsAs(f, accountId)) };
};
const create = (client: S3Client, Bucket: string) => client.send(new CreateBucketCommand({ Bucket }));
const bucketPolicy = (bucket: string, principal: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Principal: principal,
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        ...extra,
      },
    ],
  });
const putPolicy = (client: S3Client, Bucket: string, Policy: string) =>
  client.send(new PutBucketPolicyCommand({ Bucket, Policy }));

describe('buckets', () => {
  it('are reached path-style by a plain S3Client pointed at the IP endpoint', async () => {
    await create(f.s3, 'ml-training-data');
    expect(f.sandbox.calls.map((c) => [c.service, c.operation, c.errorName])).toEqual([
      ['s3', 'CreateBucket', undefined],
    ]);
    expect(f.sandbox.s3.snapshot(f.sandbox.managementAccountId).buckets.map((b) => b.name)).toEqual([
      'ml-training-data',
    ]);
  });

  it('have global names: another account gets BucketAlreadyExists, the owner succeeds again in us-east-1', async () => {
    const a = await member('owner');
    const b = await member('other');
    await create(a.s3, 'shared-name');
    const taken = await rejectionOf(create(b.s3, 'shared-name'));
    expect(taken).toMatchObject({ name: 'BucketAlreadyExists', BucketName: 'shared-name' });
    expect(taken.$metadata).toMatchObject({ httpStatusCode: 409 });
    await expect(create(a.s3, 'shared-name')).resolves.toBeDefined();
  });

  it('answer BucketAlreadyOwnedByYou outside us-east-1, and check the location constraint', async () => {
    const eu = new S3Client({ ...sandboxClientConfig(f.sandbox), region: 'eu-west-1', maxAttempts: 1 });
    const inEu = () =>
      eu.send(
        new CreateBucketCommand({
          Bucket: 'eu-bucket',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
    await inEu();
    const again = await rejectionOf(inEu());
    expect(again.name).toBe('BucketAlreadyOwnedByYou');
    // (Without a constraint the SDK adds the client's Region itself.)
    const elsewhere = new CreateBucketCommand({
      Bucket: 'elsewhere',
      CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' },
    });
    expect((await rejectionOf(eu.send(elsewhere))).name).toBe('IllegalLocationConstraintException');
    expect((await s3.send(new ListBucketsCommand({}))).Buckets).toMatchObject([
      { Name: 'eu-bucket', BucketRegion: 'eu-west-1' },
    ]);
  });

  it('refuse invalid names with InvalidBucketName', async () => {
    for (const name of ['My_Bucket', 'ab', 'bad..dots', '192.168.1.1', 'xn--punycode', 'ends-']) {
      const error = await rejectionOf(create(s3, name));
      expect(error.name, name).toBe('InvalidBucketName');
      expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
    }
  });

  it('HeadBucket: 200 for your own, 404 for none, 403 for another account', async () => {
    const a = await member('head');
    await create(a.s3, 'heads');
    await expect(a.s3.send(new HeadBucketCommand({ Bucket: 'heads' }))).resolves.toMatchObject({
      BucketRegion: 'us-east-1',
    });
    const missing = await rejectionOf(s3.send(new HeadBucketCommand({ Bucket: 'nothing-here' })));
    expect(missing).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    const foreign = await rejectionOf(s3.send(new HeadBucketCommand({ Bucket: 'heads' })));
    expect(foreign.$metadata).toMatchObject({ httpStatusCode: 403 });
  });

  it('are listed and deleted only by their owner; everything else about a missing bucket is NoSuchBucket', async () => {
    const a = await member('lister');
    await create(a.s3, 'a-bucket');
    await create(s3, 'm-bucket');
    expect((await a.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['a-bucket']);
    expect((await rejectionOf(s3.send(new DeleteBucketCommand({ Bucket: 'a-bucket' })))).name).toBe(
      'AccessDenied',
    );
    for (const command of [
      new GetBucketPolicyCommand({ Bucket: 'gone' }),
      new GetPublicAccessBlockCommand({ Bucket: 'gone' }),
      new GetBucketEncryptionCommand({ Bucket: 'gone' }),
      new DeleteBucketCommand({ Bucket: 'gone' }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over several command types
      const error = await rejectionOf(s3.send(command as any));
      expect(error).toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    }
    await a.s3.send(new DeleteBucketCommand({ Bucket: 'a-bucket' }));
    expect(f.sandbox.s3.snapshot(a.accountId).buckets).toEqual([]);
  });
});

describe('bucket policies', () => {
  it('round-trip the exact text; NoSuchBucketPolicy before and after', async () => {
    await create(s3, 'policied');
    const missing = await rejectionOf(s3.send(new GetBucketPolicyCommand({ Bucket: 'policied' })));
    expect(missing).toMatchObject({ name: 'NoSuchBucketPolicy', $metadata: { httpStatusCode: 404 } });
    const text = bucketPolicy('policied', { AWS: '222222222222' }).replace('{', '{\n  ');
    await putPolicy(s3, 'policied', text);
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'policied' }))).Policy).toBe(text);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'policied' }));
    expect((await rejectionOf(s3.send(new GetBucketPolicyCommand({ Bucket: 'policied' })))).name).toBe(
      'NoSuchBucketPolicy',
    );
  });

  it('refuse what is not a policy for this bucket with MalformedPolicy', async () => {
    await create(s3, 'strict');
    const cases: [string, string][] = [
      ['not json', "Policies must be valid JSON and the first byte must be '{'"],
      ['{"Version":"2012-10-17"}', 'Missing required field Statement'],
      [
        JSON.stringify({
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::strict/*' }],
        }),
        'Missing required field Principal',
      ],
      [bucketPolicy('other-bucket', { AWS: '222222222222' }), 'Policy has invalid resource'],
      [bucketPolicy('strict', { AWS: 'not-an-arn' }), 'Invalid principal in policy'],
    ];
    for (const [policy, message] of cases) {
      const error = await rejectionOf(putPolicy(s3, 'strict', policy));
      expect(error, message).toMatchObject({ name: 'MalformedPolicy', message });
      expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
    }
  });

  it('refuse a role principal that does not exist in the sandbox, accept it once IAM has it', async () => {
    const a = await member('data-owner');
    const consumer = await member('consumer');
    await create(a.s3, 'team-data');
    const roleArn = `arn:aws:iam::${consumer.accountId}:role/DataReader`;
    const error = await rejectionOf(
      putPolicy(a.s3, 'team-data', bucketPolicy('team-data', { AWS: roleArn })),
    );
    expect(error).toMatchObject({ name: 'MalformedPolicy', message: 'Invalid principal in policy' });

    await consumer.iam.send(
      new CreateRoleCommand({
        RoleName: 'DataReader',
        AssumeRolePolicyDocument: JSON.stringify({
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await putPolicy(a.s3, 'team-data', bucketPolicy('team-data', { AWS: roleArn }));
    // Roles of accounts the sandbox does not simulate cannot be checked and are accepted.
    await putPolicy(
      a.s3,
      'team-data',
      bucketPolicy('team-data', { AWS: 'arn:aws:iam::999999999999:role/Anything' }),
    );
  });

  it('refuse more than 20 KB', async () => {
    await create(s3, 'big-policy');
    const many = Array.from({ length: 1_500 }, (_, i) => `${100000000000 + i}`);
    const error = await rejectionOf(putPolicy(s3, 'big-policy', bucketPolicy('big-policy', { AWS: many })));
    expect(error.name).toBe('PolicyTooLarge');
  });

  it('refuse a public policy while BlockPublicPolicy is on (the default for new buckets)', async () => {
    await create(s3, 'public-ish');
    const open = bucketPolicy('public-ish', '*');
    const error = await rejectionOf(putPolicy(s3, 'public-ish', open));
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await putPolicy(
      s3,
      'public-ish',
      bucketPolicy('public-ish', '*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } } }),
    );
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'public-ish' }));
    await putPolicy(s3, 'public-ish', open);
  });

  it.each([
    [
      'aws:PrincipalOrgPaths alone (not a key S3 lists)',
      { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': ['o-x/r-y/ou-z/'] } },
    ],
    ['a wildcard aws:PrincipalArn', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/reader' } }],
    ['a wildcard aws:PrincipalOrgID', { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }],
    ['a negated operator', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-x' } }],
    ['an IfExists operator', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-x' } }],
  ])('count as public with Principal "*" and only %s', async (_what, condition) => {
    await create(s3, 'org-data');
    const policy = bucketPolicy('org-data', '*', { Condition: condition });
    const error = await rejectionOf(putPolicy(s3, 'org-data', policy));
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('are not public with Principal "*" when one condition fixes a key S3 lists, whatever else they say', async () => {
    await create(s3, 'org-data');
    const condition = {
      StringEquals: { 'aws:PrincipalOrgID': 'o-x' },
      'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': ['o-x/r-y/ou-z/'] },
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/reader' },
    };
    await putPolicy(s3, 'org-data', bucketPolicy('org-data', '*', { Condition: condition }));
    const account = bucketPolicy('org-data', '*', {
      Condition: { StringEquals: { 'aws:PrincipalAccount': ['123456789012'] } },
    });
    await putPolicy(s3, 'org-data', account);
    expect(f.sandbox.s3.buckets.get('org-data')?.policy).toBe(account);
  });

  it('belong to the owner: another account is denied, and a seeded policy is there from the start', async () => {
    const a = await member('seeded');
    const existing = bucketPolicy('legacy-data', { AWS: f.sandbox.managementAccountId });
    f.sandbox.s3.addBucket({ accountId: a.accountId, name: 'legacy-data', policy: existing });
    expect((await a.s3.send(new GetBucketPolicyCommand({ Bucket: 'legacy-data' }))).Policy).toBe(existing);
    const denied = await rejectionOf(s3.send(new GetBucketPolicyCommand({ Bucket: 'legacy-data' })));
    expect(denied).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(f.sandbox.s3.snapshot(a.accountId)).toEqual({
      buckets: [
        {
          name: 'legacy-data',
          region: 'us-east-1',
          policy: existing,
          publicAccessBlock: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
          encryption: { SSEAlgorithm: 'AES256', BucketKeyEnabled: false },
        },
      ],
    });
  });
});

describe('public access block and encryption', () => {
  it('start as AWS sets new buckets up, and change with Put/Delete', async () => {
    await create(s3, 'configured');
    expect(
      (await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'configured' })))
        .PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'configured',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
        },
      }),
    );
    expect(
      (await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'configured' })))
        .PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    });
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'configured' }));
    const none = await rejectionOf(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'configured' })));
    expect(none).toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
      $metadata: { httpStatusCode: 404 },
    });

    const rules = async () =>
      (await s3.send(new GetBucketEncryptionCommand({ Bucket: 'configured' })))
        .ServerSideEncryptionConfiguration?.Rules;
    expect(await rules()).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    ]);
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'configured',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/ml' },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    expect(await rules()).toEqual([
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/ml' },
        BucketKeyEnabled: true,
      },
    ]);
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'configured' }));
    expect(await rules()).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    ]);
  });

  it('can be missing on a seeded bucket: ServerSideEncryptionConfigurationNotFoundError', async () => {
    f.sandbox.s3.addBucket({
      accountId: f.sandbox.managementAccountId,
      name: 'old-bucket',
      encryption: null,
    });
    const error = await rejectionOf(s3.send(new GetBucketEncryptionCommand({ Bucket: 'old-bucket' })));
    expect(error).toMatchObject({
      name: 'ServerSideEncryptionConfigurationNotFoundError',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('faults and gaps', () => {
  it('take injected faults by S3 operation name', async () => {
    await create(s3, 'faulty');
    f.sandbox.faults.add({ operation: 'PutBucketPolicy', service: 's3', error: 'OperationAborted' });
    const error = await rejectionOf(putPolicy(s3, 'faulty', bucketPolicy('faulty', { AWS: '222222222222' })));
    expect(error).toMatchObject({ name: 'OperationAborted', $metadata: { httpStatusCode: 409 } });
    expect(f.sandbox.calls.at(-1)).toMatchObject({
      service: 's3',
      operation: 'PutBucketPolicy',
      errorName: 'OperationAborted',
    });
  });

  it('answer NotImplemented for object operations', async () => {
    await create(s3, 'objects');
    const error = await rejectionOf(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.csv' })));
    expect(error.name).toBe('NotImplemented');
    expect(error.message).toContain('does not model S3 operation GetObject');
  });
});
