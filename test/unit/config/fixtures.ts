import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Problem } from '../../../lib/config/index.ts';

/** A minimal valid SCP. */
export const DENY_LEAVE = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyLeave', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
};

/** A valid SCP whose minified JSON is exactly `chars` characters (padded through its Sid). */
export function scpOfSize(chars: number): object {
  const base = JSON.stringify({ ...DENY_LEAVE, Statement: [{ ...DENY_LEAVE.Statement[0], Sid: '' }] }).length;
  return { ...DENY_LEAVE, Statement: [{ ...DENY_LEAVE.Statement[0], Sid: 'S'.repeat(chars - base) }] };
}

const dirs: string[] = [];

/**
 * Writes a blueprint file, SCP files and IAM policy files into a fresh temp dir and returns the
 * blueprint file's path. Policy contents given as strings are written as they are (to test
 * broken JSON).
 */
export function writeFixture(
  yaml: string,
  scps: Record<string, object | string> = {},
  iam: Record<string, object | string> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'avm-config-'));
  dirs.push(dir);
  for (const [kind, docs] of [
    ['scp', scps],
    ['iam', iam],
  ] as const) {
    mkdirSync(join(dir, 'policies', kind), { recursive: true });
    for (const [name, content] of Object.entries(docs)) {
      writeFileSync(
        join(dir, 'policies', kind, `${name}.json`),
        typeof content === 'string' ? content : JSON.stringify(content, null, 2),
      );
    }
  }
  const file = join(dir, 'blueprints.yaml');
  writeFileSync(file, yaml);
  return file;
}

export function removeFixtures(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The path of an SCP file inside the fixture of `file`. */
export function scpPath(file: string, name: string): string {
  return join(file, '..', 'policies', 'scp', `${name}.json`);
}

/** The path of an IAM policy file inside the fixture of `file`. */
export function iamPath(file: string, name: string): string {
  return join(file, '..', 'policies', 'iam', `${name}.json`);
}

/** A minimal valid identity policy using two placeholders. */
export const READ_LOGS = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadLogs',
      Effect: 'Allow',
      Action: ['logs:GetLogEvents'],
      Resource: 'arn:{{Partition}}:logs:*:{{AccountId}}:log-group:/aws/sagemaker/*',
    },
  ],
};

/**
 * A blueprint file with one blueprint `ai` using every cross-account key, valid with
 * `ACCESS_IAM`; tests break one rule each with `.replace`.
 */
export const ACCESS_YAML = configYaml({
  blueprints: `
  ai:
    ou: /AI/Development
    resourceShares:
      - name: pipelines
        ownerAccount: "222222222222"
        resourceArns:
          - arn:aws:sagemaker:us-east-1:222222222222:pipeline/train
          - arn:aws:sagemaker:us-east-1:222222222222:sagemaker-catalog/DefaultFeatureGroupCatalog
    dataAccess:
      - name: training-data
        bucket: ml-data-333333333333
        bucketAccount: "333333333333"
        prefix: datasets/
        access: read
    groups:
      - name: data-scientists
        policies: [read-logs, arn:aws:iam::aws:policy/AmazonSageMakerReadOnly]
        passExecutionRole: true
        trainingBucket: read-write
    sagemakerExecutionRole:
      dataAccess: [training-data]
      trainingBucket: true
`,
});

/** The IAM policy files `ACCESS_YAML` needs. */
export const ACCESS_IAM = { 'read-logs': READ_LOGS };

/** A valid blueprint file; `blueprints` replaces the blueprints section, `organization` is appended to it. */
export function configYaml({
  blueprints = `
  ai-dev:
    description: Dev sandbox
    ou: /AI/Development
    scps: [deny-leave]
    ouScps: [guardrails]
    tags: { Environment: development }
`,
  organization = '',
  slack = `
slack:
  allowedTeamIds: [T0123456789]
`,
}: {
  blueprints?: string;
  organization?: string;
  slack?: string;
} = {}): string {
  return `organization:
  emailDomains: [example.com]
  accessRoleName: OrganizationAccountAccessRole
  policyNamePrefix: avm-
${organization}${slack}
blueprints:${blueprints}`;
}

/** The SCP files `configYaml()`'s default blueprint needs. */
export const DEFAULT_SCPS = { 'deny-leave': DENY_LEAVE, guardrails: DENY_LEAVE };

/** Expects exactly one problem, at `path` of `file`, with a message matching `message`. */
export function expectOnlyProblem(
  problems: Problem[],
  file: string,
  path: string,
  message: RegExp | string,
): void {
  expect(problems).toHaveLength(1);
  expect(problems[0]?.file).toBe(file);
  expect(problems[0]?.path).toBe(path);
  expect(problems[0]?.message).toMatch(message);
}

/** Where `ACCESS_YAML`'s blueprint sits in the file. */
export const ACCESS_AT = 'blueprints.ai';

/** Writes `ACCESS_YAML` with `from` replaced by `to` (which must occur), and the IAM files. */
export function accessFixture(from = '', to = '', iam: Record<string, object | string> = ACCESS_IAM): string {
  if (from !== '') expect(ACCESS_YAML).toContain(from);
  return writeFixture(from === '' ? ACCESS_YAML : ACCESS_YAML.replace(from, to), {}, iam);
}
