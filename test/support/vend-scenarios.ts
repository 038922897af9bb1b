/**
 * A representative set of vends through every path, run one invocation at a time with each
 * sandbox call attributed to the function that made it (see call-attribution.ts).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { useLocalAws } from '#lib/local/environment.ts';
import type { WorkflowResult } from '#lib/local/run-workflow.ts';
import type { Sandbox } from '#lib/sandbox/index.ts';
import { CallAttribution } from './call-attribution.ts';
import { commandFields, SIGNING_SECRET, slackEvent, startSlackStandIn } from './slack.ts';
import { streamRecordOf } from './stream.ts';

const MANAGEMENT_BUCKET = 'ml-data-111111111111';

/** The shipped config plus blueprints whose share and bucket live in the management account. */
function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'avm-privilege-'));
  cpSync('config', dir, { recursive: true });
  const file = join(dir, 'blueprints.yaml');
  writeFileSync(
    file,
    `${readFileSync(file, 'utf8')}
  in-management:
    ou: /AI/Development
    resourceShares:
      - { name: management-pipelines, resourceArns: [arn:aws:sagemaker:us-east-1:111111111111:pipeline/shared] }
    dataAccess:
      - { name: management-data, bucket: ${MANAGEMENT_BUCKET}, bucketAccount: "111111111111", prefix: datasets/, access: read }
  missing-bucket:
    ou: /AI/Development
    dataAccess:
      - { name: lost, bucket: ml-data-does-not-exist, bucketAccount: "333333333333", prefix: datasets/, access: read }
`,
  );
  return file;
}

let counter = 0;
function newRequest(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const id = `lp-${process.pid}-${counter}`;
  return {
    requestId: `req-${id}`,
    accountName: `ml-team-${id}`,
    email: `ml-team-${id}@example.com`,
    blueprint: 'ai-dev',
    requestedBy: { source: 'cli', id: 'tester' },
    ...overrides,
  };
}

export interface ScenarioRun {
  attribution: CallAttribution;
  sandbox: Sandbox;
  runs: Record<string, WorkflowResult>;
}

