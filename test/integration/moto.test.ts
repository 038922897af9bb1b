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
import { orgView } from '../workflow/org-view.ts';
import { motoAvailable, startMoto } from './moto.ts';

const available = motoAvailable();
if (!available) {
  console.warn(
    'moto tier skipped: moto_server is not installed (pip install "moto[server]==5.2.1", see README)',
  );
}
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe.runIf(available)('avm vend --endpoint against moto (an independent AWS emulator)', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let org: ReturnType<typeof orgView>;
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

  /** `avm` for a deployed stack (status, request, retry), pointed at moto. */
  function deployedAvm(...args: string[]) {
    const result = spawnSync('node', ['lib/cli/avm.mjs', ...args, '--endpoint', moto.endpoint], {
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** The real `avm` command line in a child process, as a user runs it. */
  function avm(...args: string[]) {
    const result = spawnSync(
      'node',
      ['lib/cli/avm.mjs', ...args, '--config', configFile, '--endpoint', moto.endpoint],
      {
        encoding: 'utf8',
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  const vend = [
    'vend',
    '--name',
    'ml-team-a',
    '--email',
    'ml-team-a@example.com',
    '--blueprint',
    'ai-dev',
    '--request-id',
    'moto-1',
    '--json',
  ];

  beforeAll(async () => {
    moto = await startMoto();
    const client = new OrganizationsClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
    // The platform team's prerequisite: an organization with all features.
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    org = orgView(client);
    const created = await client.send(
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

    // The shipped policies, and an ai-dev blueprint naming this emulator's data account. moto has
    // no AssociateResourceShare and shares no SageMaker types, so it has no resource shares.
    const dir = mkdtempSync(join(tmpdir(), 'avm-moto-'));
    cpSync('config', dir, { recursive: true });
    configFile = join(dir, 'blueprints.yaml');
    writeFileSync(
      configFile,
      `organization:
  emailDomains: [example.com]
blueprints:
  ai-dev:
    ou: /AI/Development
    scps: [deny-leave-organization]
    ouScps: [ai-dev-guardrails]
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

  it('vends an account that exists once, sits in its OU and carries its SCPs', async () => {
    const run = avm(...vend);

    expect(run.status, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout);
    expect(record).toMatchObject({
      requestId: 'moto-1',
      status: 'SUCCEEDED',
      ouPath: '/AI/Development',
      scps: ['deny-leave-organization'],
    });
    expect(record.accountId).toMatch(/^\d{12}$/);
    expect(await org.accountsWithEmail('ml-team-a@example.com')).toHaveLength(1);
    expect(await org.pathOf(record.accountId)).toBe('/AI/Development');
    expect(await org.scpNamesOf(record.accountId)).toContain('avm-deny-leave-organization');
    expect(await org.scpNamesOf(record.ouId)).toContain('avm-ai-dev-guardrails');
  });

  it('sets up the data role, the bucket-policy grant, the groups and the execution role', async () => {
    const [account] = (await org.accountsWithEmail('ml-team-a@example.com')).map((a) => a.Id as string);
    const { iam } = await inAccount(account as string);

    const dataRole = await iam.send(new GetRoleCommand({ RoleName: 'avm-data-training-data' }));
    expect(dataRole.Role?.Arn).toBe(`arn:aws:iam::${account}:role/avm-data-training-data`);
    const execution = await iam.send(new GetRoleCommand({ RoleName: 'avm-sagemaker-execution' }));
    expect(parsePolicy(execution.Role?.AssumeRolePolicyDocument as string).Statement[0]?.Principal).toEqual({
      Service: 'sagemaker.amazonaws.com',
    });
    const rolePolicies = await iam.send(new ListRolePoliciesCommand({ RoleName: 'avm-sagemaker-execution' }));
    expect(rolePolicies.PolicyNames?.sort()).toEqual([
      'avm-data-access',
      'avm-sagemaker-basics',
      'avm-training-bucket',
    ]);
    const attached = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'data-scientists' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['avm-sagemaker-data-scientist']);
    const inline = await iam.send(new ListGroupPoliciesCommand({ GroupName: 'data-scientists' }));
    expect(inline.PolicyNames?.sort()).toEqual(['avm-pass-execution-role', 'avm-training-bucket']);
    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'readers' }))).PolicyNames).toEqual([]);

    const { s3 } = await inAccount(dataAccount);
    const policy = parsePolicy(
      (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy as string,
    );
    expect(policy.Statement[0]).toEqual(existing);
    const [, objects, list] = policy.Statement;
    expect(policy.Statement).toHaveLength(3);
    expect(objects?.Sid).toMatch(/^AvmDataAiDevTrainingData[0-9a-f]{8}Objects$/);
    expect(list?.Sid).toBe(objects?.Sid?.replace(/Objects$/, 'List'));
    expect(objects?.Condition?.ArnLike).toEqual({
      'aws:PrincipalArn': [
        'arn:aws:iam::*:role/avm-data-training-data',
        'arn:aws:iam::*:role/avm-sagemaker-execution',
      ],
    });
    expect(JSON.stringify(policy)).not.toContain(account);
  });

  it('a second run of the same request changes nothing', async () => {
    const accountsBefore = await org.accountCount();
    const policiesBefore = await org.scpsNamed('avm-deny-leave-organization');
    const { s3 } = await inAccount(dataAccount);
    const bucketPolicyBefore = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;

    const run = avm(...vend);

    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe('SUCCEEDED');
    expect(await org.accountCount()).toBe(accountsBefore);
    expect(await org.scpsNamed('avm-deny-leave-organization')).toEqual(policiesBefore);
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(bucketPolicyBefore);
  });

  it('avm status reads the record; avm request and avm retry put Account Requested / Account Retry Requested events on the bus', () => {
    const table = ['--table', 'account-vending-local-requests'];
    const bus = ['--bus', 'account-vending-local'];

    const status = deployedAvm('status', 'moto-1', ...table, '--json');
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ requestId: 'moto-1', status: 'SUCCEEDED' });

    const missing = deployedAvm('status', 'nope', ...table);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No request nope');

    const request = deployedAvm(
      'request',
      '--name',
      'ml-b',
      '--email',
      'ml-b@example.com',
      '--blueprint',
      'ai-dev',
      '--request-id',
      'moto-req-1',
      ...bus,
      '--json',
    );
    expect(request.status, request.stderr).toBe(0);
    expect(JSON.parse(request.stdout)).toMatchObject({
      requestId: 'moto-req-1',
      bus: 'account-vending-local',
      eventId: expect.any(String),
    });

    const invalid = deployedAvm(
      'request',
      '--name',
      'ml-b',
      '--email',
      'not-an-email',
      '--blueprint',
      'ai-dev',
      ...bus,
    );
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('email');

    const retry = deployedAvm('retry', 'moto-req-1', '--force', ...bus, '--json');
    expect(retry.status, retry.stderr).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({
      requestId: 'moto-req-1',
      force: true,
      bus: 'account-vending-local',
      eventId: expect.any(String),
    });

    const badRetry = deployedAvm('retry', 'not an id');
    expect(badRetry.status).toBe(2);
    expect(badRetry.stderr).toContain('not a request id');
  });

  it('reads the Slack signing secret from SSM Parameter Store when no environment variable is set', async () => {
    const { PutParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
    const ssm = new SSMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
    await ssm.send(
      new PutParameterCommand({
        Name: '/account-vending/test/slack/signing-secret',
        Value: 's3cr3t',
        Type: 'SecureString',
      }),
    );
    const script = `
      const { readSecret } = await import('./lib/aws/secrets.ts');
      process.stdout.write(String(await readSecret('SLACK_SIGNING_SECRET')));`;
    const run = spawnSync('node', ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        SLACK_SIGNING_SECRET: '',
        SLACK_SIGNING_SECRET_PARAMETER: '/account-vending/test/slack/signing-secret',
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: 'us-east-1',
      },
    });
    expect(run.stdout, run.stderr).toBe('s3cr3t');
  });

  it('a new request reusing the email fails clearly, even though moto would accept a duplicate email', async () => {
    const accountsBefore = await org.accountCount();
    const run = avm(
      'vend',
      '--name',
      'other',
      '--email',
      'ml-team-a@example.com',
      '--blueprint',
      'ai-dev',
      '--request-id',
      'moto-2',
      '--json',
    );

    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'FAILED',
      failure: { step: 'CreateAccount', error: 'EmailAlreadyInUseError' },
    });
    expect(await org.accountCount()).toBe(accountsBefore);
  });
});
