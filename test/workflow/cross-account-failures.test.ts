import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, newRequest, startHarness } from './harness.ts';

// A new account whose IAM refuses calls for a while after creation, as in AWS.
let h: Harness;

/** The shipped policies plus a blueprint file of our own. */
function configWith(blueprints: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'avm-xacct-'));
  cpSync('config', dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  writeFileSync(
    join(dir, 'blueprints.yaml'),
    `organization:\n  emailDomains: [example.com]\nblueprints:\n${blueprints}`,
  );
  return join(dir, 'blueprints.yaml');
}

const bigPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: Array.from({ length: 60 }, (_, i) => ({
    Sid: `Statement${i}`,
    Effect: 'Allow',
    Action: ['sagemaker:DescribeTrainingJob', 'sagemaker:ListTrainingJobs'],
    Resource: `arn:aws:sagemaker:*:{{AccountId}}:training-job/team-${i}-*`,
  })),
});

const config = configWith(
  `  missing-bucket:
    ou: /AI/Development
    resourceShares:
      - { name: ai-training-pipelines, ownerAccount: "222222222222", resourceArns: [arn:aws:sagemaker:us-east-1:222222222222:pipeline/train-foundation-model] }
    groups:
      - { name: data-scientists, policies: [sagemaker-data-scientist] }
    dataAccess:
      - { name: lost, bucket: ml-data-does-not-exist, bucketAccount: "333333333333", prefix: datasets/, access: read }
  share-a-bucket:
    ou: /AI/Development
    resourceShares:
      - { name: bucket-share, ownerAccount: "333333333333", resourceArns: ["arn:aws:s3:::ml-data-333333333333"] }
  broken-group-policy:
    ou: /AI/Development
    groups:
      - { name: data-scientists, policies: [broken] }
  oversized-group-policy:
    ou: /AI/Development
    groups:
      - { name: data-scientists, policies: [big] }
`,
  {
    'policies/iam/broken.json': '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", } ] }',
    'policies/iam/big.json': bigPolicy,
  },
);

beforeAll(async () => {
  h = await startHarness({ newAccountReadyMs: 1500 });
});
afterAll(async () => {
  delete process.env.AVM_CONFIG_FILE;
  await h.stop();
});

describe('a brand-new account whose IAM is not ready yet', () => {
  it('still ends SUCCEEDED: the state machine retries with backoff', async () => {
    const request = newRequest();
    const run = await h.vend(request, { retryMs: 200 });

    expect(run.status, JSON.stringify(run.error)).toBe('SUCCEEDED');
    const retries = run.events.filter((e) => e.type === 'StateRetried' && e.state.name === 'CreateMlGroups');
    expect(retries.length).toBeGreaterThan(0);
    const failures = run.events.filter((e) => e.type === 'StateFailed' && e.state.name === 'CreateMlGroups');
    expect(failures.map((e) => (e as { Error?: string }).Error)).toContain('AccountNotReadyError');
  });
});

describe('cross-account problems end in a clear error, keeping what was done', () => {
  beforeAll(async () => {
    process.env.AVM_CONFIG_FILE = config;
    await h.reloadConfig();
  });

  it('a bucket that does not exist → FAILED at GrantDataAccess; shares and groups stay in the record', async () => {
    const request = newRequest({ blueprint: 'missing-bucket' });
    const run = await h.vend(request, { retryMs: 200 });

    const record = await h.record(request.requestId);
    expect(run.status).toBe('FAILED');
    expect(record?.failure).toMatchObject({ step: 'GrantDataAccess', error: 'ResourceNotFoundError' });
    expect(record?.failure?.message).toContain('ml-data-does-not-exist');
    expect(record?.shares?.[0]?.name).toBe('ai-training-pipelines');
    expect(record?.groups).toEqual(['data-scientists']);
    expect(record?.steps).toHaveProperty('CreateMlGroups');
    expect(record?.steps).not.toHaveProperty('GrantDataAccess');
  });

  it.each([
    ['share-a-bucket', 'dataAccess'],
    ['broken-group-policy', 'broken.json'],
    ['oversized-group-policy', '6144'],
  ])('%s → refused at Claim before any AWS call (%s)', async (blueprint, detail) => {
    const request = newRequest({ blueprint });
    const callsBefore = h.sandbox.calls.length;

    const run = await h.vend(request);

    const record = await h.record(request.requestId);
    expect(run.status).toBe('FAILED');
    expect(record?.failure).toMatchObject({ step: 'Claim', error: 'ConfigInvalidError' });
    expect(record?.failure?.message.replace(/,(?=\d{3})/g, '')).toContain(detail);
    expect(
      h.sandbox.calls.slice(callsBefore).filter((c) => !['dynamodb', 'events'].includes(c.service)),
    ).toEqual([]);
  });
});