export async function runVendScenarios(): Promise<ScenarioRun> {
  process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
  process.env.AVM_CONFIG_FILE = configDir();
  const local = await useLocalAws({ sandbox: { createAccountLatencyMs: 30, accountLimit: 500 } });
  const sandbox = local.sandbox as Sandbox;
  sandbox.s3.addBucket({ accountId: sandbox.managementAccountId, name: MANAGEMENT_BUCKET });
  const slack = await startSlackStandIn();
  const attribution = new CallAttribution(sandbox);
  const { runWorkflow } = await import('#lib/local/run-workflow.ts');
  const { clearConfigCache } = await import('#lib/config/index.ts');
  const { resetDefaultDeps } = await import('#lib/steps/deps.ts');
  const slackCommand = (await import('../../functions/slack-command.ts')).handler;
  const publishRequests = (await import('../../functions/publish-requests.ts')).handler;
  const runs: Record<string, WorkflowResult> = {};
  const vend = async (label: string, input: unknown, options: { name?: string; retryMs?: number } = {}) => {
    runs[label] = await runWorkflow(input, {
      waitMs: 5,
      retryMs: 1,
      ...options,
      onInvocation: attribution.onInvocation,
    });
    return runs[label];
  };
  /** The stream hands a stored record to publishRequests; the rule's execution is run here, in turn. */
  const publishAndVend = async (label: string, requestId: string) => {
    const record = await streamRecordOf(local.tableName, requestId);
    await attribution.invoke('publishRequests', () => publishRequests({ Records: [record] }));
    const envelope = await sandbox.events.waitFor(
      (e) => e['detail-type'] === 'Account Requested' && e.detail.requestId === requestId,
      10_000,
    );
    return vend(label, envelope);
  };
  try {
    // Happy paths: a first vend enables SCPs and RAM sharing; cross-account steps in three accounts
    await vend('ai-dev', newRequest());
    await vend('ai-staging', newRequest({ blueprint: 'ai-staging' }));
    await vend('in-management', newRequest({ blueprint: 'in-management' }));
    // The management account's share exists now: the next vend associates with it
    await vend('in-management-again', newRequest({ blueprint: 'in-management' }));
    const again = newRequest();
    await vend('first', again);
    await vend('again', again);

    // Slack: command → record → stream → event → vend → reply
    const text = 'request name=ml-slack email=ml-slack@example.com blueprint=ai-dev';
    const answer = await attribution.invoke('slackCommand', () =>
      slackCommand(slackEvent(commandFields(text, `${slack.url}/commands/T0123456789/1/hook`))),
    );
    const slackId = String(answer.body).match(/slack-[0-9a-f]{16}/)?.[0] as string;
    await publishAndVend('slack', slackId);
    await attribution.invoke('slackCommand', () =>
      slackCommand(
        slackEvent(commandFields(`status ${slackId}`, `${slack.url}/commands/T0123456789/2/hook`)),
      ),
    );

    // Slack retry: a Slack request that failed, retried from Slack by its requester
    sandbox.faults.add({ operation: 'MoveAccount', error: 'AccessDeniedException', times: 1 });
    const failing = 'request name=ml-slack-retry email=ml-slack-retry@example.com blueprint=ai-dev';
    const failingAnswer = await attribution.invoke('slackCommand', () =>
      slackCommand(slackEvent(commandFields(failing, `${slack.url}/commands/T0123456789/3/hook`))),
    );
    const retryId = String(failingAnswer.body).match(/slack-[0-9a-f]{16}/)?.[0] as string;
    await publishAndVend('slack-failed', retryId);
    await attribution.invoke('slackCommand', () =>
      slackCommand(slackEvent(commandFields(`retry ${retryId}`, `${slack.url}/commands/T0123456789/4/hook`))),
    );
    const retryEvent = await sandbox.events.waitFor(
      (e) => e['detail-type'] === 'Account Retry Requested' && e.detail.requestId === retryId,
      10_000,
    );
    await vend('slack-retried', retryEvent);

    // DynamoDB intake: a REQUESTED record written by another system
    const dynamo = newRequest({ requestedBy: { source: 'dynamodb', id: 'data-platform' } });
    await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
      new PutCommand({ TableName: local.tableName, Item: { ...dynamo, status: 'REQUESTED' } }),
    );
    await publishAndVend('dynamodb', dynamo.requestId);

    // Failures
    const taken = newRequest();
    sandbox.org.addExistingAccount({ name: 'someone-else', email: taken.email });
    await vend('email-taken', taken);
    sandbox.faults.failNextAccountCreation('ACCOUNT_LIMIT_EXCEEDED');
    await vend('account-limit', newRequest());
    await vend('unknown-blueprint', newRequest({ blueprint: 'no-such-blueprint' }));
    await vend('missing-bucket', newRequest({ blueprint: 'missing-bucket' }));

    // Crash recovery: CreateAccount reached AWS, its id never stored
    const crashed = newRequest();
    await new OrganizationsClient({}).send(
      new CreateAccountCommand({
        Email: crashed.email,
        AccountName: crashed.accountName,
        Tags: [{ Key: 'avm:request-id', Value: crashed.requestId }],
      }),
    );
    await vend('adopted', crashed, { retryMs: 50 });

    // An SCP whose file changed since it was created is updated in place
    const scp = join(process.env.AVM_CONFIG_FILE, '..', 'policies/scp/deny-leave-organization.json');
    const doc = JSON.parse(readFileSync(scp, 'utf8'));
    doc.Statement = [
      ...[doc.Statement].flat(),
      { Sid: 'DenyCloseAccount', Effect: 'Deny', Action: 'organizations:CloseAccount', Resource: '*' },
    ];
    writeFileSync(scp, JSON.stringify(doc));
    clearConfigCache();
    resetDefaultDeps();
    await vend('scp-updated', newRequest());
    return { attribution, sandbox, runs };
  } finally {
    delete process.env.AVM_CONFIG_FILE;
    clearConfigCache();
    resetDefaultDeps();
    await slack.stop();
    await local.stop();
  }
}
