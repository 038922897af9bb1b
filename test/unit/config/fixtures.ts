import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
 * Writes a blueprint file and SCP files into a fresh temp dir and returns the blueprint file's
 * path. SCP contents given as strings are written as they are (to test broken JSON).
 */
export function writeFixture(yaml: string, scps: Record<string, object | string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'avm-config-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'policies', 'scp'), { recursive: true });
  for (const [name, content] of Object.entries(scps)) {
    writeFileSync(
      join(dir, 'policies', 'scp', `${name}.json`),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
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
