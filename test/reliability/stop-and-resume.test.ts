/**
 * runWorkflow's `stop` (an execution that dies at a step) and `waitMsByState`, and the two ways
 * back from a stop: a forced retry once the record is old enough, and a redrive.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '#lib/access/policy-document.ts';
import { SAMPLE } from '#lib/local/sample-world.ts';
import { STUCK_AFTER_MS } from '#lib/request/retry.ts';
import { type Harness, newRequest, startHarness } from '../workflow/harness.ts';
import { orgView } from '../workflow/org-view.ts';

let h: Harness;
let org: ReturnType<typeof orgView>;

beforeAll(async () => {
  h = await startHarness();
  org = orgView();
});
afterAll(() => h.stop());

describe('an execution stopped at a step, then resumed', () => {
  /** What a forced retry waits for (2 h 15 min without change), without the wait. */
  async function makeRecordOld(requestId: string) {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await doc.send(
      new UpdateCommand({
        TableName: h.local.tableName,
        Key: { requestId },
        UpdateExpression: 'SET updatedAt = :then',
        ExpressionAttributeValues: { ':then': new Date(Date.now() - STUCK_AFTER_MS - 60_000).toISOString() },
      }),
    );
  }
  const sharedWith = (accountId: string) =>
    h.sandbox.ram
      .snapshot(SAMPLE.sharedServices.id)
      .shares.flatMap((share) => share.principals)
      .filter((principal) => principal === accountId);

  it('stopped before ShareResources: nothing shared, the record stuck IN_PROGRESS; a forced retry finishes it once', async () => {
    const request = newRequest();

    const stopped = await h.vend(request, { stop: { state: 'ShareResources', when: 'before' } });

    expect(stopped.status).toBe('ABORTED');
    const stuck = await h.record(request.requestId);
    expect(stuck).toMatchObject({ status: 'IN_PROGRESS', ouPath: '/AI/Development' });
    expect(stuck?.steps).not.toHaveProperty('ShareResources');
    const accountId = stuck?.accountId as string;
    expect(sharedWith(accountId)).toEqual([]);

    await makeRecordOld(request.requestId);
    const resumed = await h.vend({ retry: { requestId: request.requestId, force: true } });

    expect(resumed.status, JSON.stringify(resumed.error)).toBe('SUCCEEDED');
    expect(await h.record(request.requestId)).toMatchObject({ status: 'SUCCEEDED', accountId, attempts: 2 });
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(sharedWith(accountId)).toEqual([accountId]);
  });

  it('stopped after GrantDataAccess returned: a redrive completes the vend without a second statement', async () => {
    const request = newRequest();
    const name = `stop-after-${request.requestId}`;

    const stopped = await h.vend(request, { name, stop: { state: 'GrantDataAccess', when: 'after' } });

    expect(stopped.status).toBe('ABORTED');
    expect((await h.record(request.requestId))?.status).toBe('IN_PROGRESS');
    const { accountId, bucketPolicySids = [] } = (await h.record(request.requestId)) ?? {};
    const statements = () => {
      const bucket = h.sandbox.s3
        .snapshot(SAMPLE.dataLake.id)
        .buckets.find((b) => b.name === SAMPLE.dataBucket);
      return parsePolicy(bucket?.policy as string).Statement;
    };
    const ours = () => statements().filter((s) => bucketPolicySids.includes(s.Sid as string));
    expect(ours()).toHaveLength(2);
    const before = statements().length;

    const redriven = await h.vend(request, { name });

    expect(redriven.status, JSON.stringify(redriven.error)).toBe('SUCCEEDED');
    expect(await h.record(request.requestId)).toMatchObject({ status: 'SUCCEEDED', accountId });
    expect(ours()).toHaveLength(2);
    expect(statements()).toHaveLength(before);
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
  });

  it('a stop names a Task state of the workflow', async () => {
    await expect(h.vend(newRequest(), { stop: { state: 'WaitForAccount', when: 'before' } })).rejects.toThrow(
      /not a Task state/,
    );
  });
});

describe('Wait states, one by one', () => {
  it('waitMsByState sets one Wait state and takes precedence over waitMs', async () => {
    const run = await h.vend(newRequest(), { waitMs: 5, waitMsByState: { WaitForAccount: 300 } });

    expect(run.status).toBe('SUCCEEDED');
    const waits = run.events.filter((e) => e.state?.name === 'WaitForAccount');
    const entered = waits.find((e) => e.type === 'StateEntered')?.timestamp as number;
    const exited = waits.find((e) => e.type === 'StateExited')?.timestamp as number;
    expect(exited - entered).toBeGreaterThanOrEqual(290);
  });

  it('an unknown Wait state is refused', async () => {
    await expect(h.vend(newRequest(), { waitMsByState: { Claim: 1 } })).rejects.toThrow(/not a Wait state/);
  });
});
