/**
 * Hostile input, with the generators of the property tests (test/property/arbitraries.ts): what
 * arrives at each edge — a workflow input at Claim, a Slack POST, a DynamoDB stream record — is
 * accepted or refused with a named error, and a refused input writes nothing. A sample then goes
 * through the real state machine against the sandbox, end to end.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, DynamoDBStreamEvent } from 'aws-lambda';
import fc from 'fast-check';
import { loadConfig } from '#lib/config/index.ts';
import { isVendError } from '#lib/errors.ts';
import { handleSlackCommand } from '#lib/intake/slack-command.ts';
import { publishRequested } from '#lib/intake/stream-publisher.ts';
import type { WorkflowResult } from '#lib/local/run-workflow.ts';
import type { RequestRepository } from '#lib/record/repository.ts';
import type { RequestRecord } from '#lib/record/types.ts';
import { parseRequest, requestIdOf } from '#lib/request/parse.ts';
import { isRetryInput } from '#lib/request/retry.ts';
import { slackHmac } from '#lib/slack/signature.ts';
import { claim } from '#lib/steps/claim.ts';
import type { StepDeps } from '#lib/steps/deps.ts';
import { hostileJson, hostileString, nearValidRequest, validRequest } from '../../property/arbitraries.ts';
import { accountsOf, unhandledErrors } from '../audit.ts';
import { count, type Scenario, type ScenarioResult, traced } from '../scenario.ts';

/** Inputs per edge; the full size matches the property tests' 15,900 generated inputs. */
const SIZES = {
  fast: { claim: 300, slack: 200, stream: 100, workflow: 30 },
  full: { claim: 9000, slack: 4400, stream: 2500, workflow: 600 },
};
const SEED = 20261123;

/** What Claim may be handed: requests, EventBridge envelopes, retries, anything JSON. */
const workflowInput: fc.Arbitrary<unknown> = fc.oneof(
  nearValidRequest,
  validRequest,
  hostileJson,
  fc.record(
    {
      id: fc.oneof(fc.stringMatching(/^[a-f0-9-]{1,40}$/), hostileString),
      'detail-type': fc.oneof(fc.constantFrom('Account Requested', 'Account Retry Requested'), hostileString),
      source: fc.constant('account-vending'),
      detail: fc.oneof(nearValidRequest, validRequest, hostileJson),
    },
    { requiredKeys: ['detail-type'] },
  ),
  fc.record({ retry: fc.oneof(hostileJson, fc.record({ requestId: hostileString, force: fc.boolean() })) }),
);

function parses(request: unknown): boolean {
  try {
    parseRequest(request);
    return true;
  } catch {
    return false;
  }
}

interface Tally {
  accepted: number;
  rejected: number;
  /** Thrown as anything but a named error: a bug. */
  crashed: string[];
  /** Writes made for an input the edge refused, of something that is not a valid request. */
  badWrites: string[];
}

async function atClaim(inputs: unknown[], tally: Tally): Promise<void> {
  const config = loadConfig();
  for (const input of inputs) {
    const writes: unknown[] = [];
    const repo = {
      get: async (): Promise<RequestRecord | undefined> => undefined,
      claim: async (requestId: string, execution: string, request: unknown) => {
        writes.push(request);
        const at = new Date().toISOString();
        const record = {
          requestId,
          status: 'IN_PROGRESS',
          owner: execution,
          request,
          createdAt: at,
          updatedAt: at,
        };
        return { claimed: true, record: record as unknown as RequestRecord };
      },
      takeOver: async () => ({ claimed: false, record: {} as RequestRecord }),
    } as unknown as RequestRepository;
    try {
      await claim(input, 'arn:aws:states:us-east-1:000000000000:execution:hostile', {
        repo,
        config,
      } as StepDeps);
      tally.accepted++;
    } catch (error) {
      if (isVendError(error)) tally.rejected++;
      else tally.crashed.push(`Claim: ${String(error)}`);
    }
    // A request refused after it was recorded is recorded FAILED by design; it must still be valid.
    for (const write of writes)
      if (!parses(write)) tally.badWrites.push(`Claim wrote ${JSON.stringify(write).slice(0, 120)}`);
  }
}

const SECRET = 'hostile-input-signing-secret';
const NOW = 1_800_000_000;

