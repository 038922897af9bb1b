/**
 * The packaged stack: `npm run package` (osls, offline) and what it wrote to .serverless/.
 * beforeAll packages once, or reuses .serverless/ when it is newer than every input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VEND_RULE_PATTERN } from '#lib/events/outcome.ts';
import { DEFINITION_FILE, serverlessFunctions } from '#lib/local/definition.ts';
import { OUT, PACKAGE_TIMEOUT_MS, packagedTemplate } from '../support/packaged-template.ts';

// biome-ignore lint/suspicious/noExplicitAny: template JSON; the assertions check its shape
type Cfn = any;
interface Resource {
  Type: string;
  Properties: Record<string, Cfn>;
}

const STAGE = 'dev';
const functions = serverlessFunctions();
const functionKeys = Object.keys(functions);

let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const one = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
};
/** Function key → logical id of its AWS::Lambda::Function, found by its name. */
const lambdaIds = () =>
  new Map(
    functionKeys.map((key) => {
      const match = ofType('AWS::Lambda::Function').find(
        ([, r]) => r.Properties.FunctionName === `account-vending-${STAGE}-${key}`,
      );
      return [key, match?.[0]] as const;
    }),
  );

beforeAll(async () => {
  resources = await packagedTemplate<Resource>();
}, 3 * PACKAGE_TIMEOUT_MS);

