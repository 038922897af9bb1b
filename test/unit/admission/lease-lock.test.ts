import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '#lib/access/policy-document.ts';
import { LeaseLocks } from '#lib/admission/lease-lock.ts';
import { ensureRequestsTable } from '#lib/record/table.ts';
import { putOurStatements } from '#lib/s3/bucket-policy.ts';
import { type Sandbox, sandboxClientConfig, startSandbox } from '#lib/sandbox/index.ts';

let sandbox: Sandbox;
let ddb: DynamoDBClient;
let s3: S3Client;
let locks: LeaseLocks;

beforeAll(async () => {
  sandbox = await startSandbox();
  const config = { ...sandboxClientConfig(sandbox), forcePathStyle: true };
  ddb = new DynamoDBClient(config);
  s3 = new S3Client(config);
  await ensureRequestsTable(ddb, 'locks');
  locks = new LeaseLocks(ddb, 'locks');
});
afterAll(async () => {
  ddb.destroy();
  s3.destroy();
  await sandbox.stop();
});

const statement = (bucket: string, sid: string) => ({
  Sid: sid,
  Effect: 'Allow' as const,
  Principal: { AWS: `arn:aws:iam::${sandbox.managementAccountId}:root` },
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${bucket}/x/*`,
});

/** Three vends granting on one bucket at once, each reading the policy slowly (150 ms). */
async function threeWriters(bucket: string, withLock: boolean): Promise<string[]> {
  sandbox.s3.addBucket({ accountId: sandbox.managementAccountId, name: bucket });
  sandbox.faults.latency({ service: 's3', operation: 'GetBucketPolicy', ms: 150, times: 3 });
  await Promise.all(
    ['A', 'B', 'C'].map((who) => {
      const write = () => putOurStatements(s3, bucket, [statement(bucket, `Grant${who}`)], 20_480);
      return withLock ? locks.withLock(`bucket-policy#${bucket}`, `req-${who}`, write) : write();
    }),
  );
  const policy = sandbox.s3
    .snapshot(sandbox.managementAccountId)
    .buckets.find((b) => b.name === bucket)?.policy;
  return parsePolicy(policy as string)
    .Statement.map((s) => s.Sid as string)
    .sort();
}

describe('lease locks around a bucket-policy read-modify-write', () => {
  it('without one, concurrent writers drop each other’s statements (why the lock exists)', async () => {
    expect((await threeWriters('shared-data-unlocked', false)).length).toBeLessThan(3);
  });

  it('with one, every writer’s statement is kept', async () => {
    expect(await threeWriters('shared-data-locked', true)).toEqual(['GrantA', 'GrantB', 'GrantC']);
  });

  it('is taken back from a holder that died, after its lease', async () => {
    let now = 1_000_000;
    const clocked = new LeaseLocks(ddb, 'locks', () => now);
    // A holder whose Lambda died inside the lock: its work never returns.
    void clocked.withLock('stuck', 'req-dead', () => new Promise(() => {}));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(clocked.withLock('stuck', 'req-next', async () => 'ran')).rejects.toThrow(
      /being changed by another vend \(request req-dead\)/,
    );
    now += 2 * 60_000 + 1;
    expect(await clocked.withLock('stuck', 'req-next', async () => 'ran')).toBe('ran');
  });

  it('frees the lock when the work throws', async () => {
    await expect(locks.withLock('throws', 'req-1', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await locks.withLock('throws', 'req-2', async () => 'ran')).toBe('ran');
  });
});