async function atSlack(bodies: { text: string; signed: boolean; base64: boolean }[], tally: Tally) {
  const config = loadConfig();
  for (const { text, signed, base64 } of bodies) {
    const writes: unknown[] = [];
    const repo = {
      get: async () => undefined,
      insertRequested: async (request: unknown) => {
        writes.push(request);
        return request;
      },
    } as unknown as RequestRepository;
    const headers: Record<string, string> = signed
      ? {
          'x-slack-request-timestamp': String(NOW),
          'x-slack-signature': `v0=${slackHmac(SECRET, String(NOW), text)}`,
        }
      : { 'x-slack-request-timestamp': String(NOW), 'x-slack-signature': `v0=${'0'.repeat(64)}` };
    const event = {
      version: '2.0',
      routeKey: 'POST /slack/command',
      rawPath: '/slack/command',
      headers,
      body: base64 ? Buffer.from(text).toString('base64') : text,
      isBase64Encoded: base64,
    } as unknown as APIGatewayProxyEventV2;
    try {
      const answer = await handleSlackCommand(event, {
        signingSecret: async () => SECRET,
        repo,
        config,
        now: () => new Date(NOW * 1000),
        // A retry event is a write too: it must never follow a refused command.
        requestRetry: async (requestId) => {
          writes.push({ retry: requestId });
          return 'event-id';
        },
      });
      if (answer.statusCode !== 200 && answer.statusCode !== 401)
        tally.crashed.push(`Slack answered ${answer.statusCode}`);
      else if (writes.length > 0) tally.accepted++;
      else tally.rejected++;
      if (answer.statusCode === 401 && writes.length > 0) tally.badWrites.push('Slack wrote for a 401');
    } catch (error) {
      tally.crashed.push(`Slack: ${String(error)}`);
    }
    for (const write of writes)
      if (!parses(write)) tally.badWrites.push(`Slack wrote ${JSON.stringify(write).slice(0, 120)}`);
  }
}

async function atStream(records: unknown[], tally: Tally) {
  for (const record of records) {
    let published = 0;
    const events = {
      send: async (command: { input: { Entries?: unknown[] } }) => {
        const entries = command.input.Entries ?? [];
        published += entries.length;
        return { Entries: entries.map((_e, i) => ({ EventId: `e-${i}` })) };
      },
    };
    try {
      await publishRequested({ Records: [record] } as unknown as DynamoDBStreamEvent, {
        events: events as never,
        busName: 'bus',
        log: () => {},
      });
      if (published > 0) tally.accepted++;
      else tally.rejected++;
    } catch (error) {
      tally.crashed.push(`stream publisher: ${String(error)}`);
    }
  }
}

const slackText = fc.oneof(
  hostileString,
  fc
    .tuple(
      fc.stringMatching(/^[ -~]{1,55}$/),
      fc.oneof(fc.constant('ml-slack@example.com'), hostileString),
      fc.constantFrom('ai-dev', 'ai-prod', 'nope'),
    )
    .map(([name, email, blueprint]) => `request name="${name}" email=${email} blueprint=${blueprint}`),
  fc
    .array(
      fc.oneof(fc.constantFrom('request', 'status', 'help', 'name=', 'email=', '<', '|'), hostileString),
      {
        maxLength: 8,
      },
    )
    .map((parts) => parts.join(' ')),
);
const slackBody = fc.record({
  text: fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(slackText, fc.oneof(fc.constant('T0123456789'), hostileString))
        .map(([text, team]) =>
          new URLSearchParams({
            team_id: team,
            channel_id: 'C0PLATFORM',
            user_id: 'U0LEAD',
            command: '/vend',
            response_url: 'https://hooks.slack.com/commands/T0123456789/1/abc',
            text,
          }).toString(),
        ),
    },
    hostileString,
  ),
  signed: fc.boolean(),
  base64: fc.boolean(),
});

/** Stream records of REQUESTED items, items with other statuses, and junk. */
const streamRecord = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant('INSERT') },
      fc.constantFrom('MODIFY', 'REMOVE'),
      hostileString,
    ),
    fc.oneof(
      nearValidRequest.map((request) => ({ requestId: 'r-1', ...request, status: 'REQUESTED' })),
      hostileJson,
    ),
    fc.boolean(),
  )
  .map(([eventName, item, typed]) => {
    let image: unknown = item;
    if (typed && typeof item === 'object' && item !== null && !Array.isArray(item)) {
      try {
        image = marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });
      } catch {
        image = item;
      }
    }
    return { eventName, eventSource: 'aws:dynamodb', dynamodb: { NewImage: image, SequenceNumber: '1' } };
  });

