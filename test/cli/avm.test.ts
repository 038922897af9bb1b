import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The real command line, in a fresh process, as a user types it. */
function avm(...args: string[]) {
  const env = { ...process.env };
  delete env.AVM_CONFIG_FILE;
  const result = spawnSync('node', ['lib/cli/avm.mjs', ...args], { encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('avm vend (embedded sandbox)', () => {
  it('--json prints the final record and exits 0 on success, with progress on stderr', () => {
    const run = avm(
      'vend',
      '--name',
      'ml-team-a',
      '--email',
      'ml-team-a@example.com',
      '--blueprint',
      'ai-dev',
      '--json',
    );

    expect(run.status, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout);
    expect(record).toMatchObject({
      status: 'SUCCEEDED',
      ouPath: '/AI/Development',
      scps: ['deny-leave-organization'],
      ouScps: ['ai-dev-guardrails'],
    });
    expect(record.requestId).toMatch(/^cli-[0-9a-f]+$/);
    expect(record.accountId).toMatch(/^\d{12}$/);
    for (const step of ['Claim', 'CreateAccount', 'CheckAccount', 'PlaceInOu', 'ApplyScps', 'Complete']) {
      expect(run.stderr).toMatch(new RegExp(`✓ ${step}\\s+\\d+ ms`));
    }
  });

  it('exits 1 with the failed step and reason when the request fails', () => {
    const run = avm(
      'vend',
      '--name',
      'x',
      '--email',
      'x@gmail.com',
      '--blueprint',
      'ai-dev',
      '--request-id',
      'r-1',
      '--json',
    );

    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      requestId: 'r-1',
      status: 'FAILED',
      failure: { step: 'Claim', error: 'InvalidRequestError' },
    });
    expect(run.stderr).toContain('outside the allowed domains');
  });

  it('exits 2 with usage help for a command line it cannot run', () => {
    const missing = avm('vend', '--name', 'x');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing --email, --blueprint');
    expect(
      avm('vend', '--name', 'x', '--email', 'x@example.com', '--blueprint', 'b', '--colour', 'red').status,
    ).toBe(2);
    expect(avm('frobnicate').status).toBe(2);
  });
});

describe('avm validate', () => {
  it('accepts the shipped blueprints', () => {
    const run = avm('validate');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('valid');
  });

  it('reports every problem with its file and path, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avm-validate-'));
    mkdirSync(join(dir, 'policies/scp'), { recursive: true });
    writeFileSync(join(dir, 'policies/scp/broken.json'), '{ "Version": "2012-10-17", ');
    writeFileSync(
      join(dir, 'policies/scp/huge.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Deny', Action: Array.from({ length: 1200 }, (_, i) => `svc${i}:Do`), Resource: '*' },
        ],
      }),
    );
    writeFileSync(
      join(dir, 'blueprints.yaml'),
      `organization:
  emailDomains: [example.com, -bad-.com]
blueprints:
  deep: { ou: /A/B/C/D/E/F, scps: [broken] }
  big: { ou: /A, scps: [huge, missing] }
`,
    );

    const run = avm('validate', '--config', join(dir, 'blueprints.yaml'));

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/organization\.emailDomains\[1\]/);
    expect(run.stderr).toMatch(/blueprints\.yaml: blueprints\.deep\.ou: .*5/);
    expect(run.stderr).toMatch(/broken\.json: .*JSON/);
    expect(run.stderr).toMatch(/huge\.json: .*10,?240/);
    expect(run.stderr).toMatch(/blueprints\.big\.scps\[1\]: .*missing/);
  });
});

describe('npm start (avm demo)', () => {
  it('vends in the sandbox, repeats the request as a no-op and prints the organization tree', () => {
    const run = avm('demo');

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/├── AI\/ \(ou-/);
    expect(run.stdout).toMatch(/Development\/ \(ou-[^)]+\)\s+\[SCP: avm-ai-dev-guardrails\]/);
    expect(run.stdout).toMatch(
      /ml-team-a \d{12} <ml-team-a@example\.com>\s+\[SCP: avm-deny-leave-organization\]/,
    );
    expect(run.stdout).toContain('second run: no-op; accounts with that email: 1');
    expect(run.stdout).toMatch(
      /share +ai-training-pipelines arn:aws:ram:us-east-1:222222222222:resource-share\//,
    );
    expect(run.stdout).toMatch(/groups +data-scientists, ml-engineers/);
    expect(run.stdout).toMatch(
      /data +arn:aws:iam::\d{12}:role\/avm-data-training-data → s3:\/\/ml-data-333333333333\/datasets\/ \(read\)/,
    );
    expect(run.stdout).toMatch(
      /ml-data-333333333333 in the data-lake account: AnalyticsTeamReadsReports, AvmDataAiDevTrainingData([0-9a-f]{8})Objects, AvmDataAiDevTrainingData\1List/,
    );
  });
});