describe('the packaged CloudFormation template', () => {
  it('has every function of serverless.yml, bundled to ESM for nodejs22.x, with one small zip each', () => {
    const ids = lambdaIds();
    for (const key of functionKeys) {
      const fn = resources[ids.get(key) ?? '']?.Properties;
      expect(fn, key).toBeDefined();
      expect(fn).toMatchObject({ Handler: functions[key]?.handler, Runtime: 'nodejs22.x' });
      expect(fn?.Code.S3Key.endsWith(`/${key}.zip`)).toBe(true);
      const zip = readFileSync(join(OUT, `${key}.zip`));
      expect(zip.length, `${key}.zip`).toBeLessThan(1024 * 1024);
      // Zip entries carry their names uncompressed: the bundle and the blueprints are there.
      expect(zip.includes(`${functions[key]?.handler.replace(/\.[^.]+$/, '')}.mjs`), key).toBe(true);
      expect(zip.includes('config/blueprints.yaml'), key).toBe(true);
      expect(zip.includes('node_modules/'), key).toBe(false);
    }
    expect(ofType('AWS::Lambda::Function')).toHaveLength(functionKeys.length);
  });

  it('wires the table, the bus, the blueprints and the Slack parameter names into the environment', () => {
    const ids = lambdaIds();
    for (const key of functionKeys) {
      const vars = resources[ids.get(key) ?? '']?.Properties.Environment.Variables;
      expect(vars, key).toMatchObject({
        REQUESTS_TABLE: { Ref: 'RequestsTable' },
        EVENT_BUS_NAME: { Ref: 'EventBus' },
        AVM_CONFIG_FILE: '/var/task/config/blueprints.yaml',
      });
    }
    const env = (key: string) => resources[ids.get(key) ?? '']?.Properties.Environment.Variables;
    expect(env('slackCommand').SLACK_SIGNING_SECRET_PARAMETER).toBe(
      `/account-vending/${STAGE}/slack/signing-secret`,
    );
    expect(env('notify').SLACK_BOT_TOKEN_PARAMETER).toBe(`/account-vending/${STAGE}/slack/bot-token`);
    // Names only: the secrets are never created by the stack.
    expect(ofType('AWS::SSM::Parameter')).toEqual([]);
  });

  it('keeps the requests table, with its key, stream, point-in-time recovery and encryption', () => {
    expect(resources.RequestsTable?.Properties).toMatchObject({
      TableName: `account-vending-${STAGE}-requests`,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'requestId', KeyType: 'HASH' }],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    expect(resources.EventBus).toMatchObject({
      Type: 'AWS::Events::EventBus',
      Properties: { Name: `account-vending-${STAGE}` },
    });
  });

  it('feeds only inserted REQUESTED records to publishRequests, failures to a dead-letter queue', () => {
    const [, mapping] = one('AWS::Lambda::EventSourceMapping');
    const [queueId] = one('AWS::SQS::Queue');
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['RequestsTable', 'StreamArn'] },
      FunctionName: { 'Fn::GetAtt': [lambdaIds().get('publishRequests'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    const filters = mapping.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => f.Pattern);
    expect(filters).toEqual([
      JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['REQUESTED'] } } } }),
    ]);
  });

  it('routes POST /slack/command of the HTTP API to slackCommand', () => {
    const [, route] = one('AWS::ApiGatewayV2::Route');
    expect(route.Properties.RouteKey).toBe('POST /slack/command');
    const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
    expect(resources[integrationId]?.Properties.IntegrationUri).toEqual({
      'Fn::GetAtt': [lambdaIds().get('slackCommand'), 'Arn'],
    });
  });

  it('starts the state machine from Account Requested and Account Retry Requested events on the custom bus', () => {
    const [smId] = one('AWS::StepFunctions::StateMachine');
    const [, rule] = one('AWS::Events::Rule');
    expect(rule.Properties.EventBusName).toEqual({ Ref: 'EventBus' });
    expect(rule.Properties.EventPattern).toEqual(VEND_RULE_PATTERN);
    expect(rule.Properties.Targets).toHaveLength(1);
    expect(rule.Properties.Targets[0].Arn).toEqual({ Ref: smId });
  });

  it('runs a STANDARD state machine with logging, X-Ray and an alarm on failed executions', () => {
    const [smId, sm] = one('AWS::StepFunctions::StateMachine');
    expect(sm.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      StateMachineName: `account-vending-${STAGE}-vend-account`,
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL' },
    });
    const logGroup = sm.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn;
    expect(resources[logGroup['Fn::GetAtt'][0]]?.Properties.RetentionInDays).toBe(30);
    const [, alarm] = one('AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: smId } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('has the very definition of statemachines/vend-account.asl.yaml, each Task on its function', () => {
    const [, sm] = one('AWS::StepFunctions::StateMachine');
    const sub = sm.Properties.DefinitionString;
    const [text, params = {}] = ([] as Cfn[]).concat(sub['Fn::Sub'] ?? sub) as [string, Record<string, Cfn>?];
    const byLogicalId = new Map([...lambdaIds()].map(([key, id]) => [id, key]));
    const byName = new Map(functionKeys.map((key) => [`account-vending-${STAGE}-${key}`, key]));
    // Either form the plugin emits becomes the ASL's own `Fn::GetAtt: [<function key>, Arn]`.
    const marker = (key: string | undefined) => `@@${key}`;
    const substituted = text
      .replace(
        /arn:\$\{AWS::Partition\}:lambda:\$\{AWS::Region\}:\$\{AWS::AccountId\}:function:([\w-]+)/g,
        (_, n) => marker(byName.get(n)),
      )
      .replace(/\$\{(\w+)\}/g, (whole, name) => {
        const [id, attribute] = params[name]?.['Fn::GetAtt'] ?? [];
        return attribute === 'Arn' && byLogicalId.has(id) ? marker(byLogicalId.get(id)) : whole;
      });
    const packaged = JSON.parse(substituted) as { States: Record<string, Record<string, Cfn>> };
    for (const state of Object.values(packaged.States))
      if (typeof state.Resource === 'string' && state.Resource.startsWith('@@'))
        state.Resource = { 'Fn::GetAtt': [state.Resource.slice(2), 'Arn'] };
    expect(packaged).toEqual(parse(readFileSync(DEFINITION_FILE, 'utf8')));
    expect(substituted).not.toMatch(/\$\{|@@undefined/);
  });

  it('lets the state machine invoke exactly its functions, and grants no wildcard action anywhere', () => {
    const statements = Object.values(resources).flatMap((r) => {
      if (r.Type === 'AWS::IAM::Role')
        return (r.Properties.Policies ?? []).flatMap((p: Cfn) => p.PolicyDocument.Statement);
      if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
        return r.Properties.PolicyDocument.Statement;
      return [];
    });
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const actions: string[] = [].concat(statement.Action ?? statement.NotAction);
      for (const action of actions) expect(action === '*' || action.endsWith(':*'), action).toBe(false);
    }
    const [, sm] = one('AWS::StepFunctions::StateMachine');
    const role = resources[sm.Properties.RoleArn['Fn::GetAtt'][0]]?.Properties.Policies[0].PolicyDocument;
    const invoke = role.Statement.find((s: Cfn) => s.Action.includes('lambda:InvokeFunction'));
    const invoked = invoke.Resource.map((r: Cfn) => r['Fn::GetAtt']?.[0]).filter(Boolean);
    const asl = parse(readFileSync(DEFINITION_FILE, 'utf8')) as { States: Record<string, Cfn> };
    const tasks = Object.values(asl.States).flatMap((s) => s.Resource?.['Fn::GetAtt']?.[0] ?? []);
    expect(invoked.sort()).toEqual(tasks.map((key) => lambdaIds().get(key)).sort());
  });
});
