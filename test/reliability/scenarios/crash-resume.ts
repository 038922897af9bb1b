/**
 * An execution dies before or after each Task state (its Lambda never ran, or ran and its
 * result was lost), then the request is resumed: by a redrive (the same execution again), or
 * the way a person would after `avm status` (re-send a request that has no record, `avm retry`
 * a FAILED one, `avm retry --force` one stuck IN_PROGRESS). It must end as one clean vend does:
 * one account and the same IAM, RAM, S3 and Organizations state, nothing twice.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkflowResult } from '#lib/local/run-workflow.ts';
import { STUCK_AFTER_MS } from '#lib/request/retry.ts';
import { auditRequests, unhandledErrors } from '../audit.ts';
import { referenceVend } from '../calls.ts';
import { footprint } from '../footprint.ts';
import { count, emptyResult, type Scenario, type ScenarioResult, traced } from '../scenario.ts';
import { newRequest, type Request, type World } from '../world.ts';

type When = 'before' | 'after';
type Resume = 'redrive' | 'retry';

interface Case {
  state: string;
  when: When;
  resume: Resume;
  /** The state is only reached when a step fails: the first attempt is made to fail. */
  failurePath: boolean;
}

/** A permanent refusal that sends a vend down the failure path; removed before resuming. */
function failPlacement(world: World): void {
  world.sandbox.faults.add({
    service: 'organizations',
    operation: 'MoveAccount',
    error: 'AccessDeniedException',
    times: 10_000,
  });
}

/**
 * The forced retry takes over only a record unchanged for longer than an execution can run.
 * Rather than wait 2 h 15 min, the record is made to look that old.
 */
async function ageRecord(world: World, requestId: string): Promise<void> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const then = new Date(Date.now() - STUCK_AFTER_MS - 60_000).toISOString();
  await doc.send(
    new UpdateCommand({
      TableName: world.local.tableName,
      Key: { requestId },
      UpdateExpression: 'SET updatedAt = :then',
      ExpressionAttributeValues: { ':then': then },
    }),
  );
}

/** What a person does after reading the record (`avm status`); undefined when there is nothing to do. */
async function resumeAsPerson(world: World, request: Request): Promise<WorkflowResult | undefined> {
  const record = await world.record(request.requestId);
  if (!record || record.status === 'REQUESTED') return world.vend(request);
  if (record.status === 'FAILED') return world.vend({ retry: { requestId: request.requestId } });
  if (record.status === 'IN_PROGRESS') {
    await ageRecord(world, request.requestId);
    return world.vend({ retry: { requestId: request.requestId, force: true } });
  }
  return undefined;
}

export const crashResume: Scenario = {
  name: 'crash and resume',
  description:
    'the execution dies before / after each Task state, then a redrive or a person’s retry → one account, state equal to a clean vend',
  sizes: {
    fast: '5 crash points (one on the failure path), each resumed one way',
    full: 'every Task state × before/after × redrive/retry',
  },
  async run(size, world): Promise<ScenarioResult> {
    const referenceRequest = newRequest('cr');
    const reference = await referenceVend(world, referenceRequest);
    const expected = await footprint(world, referenceRequest);
    const happy = new Set(reference.states);
    const all: Case[] = [];
    for (const { state } of world.tasks)
      for (const when of ['before', 'after'] as const)
        for (const resume of ['redrive', 'retry'] as const)
          all.push({ state, when, resume, failurePath: !happy.has(state) });
    const firstFailurePath = all.findIndex((c) => c.failurePath);
    const cases = size === 'full' ? all : all.filter((_, i) => i % 11 === 0 || i === firstFailurePath + 3);

    const result = emptyResult(this.name);
    const runs: WorkflowResult[] = [];
    const untold: string[] = [];
    for (const c of cases) {
      const label = `${c.resume} after a stop ${c.when} ${c.state}`;
      await traced(label, () => runCase(c, label));
    }
    async function runCase(c: Case, label: string): Promise<void> {
      await world.fresh();
      const request = newRequest('cr');
      if (c.failurePath) failPlacement(world);
      const name = `crash-${request.requestId}`;
      const crashed = await world.vend(request, { name, stop: { state: c.state, when: c.when } });
      world.sandbox.faults.clear();
      runs.push(crashed);
      count(result.outcomes, crashed.status);
      count(result.expectedOutcomes, 'ABORTED');

      const resumed =
        c.resume === 'redrive' ? await world.vend(request, { name }) : await resumeAsPerson(world, request);
      if (resumed) {
        runs.push(resumed);
        count(result.outcomes, resumed.status);
        count(result.expectedOutcomes, 'SUCCEEDED');
      }
      result.runs += resumed ? 2 : 1;

      const audit = await auditRequests(world, [request]);
      result.duplicates += audit.duplicates;
      result.lost += audit.lost;
      result.leftInProgress += audit.leftInProgress;
      result.problems.push(...audit.problems.map((p) => `${label}: ${p}`));
      const actual = await footprint(world, request);
      if (actual === expected) return;
      // A crash between Complete and Notify leaves a SUCCEEDED record nobody was told about;
      // a retry of a SUCCEEDED request is a no-op, so only a redrive tells the requester.
      const withoutTold = (text: string) => text.replace(/,"told":"[^"]*"/, '');
      if (withoutTold(actual) === withoutTold(expected)) untold.push(label);
      else
        result.problems.push(
          `${label}: state differs from a clean vend\n    got      ${actual}\n    expected ${expected}`,
        );
    }
    const unhandled = unhandledErrors(runs);
    result.unhandled = unhandled.length;
    result.problems.push(...unhandled);
    result.notes =
      `${cases.length} crash points over ${world.tasks.length} Task states; state compared with a clean vend: ` +
      `${cases.length - untold.length - result.problems.length} equal` +
      (untold.length > 0
        ? `, ${untold.length} equal but the requester was never told (${untold.join('; ')})`
        : '');
    return result;
  },
};
