import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreationSlots } from '../admission/creation-slots.ts';
import { quotaFromEnv } from '../admission/quota.ts';
import { DEPLOYED_OPTIONS, deployedNames } from './deployed.ts';
import { UsageError } from './usage-error.ts';

/**
 * `avm slots`: which requests hold AWS's account-creation slots on a deployed stack, and
 * which wait for one, first in line first. What to look at when a burst seems slow.
 */
export async function slotsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: DEPLOYED_OPTIONS, strict: true });
  if (positionals.length > 0) throw new UsageError('takes no arguments');
  const { table } = deployedNames(values);
  const slots = new CreationSlots(new DynamoDBClient({}), table, quotaFromEnv());
  const { holders, waiters } = await slots.read();
  const now = Date.now();
  const holding = Object.entries(holders).sort(([, a], [, b]) => a - b);
  const queue = Object.entries(waiters).sort(([, [a]], [, [b]]) => a - b);
  if (values.json) {
    const json = {
      concurrent: slots.quota.concurrent,
      holders: holding.map(([requestId, since]) => ({ requestId, since: new Date(since).toISOString() })),
      waiting: queue.map(([requestId, [since, seen]]) => ({
        requestId,
        since: new Date(since).toISOString(),
        lastAsked: new Date(seen).toISOString(),
      })),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const lines = [`Account creations in progress: ${holding.length} of ${slots.quota.concurrent}`];
  for (const [requestId, since] of holding) lines.push(`  ${requestId}  for ${age(now - since)}`);
  lines.push(`Waiting for a slot: ${queue.length}`);
  queue.forEach(([requestId, [since]], i) => {
    lines.push(`  ${i + 1}. ${requestId}  waiting ${age(now - since)}`);
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function age(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
