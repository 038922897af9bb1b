import { execFile } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreationSlots } from '#lib/admission/creation-slots.ts';
import { AWS_CREATION_QUOTA } from '#lib/admission/quota.ts';
import { ensureRequestsTable } from '#lib/record/table.ts';
import { type Sandbox, sandboxClientConfig, startSandbox } from '#lib/sandbox/index.ts';

let sandbox: Sandbox;
let client: DynamoDBClient;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = new DynamoDBClient(sandboxClientConfig(sandbox));
  await ensureRequestsTable(client, 'account-vending-dev-requests');
  // Five creations in progress and two requests queued behind them, a second apart.
  let now = Date.now() - 120_000;
  const slots = new CreationSlots(client, 'account-vending-dev-requests', AWS_CREATION_QUOTA, () => now);
  for (const id of ['a', 'b', 'c', 'd', 'e', 'first-in-line', 'second-in-line']) {
    await slots.acquire(`req-${id}`);
    now += 10_000;
  }
});
afterAll(async () => {
  client.destroy();
  await sandbox.stop();
});

/** The real command line in a fresh process; asynchronous, since the sandbox runs in this one. */
function avm(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['lib/cli/avm.mjs', ...args, '--endpoint', sandbox.endpoint],
      (error, stdout, stderr) => {
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('avm slots', () => {
  it('lists the creations holding a slot and the queue, first in line first', async () => {
    const run = await avm('slots');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Account creations in progress: 5 of 5');
    expect(run.stdout).toContain('Waiting for a slot: 2');
    expect(run.stdout.indexOf('1. req-first-in-line')).toBeGreaterThan(0);
    expect(run.stdout.indexOf('2. req-second-in-line')).toBeGreaterThan(run.stdout.indexOf('1. req-first'));
  });

  it('--json gives the same as data', async () => {
    const run = await avm('slots', '--json');
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.holders.map((h: { requestId: string }) => h.requestId)).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((id) => `req-${id}`),
    );
    expect(json.waiting.map((w: { requestId: string }) => w.requestId)).toEqual([
      'req-first-in-line',
      'req-second-in-line',
    ]);
  });

  it('refuses arguments it does not take', async () => {
    expect((await avm('slots', 'extra')).status).toBe(2);
  });
});