export const hostileInput: Scenario = {
  name: 'hostile input',
  description:
    'generated hostile inputs at every edge (Claim, the Slack handler, the stream publisher), and a sample through the state machine → accepted or refused by name, nothing written for a refused one',
  sizes: {
    fast: `${Object.values(SIZES.fast).reduce((a, b) => a + b) - SIZES.fast.workflow} inputs at the edges, ${SIZES.fast.workflow} end to end`,
    full: `${Object.values(SIZES.full).reduce((a, b) => a + b) - SIZES.full.workflow} inputs at the edges, ${SIZES.full.workflow} end to end`,
  },
  async run(size, world): Promise<ScenarioResult> {
    const n = SIZES[size];
    const tally: Tally = { accepted: 0, rejected: 0, crashed: [], badWrites: [] };
    await traced('Claim', () => atClaim(fc.sample(workflowInput, { numRuns: n.claim, seed: SEED }), tally));
    await traced('Slack', () => atSlack(fc.sample(slackBody, { numRuns: n.slack, seed: SEED }), tally));
    await traced('stream', () => atStream(fc.sample(streamRecord, { numRuns: n.stream, seed: SEED }), tally));

    // End to end: the real state machine, the real table, the sandbox.
    await world.fresh();
    const inputs = fc.sample(workflowInput, { numRuns: n.workflow, seed: SEED + 1 });
    const runs: WorkflowResult[] = [];
    await traced('state machine', async () => {
      for (const input of inputs) runs.push(await world.vend(input));
    });
    let lost = 0;
    let leftInProgress = 0;
    const problems: string[] = [];
    const outcomes: Record<string, number> = {};
    let accepted = tally.accepted;
    let rejected = tally.rejected;
    for (const [i, input] of inputs.entries()) {
      const run = runs[i] as WorkflowResult;
      const id = requestIdOf(input);
      const record = id === undefined ? undefined : await world.record(id);
      if (record?.status === 'SUCCEEDED' && run.status === 'SUCCEEDED') count(outcomes, 'vended');
      else if (run.status === 'SUCCEEDED') count(outcomes, 'no-op');
      else count(outcomes, `FAILED at ${record?.failure?.step ?? 'Claim (nothing to record)'}`);
      if (run.status === 'SUCCEEDED') accepted++;
      else rejected++;
      // Every request with a usable id ends recorded, FAILED with the reason or SUCCEEDED.
      if (id !== undefined && !isRetryInput(input)) {
        if (!record || record.status === 'REQUESTED') {
          lost++;
          problems.push(`${id}: ${record ? 'still REQUESTED' : 'no record'}`);
        } else if (record.status === 'IN_PROGRESS') {
          leftInProgress++;
          problems.push(`${id}: left IN_PROGRESS`);
        }
      }
    }
    // An account exists only for a request Claim accepted, and only one.
    let duplicates = 0;
    for (const account of world.sandbox.org.accounts) {
      const requestId = world.sandbox.org.tagsOf(account.id)['avm:request-id'];
      if (requestId === undefined) continue;
      const record = await world.record(requestId);
      if (!record || record.failure?.step === 'Claim')
        tally.badWrites.push(`account ${account.id} for ${requestId}, refused at Claim`);
      const email = record?.request?.email as string | undefined;
      if (email && accountsOf(world, { requestId, email }).length > 1) duplicates++;
    }
    const unhandled = [...tally.crashed, ...unhandledErrors(runs)];
    problems.push(...unhandled, ...tally.badWrites);
    const edges = n.claim + n.slack + n.stream;
    const e2e = Object.entries(outcomes)
      .map(([key, value]) => `${value} ${key}`)
      .join(', ');
    return {
      scenario: this.name,
      runs: edges + inputs.length,
      // Which inputs are valid is the parsers' business (the property tests check it); what is
      // expected is that each one is either accepted or refused by name, never anything else.
      outcomes: { accepted, rejected, ...(unhandled.length > 0 ? { crashed: unhandled.length } : {}) },
      expectedOutcomes: { accepted, rejected },
      duplicates,
      lost,
      leftInProgress,
      unhandled: unhandled.length,
      problems,
      notes:
        `${edges} inputs at the edges (Claim ${n.claim}, Slack ${n.slack}, stream ${n.stream}), ` +
        `${tally.badWrites.length} writes or accounts from refused inputs; ` +
        `${inputs.length} through the state machine: ${e2e}`,
    };
  },
};
