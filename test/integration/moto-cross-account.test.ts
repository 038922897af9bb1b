import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetRoleCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '#lib/access/policy-document.ts';
import { motoAvailable, startMoto } from './moto.ts';

const available = motoAvailable();
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe.runIf(available)('cross-account steps against moto', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let configFile: string;
  let dataAccount: string;
  const bucket = `ml-data-moto-${process.pid}`;
  const existing = {
    Sid: 'AnalyticsTeamReadsReports',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::123456789012:root' },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${bucket}/reports/*`,
  };

  /** Clients acting in `account` through its access role, as the vending machine does. */
  async function inAccount(account: string) {
    const sts = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'test',
      }),
    );
    const assumed = {
      accessKeyId: Credentials?.AccessKeyId as string,
      secretAccessKey: Credentials?.SecretAccessKey as string,
      sessionToken: Credentials?.SessionToken as string,
    };
    const config = { region: 'us-east-1', endpoint: moto.endpoint, credentials: assumed };
    return { iam: new IAMClient(config), s3: new S3Client(config) };
  }

  beforeAll(async () => {
    moto = await startMoto();
    const org = new OrganizationsClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created = await org.send(
      new CreateAccountCommand({ Email: 'data-lake@example.com', AccountName: 'data-lake' }),
    );
    dataAccount = created.CreateAccountStatus?.AccountId as string;
    const { s3 } = await inAccount(dataAccount);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [existing] }),
      }),
    );

    // The shipped policies and a blueprint naming this emulator's data account. moto has no
    // AssociateResourceShare and shares no SageMaker types, so this blueprint has no shares.
    const dir = mkdtempSync(join(tmpdir(), 'avm-moto-'));
    cpSync('config', dir, { recursive: true });
    configFile = join(dir, 'blueprints.yaml');
    writeFileSync(
      configFile,
      `organization:
  emailDomains: [example.com]
blueprints:
  moto-dev:
    ou: /AI/Development
    scps: [deny-leave-organization]
    dataAccess:
      - { name: training-data, bucket: ${bucket}, bucketAccount: "${dataAccount}", prefix: datasets/, access: read }
    groups:
      - { name: data-scientists, policies: [sagemaker-data-scientist], passExecutionRole: true, trainingBucket: read-write }
      - { name: readers, policies: [sagemaker-read-only] }
    sagemakerExecutionRole: { dataAccess: [training-data], trainingBucket: true }
`,
    );
  });
  afterAll(() => moto?.stop());

  const vend = () =>
    spawnSync(
      'node',
      [
        'lib/cli/avm.mjs',
        'vend',
        '--name',
        'ml-moto',
        '--email',
        'ml-moto@example.com',
        '--blueprint',
        'moto-dev',
        '--request-id',
        'moto-x-1',
        '--json',
        '--config',
        configFile,
        '--endpoint',
        moto.endpoint,
      ],
      { encoding: 'utf8' },
    );

  it('sets up the data role, the bucket-policy grant, the groups and the execution role', async () => {
    const run = vend();
    expect(run.status, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout);
    const account = record.accountId as string;
    const { iam } = await inAccount(account);

    const dataRole = await iam.send(new GetRoleCommand({ RoleName: 'avm-data-training-data' }));
    expect(dataRole.Role?.Arn).toBe(`arn:aws:iam::${account}:role/avm-data-training-data`);
    const execution = await iam.send(new GetRoleCommand({ RoleName: 'avm-sagemaker-execution' }));
    expect(parsePolicy(execution.Role?.AssumeRolePolicyDocument as string).Statement[0]?.Principal).toEqual({
      Service: 'sagemaker.amazonaws.com',
    });
    expect(
      (
        await iam.send(new ListRolePoliciesCommand({ RoleName: 'avm-sagemaker-execution' }))
      ).PolicyNames?.sort(),
    ).toEqual(['avm-data-access', 'avm-sagemaker-basics', 'avm-training-bucket']);
    const attached = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'data-scientists' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['avm-sagemaker-data-scientist']);
    expect(
      (await iam.send(new ListGroupPoliciesCommand({ GroupName: 'data-scientists' }))).PolicyNames?.sort(),
    ).toEqual(['avm-pass-execution-role', 'avm-training-bucket']);
    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'readers' }))).PolicyNames).toEqual([]);

    const { s3 } = await inAccount(dataAccount);
    const policy = parsePolicy(
      (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy as string,
    );
    expect(policy.Statement[0]).toEqual(existing);
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      existing.Sid,
      `AvmData${account}TrainingDataObjects`,
      `AvmData${account}TrainingDataList`,
    ]);
  });

  it('a second run changes nothing', async () => {
    const { s3 } = await inAccount(dataAccount);
    const before = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
    const run = vend();
    expect(run.status, run.stderr).toBe(0);
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(before);
  });
});
