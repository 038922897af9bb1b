/**
 * Least privilege, both ways: each function's role in the packaged template grants exactly the
 * IAM actions of the AWS calls that function makes in the management account across a
 * representative set of vends, apart from a short list of what cannot be observed locally.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFINITION_FILE, serverlessFunctions } from '#lib/local/definition.ts';
import { iamActionOf, isManagementCall } from '../support/iam-actions.ts';
import { PACKAGE_TIMEOUT_MS, packagedTemplate } from '../support/packaged-template.ts';
import { comparePrivileges } from '../support/privilege-diff.ts';
import {
  functionRoleIds,
  grantedActions,
  type Resource,
  roleStatements,
  type Statement,
} from '../support/template-grants.ts';
import { runVendScenarios, type ScenarioRun } from '../support/vend-scenarios.ts';

const STAGE = 'dev';
const ACCESS_ROLE = 'OrganizationAccountAccessRole';
const functionKeys = Object.keys(serverlessFunctions());

/** Needed by every function in AWS, never called through the SDK by our code. */
const EVERY_FUNCTION = [
  // The Lambda runtime writes the function's logs with its role (the plugin adds these).
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  // tracing.lambda: the runtime sends trace segments with the function's role.
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];

/** Needed in AWS by one function, but not observable in the sandbox. Keep it short; say why. */
const UNOBSERVABLE: Record<string, string[]> = {
  // The event source mapping reads the table's stream with the function's role, and sends
  // records that keep failing to the dead-letter queue with it; tests hand records over directly.
  publishRequests: [
    'dynamodb:DescribeStream',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:ListStreams',
    'sqs:SendMessage',
  ],
  // Secrets come from Parameter Store in AWS; the sandbox has no SSM, tests set the variables.
  slackCommand: ['ssm:GetParameter'],
  notify: ['ssm:GetParameter'],
  // CreateAccount with Tags is also authorized as organizations:TagResource; the sandbox does not check it.
  createAccount: ['organizations:TagResource'],
  // EnableSharingWithAwsOrganization enables RAM's trusted access and creates RAM's
  // service-linked role as the caller; the sandbox models neither.
  shareResources: ['organizations:EnableAWSServiceAccess', 'iam:CreateServiceLinkedRole'],
};
const unobservable = (key: string) => [...EVERY_FUNCTION, ...(UNOBSERVABLE[key] ?? [])];

let run: ScenarioRun;
let resources: Record<string, Resource>;
let roleIds: Map<string, string>;

beforeAll(async () => {
  [run, resources] = await Promise.all([runVendScenarios(), packagedTemplate<Resource>()]);
  roleIds = functionRoleIds(resources, functionKeys, STAGE);
}, 3 * PACKAGE_TIMEOUT_MS);

/** The IAM actions of the calls a function made with its own role in the management account. */
function observed(key: string): Set<string> {
  const calls = run.attribution.byFunction.get(key) ?? [];
  return new Set(
    calls
      .filter((call) => isManagementCall(call, run.sandbox.managementAccountId))
      .flatMap((call) => iamActionOf(call) ?? []),
  );
}
const statementsOf = (key: string) => roleStatements(resources[roleIds.get(key) ?? '']);

describe('the vends the check is based on', () => {
  it('went through every path and invoked every function', () => {
    const statuses = Object.fromEntries(Object.entries(run.runs).map(([label, r]) => [label, r.status]));
    expect(statuses).toMatchObject({
      'ai-dev': 'SUCCEEDED',
      'in-management-again': 'SUCCEEDED',
      slack: 'SUCCEEDED',
      'slack-failed': 'FAILED',
      'slack-retried': 'SUCCEEDED',
      dynamodb: 'SUCCEEDED',
      'email-taken': 'FAILED',
      'account-limit': 'FAILED',
      'unknown-blueprint': 'FAILED',
      'missing-bucket': 'FAILED',
      adopted: 'SUCCEEDED',
      'scp-updated': 'SUCCEEDED',
    });
    expect([...run.attribution.byFunction.keys()].sort()).toEqual([...functionKeys].sort());
    const all = [...run.attribution.byFunction.values()].flat().map((c) => `${c.service}:${c.operation}`);
    for (const operation of [
      'organizations:DescribeCreateAccountStatus',
      'organizations:ListCreateAccountStatus',
      'organizations:EnablePolicyType',
      'organizations:UpdatePolicy',
      'ram:EnableSharingWithAwsOrganization',
    ])
      expect(all, operation).toContain(operation);
  });

  it('made every call in other accounts through the access role, never as the Lambda role', () => {
    const elsewhere = [...run.attribution.byFunction.values()]
      .flat()
      .filter((call) => !isManagementCall(call, run.sandbox.managementAccountId));
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const call of elsewhere)
      expect(call.callerRole, `${call.service}:${call.operation}`).toBe(ACCESS_ROLE);
  });
});

