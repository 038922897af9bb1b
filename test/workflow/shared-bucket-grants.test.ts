/**
 * Hundreds of accounts of one blueprint read the same data bucket, whose policy S3 limits to
 * 20 KB: the grants must not grow with the accounts. Runs GrantDataAccess for 250 ai-dev
 * accounts against the sample data lake's bucket in the sandbox: the first alone, then up to
 * 30, then 25 at a time. A light harness: the steps are called directly, with the request
 * records kept in memory (the repository has its own tests); the rest of a vend is covered by
 * cross-account.test.ts.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataSidPrefix } from '#lib/access/names.ts';
import { parsePolicy } from '#lib/access/policy-document.ts';
import { DEFAULT_AWS_LIMITS } from '#lib/aws/limits.ts';
import { SAMPLE } from '#lib/local/sample-world.ts';
import type { RequestRepository } from '#lib/record/repository.ts';
import type { RequestRecord, StepName } from '#lib/record/types.ts';
import type { CrossAccountDeps } from '#lib/steps/cross-deps.ts';
import { type Harness, newRequest, startHarness } from './harness.ts';

const ACCOUNTS = 250;
const BATCH = 25;
let h: Harness;
let deps: CrossAccountDeps;
let placeInOu: typeof import('#lib/steps/place-in-ou.ts').placeInOu;
let grantDataAccess: typeof import('#lib/steps/grant-data-access.ts').grantDataAccess;

/** Request records by id: what the steps read (require) and write (completeStep). */
const records = new Map<string, RequestRecord>();
const memoryRepo = {
  async require(requestId: string) {
    const record = records.get(requestId);
    if (!record) throw new Error(`no record ${requestId}`);
    return structuredClone(record);
  },
  async completeStep(requestId: string, owner: string, step: StepName, outputs: Partial<RequestRecord>) {
    const record = records.get(requestId);
    if (record?.owner !== owner) throw new Error(`${owner} does not own ${requestId}`);
    Object.assign(record, outputs, { steps: { ...record.steps, [step]: { completedAt: 'now' } } });
  },
} as unknown as RequestRepository;

beforeAll(async () => {
  h = await startHarness();
  ({ placeInOu } = await import('#lib/steps/place-in-ou.ts'));
  ({ grantDataAccess } = await import('#lib/steps/grant-data-access.ts'));
  const { crossAccountDeps } = await import('#lib/steps/cross-deps.ts');
  const real = crossAccountDeps({ iam: (c) => new IAMClient(c), s3: (c) => new S3Client(c) });
  deps = { ...real, repo: memoryRepo };
});
afterAll(() => h.stop());

const bucketPolicy = () =>
  h.sandbox.s3.snapshot(SAMPLE.dataLake.id).buckets.find((b) => b.name === SAMPLE.dataBucket)
    ?.policy as string;

/** Where PlaceInOu put the first account; the others are created there, as PlaceInOu would put them. */
let placed: Pick<RequestRecord, 'ouId' | 'ouPath' | 'ouOrgPath'> | undefined;

/**
 * An ai-dev account up to GrantDataAccess: claimed, its execution role made (as CreateMlGroups
 * does) and in the blueprint's OU (the first through PlaceInOu), then GrantDataAccess itself.
 */
async function vendDataAccess(beforeGrant?: (accountId: string) => void): Promise<RequestRecord> {
  const request = newRequest();
  const execution = `arn:aws:states:us-east-1:000000000000:execution:vend-account:${request.requestId}`;
  const accountId = h.sandbox.org.addExistingAccount({
    name: request.accountName,
    email: request.email,
    ...(placed ? { parentId: placed.ouId } : {}),
  });
  h.sandbox.iam.addRole({
    accountId,
    name: 'avm-sagemaker-execution',
    trustPolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
  });
  records.set(request.requestId, {
    requestId: request.requestId,
    status: 'IN_PROGRESS',
    request: request as RequestRecord['request'],
    createdAt: 'now',
    updatedAt: 'now',
    owner: execution,
    accountId,
    steps: {},
    ...placed,
  });
  if (!placed) {
    const { ouId, ouPath, ouOrgPath } = await placeInOu(request.requestId, execution, accountId, deps);
    placed = { ouId, ouPath, ouOrgPath };
  }
  beforeGrant?.(accountId);
  // Vends granting on one bucket take turns; one that finds it busy too long is retried by the
  // state machine (ConcurrentModificationError), as here.
  for (let attempt = 1; ; attempt++) {
    try {
      await grantDataAccess(request.requestId, execution, accountId, deps);
      break;
    } catch (error) {
      if ((error as Error).name !== 'ConcurrentModificationError' || attempt >= 12) throw error;
    }
  }
  return records.get(request.requestId) as RequestRecord;
}

