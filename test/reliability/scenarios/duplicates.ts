/**
 * At-least-once delivery: the same request arrives three times at once, through any mix of the
 * intakes (a direct start, an `Account Requested` event, the table's stream record handed to
 * the publisher, a Slack command's record). Exactly one execution may do the work.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkflowResult } from '#lib/local/run-workflow.ts';
import { commandFields, SIGNING_SECRET, slackEvent, startSlackStandIn } from '../../support/slack.ts';
import { streamRecordOf } from '../../support/stream.ts';
import { auditRequests, lostGrants, unhandledErrors } from '../audit.ts';
import { count, emptyResult, type Scenario, type ScenarioResult, traced } from '../scenario.ts';
import { newRequest, type Request } from '../world.ts';

type Origin = 'direct' | 'eventbridge' | 'dynamodb' | 'slack';
/** `stream`: the REQUESTED record's INSERT handed (again) to the stream publisher. */
type Delivery = 'direct' | 'eventbridge' | 'stream';

const MIXES: { origin: Origin; deliveries: [Delivery, Delivery, Delivery] }[] = [
  { origin: 'direct', deliveries: ['direct', 'eventbridge', 'eventbridge'] },
  { origin: 'dynamodb', deliveries: ['stream', 'eventbridge', 'direct'] },
  { origin: 'slack', deliveries: ['stream', 'eventbridge', 'direct'] },
  { origin: 'dynamodb', deliveries: ['stream', 'stream', 'stream'] },
  { origin: 'direct', deliveries: ['direct', 'direct', 'direct'] },
  { origin: 'eventbridge', deliveries: ['eventbridge', 'eventbridge', 'eventbridge'] },
  { origin: 'slack', deliveries: ['stream', 'stream', 'stream'] },
  { origin: 'eventbridge', deliveries: ['eventbridge', 'direct', 'direct'] },
];
const SIZES = { fast: { requests: 4, batch: 4 }, full: { requests: 32, batch: 8 } };

export const duplicates: Scenario = {
  name: 'duplicate deliveries',
  description:
    'the same request delivered 3× at once through a mix of intakes (direct start, EventBridge, DynamoDB stream, Slack) → one account, one execution does the work',
  sizes: {
    fast: `${SIZES.fast.requests} requests × 3 deliveries, one batch`,
    full: `${SIZES.full.requests} requests × 3 deliveries, ${SIZES.full.batch} requests at a time, ${MIXES.length} mixes`,
  },
  async run(size, world): Promise<ScenarioResult> {
    await world.fresh();
    process.env.SLACK_SIGNING_SECRET ??= SIGNING_SECRET;
    const slack = await startSlackStandIn();
    const { handler: slackCommand } = await import('../../../functions/slack-command.ts');
    const { handler: publishRequests } = await import('../../../functions/publish-requests.ts');
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const events = new EventBridgeClient({});

    const putRequested = (request: Request) =>
      events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: world.local.busName,
              Source: 'account-vending',
              DetailType: 'Account Requested',
              Detail: JSON.stringify(request),
            },
          ],
        }),
      );

    /** Writes what the origin writes first; the request as the other intakes would carry it. */
    async function originate(origin: Origin): Promise<Request> {
      const request = newRequest('dup');
      if (origin === 'dynamodb') {
        await doc.send(
          new PutCommand({
            TableName: world.local.tableName,
            Item: { requestId: request.requestId, status: 'REQUESTED', request },
            ConditionExpression: 'attribute_not_exists(requestId)',
          }),
        );
      }
      if (origin === 'slack') {
        const text = `request name=${request.accountName} email=${request.email} blueprint=${request.blueprint}`;
        const answer = await slackCommand(slackEvent(commandFields(text, `${slack.url}/commands/1/hook`)));
        const requestId = String(answer.body).match(/slack-[0-9a-f]{16}/)?.[0];
        if (!requestId) throw new Error(`the Slack command did not accept the request: ${answer.body}`);
        return { ...request, requestId, requestedBy: { source: 'slack', id: 'U0LEAD' } };
      }
      return request;
    }

    const result = emptyResult(this.name);
    const requests: Request[] = [];
    const directRuns: WorkflowResult[] = [];
    const { requests: total, batch } = SIZES[size];
    try {
      for (let start = 0; start < total; start += batch) {
        await traced(`requests ${start + 1}–${Math.min(total, start + batch)}`, async () => {
          const deliveries: Promise<unknown>[] = [];
          for (let i = start; i < Math.min(total, start + batch); i++) {
            const mix = MIXES[i % MIXES.length] as (typeof MIXES)[number];
            const request = await originate(mix.origin);
            requests.push(request);
            // The stream carries the INSERT as written, whatever the executions do to it later.
            const insert = mix.deliveries.includes('stream')
              ? await streamRecordOf(world.local.tableName, request.requestId)
              : undefined;
            for (const delivery of mix.deliveries) {
              if (delivery === 'direct')
                deliveries.push(world.vend(request).then((run) => directRuns.push(run)));
              if (delivery === 'eventbridge') deliveries.push(putRequested(request));
              if (delivery === 'stream' && insert) deliveries.push(publishRequests({ Records: [insert] }));
            }
          }
          await Promise.all(deliveries);
          await world.sandbox.events.idle(120_000);
        });
      }
    } finally {
      await slack.stop();
    }

    const runs = [...directRuns, ...world.routedRuns];
    result.runs = runs.length;
    const vended = world.sandbox.events.published.filter(
      (e) => e.envelope['detail-type'] === 'Account Vended',
    );
    for (const request of requests) {
      const mine = runs.filter((run) => JSON.stringify(run.events[0]).includes(request.requestId));
      const worked = mine.filter((run) =>
        run.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Complete'),
      );
      for (const run of mine) {
        const did = worked.includes(run);
        count(result.outcomes, run.status === 'SUCCEEDED' ? (did ? 'vended' : 'no-op') : run.status);
      }
      count(result.expectedOutcomes, 'vended');
      count(result.expectedOutcomes, 'no-op', 2);
      if (mine.length !== 3) result.problems.push(`${request.requestId}: ${mine.length} executions, not 3`);
      const told = vended.filter((e) => e.envelope.detail.requestId === request.requestId).length;
      if (told !== 1) result.problems.push(`${request.requestId}: ${told} Account Vended events`);
    }
    const audit = await auditRequests(world, requests);
    result.duplicates = audit.duplicates;
    result.lost = audit.lost;
    result.leftInProgress = audit.leftInProgress;
    result.problems.push(...audit.problems);
    for (const request of requests) {
      const record = audit.records.get(request.requestId);
      if (record && record.status !== 'SUCCEEDED')
        result.problems.push(`${request.requestId}: ${record.status} ${JSON.stringify(record.failure)}`);
    }
    const unhandled = unhandledErrors(runs);
    result.unhandled = unhandled.length;
    result.problems.push(...unhandled);
    // Different requests vended at once write the same data-lake bucket policy.
    const dropped = lostGrants(world, audit.records.values());
    for (const grant of dropped)
      result.problems.push(`bucket-policy grant dropped by a concurrent vend: ${grant}`);
    const origins = [...new Set(MIXES.map((m) => m.origin))].join(', ');
    result.notes = `${requests.length} requests from ${origins}; each told once (one Account Vended event)`;
    return result;
  },
};