describe('each function has its own role with exactly the actions it calls', () => {
  it('no two functions share a role, and no role is left over', () => {
    expect(new Set(roleIds.values()).size).toBe(functionKeys.length);
    const roles = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    const smRole = Object.values(resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')
      ?.Properties.RoleArn['Fn::GetAtt'][0];
    const ruleRole = Object.values(resources).find((r) => r.Type === 'AWS::Events::Rule')?.Properties
      .Targets[0].RoleArn['Fn::GetAtt'][0];
    expect(roles.map(([id]) => id).sort()).toEqual([...roleIds.values(), smRole, ruleRole].sort());
  });

  it.each(functionKeys)('%s', (key) => {
    const diff = comparePrivileges(observed(key), grantedActions(statementsOf(key)), unobservable(key));
    expect(diff).toEqual({ missing: [], extra: [], staleAllowance: [] });
  });

  it('scopes the table, the bus, the parameters, the queue and AssumeRole to their resources', () => {
    const scoped = /^(dynamodb|events|ssm|sqs|sts):/;
    for (const key of functionKeys)
      for (const statement of statementsOf(key)) {
        const actions = ([] as string[]).concat(statement.Action ?? []);
        if (!actions.some((action) => scoped.test(action))) continue;
        const targets = ([] as unknown[]).concat(statement.Resource);
        expect(targets, `${key} ${actions}`).not.toContain('*');
      }
    const assume = statementsOf('shareResources').find((s) => s.Sid === 'AccessRoleInMemberAccounts');
    expect(assume?.Resource).toEqual([{ 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${ACCESS_ROLE}` }]);
    const table = statementsOf('claim').find((s) => s.Sid === 'RequestsTable');
    expect(table?.Resource).toEqual([{ 'Fn::GetAtt': ['RequestsTable', 'Arn'] }]);
  });
});

describe('the roles of the state machine and of the rule', () => {
  it('the state machine invokes exactly the functions its Tasks name, and nothing else of Lambda', () => {
    const [, sm] =
      Object.entries(resources).find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine') ?? [];
    const statements = roleStatements(resources[sm?.Properties.RoleArn['Fn::GetAtt'][0]]);
    const lambda = statements.filter((s) =>
      ([] as string[]).concat(s.Action ?? []).some((a) => a.startsWith('lambda:')),
    );
    expect(lambda).toHaveLength(1);
    expect(lambda[0]?.Action).toEqual(['lambda:InvokeFunction']);
    const invoked = new Set(
      ([] as Record<string, unknown>[]).concat(lambda[0]?.Resource).map((resource) => {
        // `Fn::GetAtt: [<id>, Arn]` and its `${functionArn}:*` form (versions and aliases)
        const sub = resource['Fn::Sub'] as [string, { functionArn: Record<string, string[]> }] | undefined;
        return ((resource['Fn::GetAtt'] as string[] | undefined) ?? sub?.[1].functionArn['Fn::GetAtt'])?.[0];
      }),
    );
    const asl = parse(readFileSync(DEFINITION_FILE, 'utf8')) as {
      States: Record<string, { Resource?: { 'Fn::GetAtt'?: string[] } }>;
    };
    const tasks = new Set(Object.values(asl.States).flatMap((s) => s.Resource?.['Fn::GetAtt']?.[0] ?? []));
    const lambdaIdOf = (key: string) =>
      Object.entries(resources).find(
        ([, r]) =>
          r.Type === 'AWS::Lambda::Function' &&
          r.Properties.FunctionName === `account-vending-${STAGE}-${key}`,
      )?.[0];
    expect([...invoked].sort()).toEqual([...tasks].map(lambdaIdOf).sort());
    // The rest is what Step Functions needs for its own logs and X-Ray, written by serverless-step-functions.
    const others = grantedActions(statements.filter((s) => !lambda.includes(s)));
    for (const action of others) expect(action, action).toMatch(/^(logs|xray):/);
  });

  it('the rule only starts executions of the state machine', () => {
    const [, rule] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Events::Rule') ?? [];
    const roleId = rule?.Properties.Targets[0].RoleArn['Fn::GetAtt'][0];
    const [smId] =
      Object.entries(resources).find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine') ?? [];
    expect(roleStatements(resources[roleId])).toEqual([
      { Effect: 'Allow', Action: ['states:StartExecution'], Resource: { Ref: smId } },
    ]);
  });
});

describe('the check itself can fail', () => {
  /** A copy of a function's statements, changed. */
  const changed = (key: string, change: (statements: Statement[]) => void) => {
    const statements = structuredClone(statementsOf(key));
    change(statements);
    return comparePrivileges(observed(key), grantedActions(statements), unobservable(key));
  };

  it('reports an action that was called but is no longer granted', () => {
    const diff = changed('applyScps', (statements) => {
      const org = statements.find((s) => s.Sid === 'Organizations') as Statement;
      org.Action = ([] as string[])
        .concat(org.Action ?? [])
        .filter((a) => a !== 'organizations:UpdatePolicy');
    });
    expect(diff).toEqual({ missing: ['organizations:UpdatePolicy'], extra: [], staleAllowance: [] });
  });

  it('reports an action that is granted but never called', () => {
    const diff = changed('complete', (statements) => {
      statements.push({ Effect: 'Allow', Action: ['dynamodb:DeleteItem'], Resource: '*' });
    });
    expect(diff).toEqual({ missing: [], extra: ['dynamodb:DeleteItem'], staleAllowance: [] });
  });
});