describe(`${ACCOUNTS} ai-dev accounts sharing bucket ${SAMPLE.dataBucket}`, () => {
  const bytesAfter = new Map<number, number>();
  const vended: RequestRecord[] = [];

  beforeAll(async () => {
    while (vended.length < ACCOUNTS) {
      const n = vended.length;
      const batch = n === 0 ? 1 : n < 30 ? 30 - n : Math.min(BATCH, ACCOUNTS - n);
      vended.push(...(await Promise.all(Array.from({ length: batch }, () => vendDataAccess()))));
      bytesAfter.set(vended.length, Buffer.byteLength(bucketPolicy()));
    }
  }, 60_000);

  it('keeps the bucket policy the same size from the first account to the last, far below 20 KB', () => {
    expect([...bytesAfter.keys()]).toEqual(expect.arrayContaining([1, 30, ACCOUNTS]));
    const sizes = [...bytesAfter.values()];
    expect(new Set(sizes).size).toBe(1);
    expect(sizes[0]).toBeLessThan(DEFAULT_AWS_LIMITS.bucketPolicyMaxBytes / 5);
  });

  it("holds the data lake's own statement and one pair granting the OU's data and execution roles", () => {
    const first = vended[0];
    const statements = parsePolicy(bucketPolicy()).Statement;
    const prefix = sharedDataSidPrefix('ai-dev', 'training-data', first?.ouId as string);

    expect(statements.map((s) => s.Sid)).toEqual([
      SAMPLE.existingBucketStatement.Sid,
      `${prefix}Objects`,
      `${prefix}List`,
    ]);
    expect(statements[0]).toEqual(SAMPLE.existingBucketStatement);
    expect(first?.ouOrgPath).toMatch(/^o-[a-z0-9]+\/r-[a-z0-9]+\/ou-[a-z0-9-]+\/ou-[a-z0-9-]+\/$/);
    for (const statement of statements.slice(1)) {
      expect(statement.Principal).toBe('*');
      expect(statement.Condition).toMatchObject({
        StringEquals: { 'aws:PrincipalOrgID': h.sandbox.org.organizationId },
        'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': [first?.ouOrgPath] },
        ArnLike: {
          'aws:PrincipalArn': [
            'arn:aws:iam::*:role/avm-data-training-data',
            'arn:aws:iam::*:role/avm-sagemaker-execution',
          ],
        },
      });
    }
    expect(statements[1]).toMatchObject({
      Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging'],
      Resource: `arn:aws:s3:::${SAMPLE.dataBucket}/datasets/*`,
    });
    expect(statements[2]).toMatchObject({
      Action: 's3:ListBucket',
      Resource: `arn:aws:s3:::${SAMPLE.dataBucket}`,
      Condition: { StringLike: { 's3:prefix': ['datasets/*'] } },
    });
  });

  it('records the same OU path and Sids for every account, each with its own data role', () => {
    const [first, last] = [vended[0] as RequestRecord, vended[ACCOUNTS - 1] as RequestRecord];
    const inOu = [...h.sandbox.org.accountsById.values()].filter((a) => a.parentId === first.ouId);
    expect(inOu.map((a) => a.id).sort()).toEqual(vended.map((v) => v.accountId).sort());
    for (const { accountId } of [first, last]) {
      const roles = h.sandbox.iam.snapshot(accountId as string).roles.map((r) => r.name);
      expect(roles).toContain('avm-data-training-data');
    }
    expect(last.bucketPolicySids).toEqual(first.bucketPolicySids);
    expect(last.ouOrgPath).toBe(first.ouOrgPath);
  });
});

describe('a bucket policy holding statements of the per-account shape', () => {
  it("drops the vended account's own pair, keeping other accounts' pairs and the shared pair", async () => {
    // Given two per-account pairs, as earlier versions wrote them, for this account and another
    const legacy = (accountId: string) =>
      ['Objects', 'List'].map((suffix) => ({
        Sid: `AvmData${accountId}TrainingData${suffix}`,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: suffix === 'List' ? 's3:ListBucket' : 's3:GetObject',
        Resource: `arn:aws:s3:::${SAMPLE.dataBucket}${suffix === 'List' ? '' : '/datasets/*'}`,
      }));
    const other = legacy('444444444444');
    const before = parsePolicy(bucketPolicy()).Statement;

    // When GrantDataAccess runs for an account whose pair is there
    const record = await vendDataAccess((accountId) => {
      const bucket = h.sandbox.s3.buckets.get(SAMPLE.dataBucket);
      if (bucket) {
        const statements = [...before, ...legacy(accountId), ...other];
        bucket.policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
      }
    });

    // Then: its pair is gone; the data lake's statement, the other account's pair and the shared pair remain
    const after = parsePolicy(bucketPolicy()).Statement;
    expect(after.filter((s) => s.Sid?.startsWith(`AvmData${record.accountId}`))).toEqual([]);
    expect(after[0]).toEqual(SAMPLE.existingBucketStatement);
    expect(after).toEqual(expect.arrayContaining(other));
    expect(after.map((s) => s.Sid)).toEqual(expect.arrayContaining(record.bucketPolicySids ?? ['missing']));
    expect(after).toHaveLength(5);
  });
});

describe('a request whose account was placed before PlaceInOu recorded the OU path', () => {
  it('fails GrantDataAccess with RequestStateError naming avm retry, changing nothing', async () => {
    // Given a record with the OU id but no OU path
    const request = newRequest();
    const execution = `arn:aws:states:us-east-1:000000000000:execution:vend-account:${request.requestId}`;
    const accountId = h.sandbox.org.addExistingAccount({ name: request.accountName, email: request.email });
    records.set(request.requestId, {
      requestId: request.requestId,
      status: 'IN_PROGRESS',
      request: request as RequestRecord['request'],
      createdAt: 'now',
      updatedAt: 'now',
      owner: execution,
      accountId,
      ouId: 'ou-ab12-cdef3456',
      ouPath: '/AI/Development',
      steps: {},
    });
    const policyBefore = bucketPolicy();
    const iamBefore = h.sandbox.iam.snapshot(accountId);

    // When
    const error = await grantDataAccess(request.requestId, execution, accountId, deps).catch((e: Error) => e);

    // Then
    expect(error).toMatchObject({ name: 'RequestStateError' });
    expect((error as Error).message).toContain(`avm retry ${request.requestId}`);
    expect(bucketPolicy()).toBe(policyBefore);
    expect(h.sandbox.iam.snapshot(accountId)).toEqual(iamBefore);
    expect(records.get(request.requestId)?.steps).toEqual({});
  });
});
