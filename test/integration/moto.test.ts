import { spawnSync } from 'node:child_process';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgView } from '../workflow/org-view.ts';
import { motoAvailable, startMoto } from './moto.ts';

const available = motoAvailable();
if (!available) {
  console.warn(
    'moto tier skipped: moto_server is not installed (pip install "moto[server]==5.2.1", see README)',
  );
}

/** Runs the real `avm` command line in a child process, as a user would. */
function avm(args: string[]) {
  const result = spawnSync('node', ['lib/cli/avm.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.runIf(available)('avm vend --endpoint against moto (an independent AWS emulator)', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let org: ReturnType<typeof orgView>;

  beforeAll(async () => {
    moto = await startMoto();
    const client = new OrganizationsClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // The platform team's prerequisite: an organization with all features.
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    org = orgView(client);
  });
  afterAll(() => moto?.stop());

  const vend = [
    'vend',
    '--name',
    'ml-team-a',
    '--email',
    'ml-team-a@example.com',
    '--blueprint',
    'ai-dev',
    '--request-id',
    'moto-1',
    '--json',
  ];

  it('vends an account that exists once, sits in its OU and carries its SCPs', async () => {
    const run = avm([...vend, '--endpoint', moto.endpoint]);

    expect(run.status, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout);
    expect(record).toMatchObject({
      requestId: 'moto-1',
      status: 'SUCCEEDED',
      ouPath: '/AI/Development',
      scps: ['deny-leave-organization'],
    });
    expect(record.accountId).toMatch(/^\d{12}$/);
    expect(await org.accountsWithEmail('ml-team-a@example.com')).toHaveLength(1);
    expect(await org.pathOf(record.accountId)).toBe('/AI/Development');
    expect(await org.scpNamesOf(record.accountId)).toContain('avm-deny-leave-organization');
    expect(await org.scpNamesOf(record.ouId)).toContain('avm-ai-dev-guardrails');
  });

  it('a second run of the same request changes nothing', async () => {
    const accountsBefore = await org.accountCount();
    const policiesBefore = await org.scpsNamed('avm-deny-leave-organization');

    const run = avm([...vend, '--endpoint', moto.endpoint]);

    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe('SUCCEEDED');
    expect(await org.accountCount()).toBe(accountsBefore);
    expect(await org.scpsNamed('avm-deny-leave-organization')).toEqual(policiesBefore);
  });

  it('a new request reusing the email fails clearly, even though moto would accept a duplicate email', async () => {
    const accountsBefore = await org.accountCount();
    const run = avm([
      'vend',
      '--name',
      'other',
      '--email',
      'ml-team-a@example.com',
      '--blueprint',
      'ai-dev',
      '--request-id',
      'moto-2',
      '--json',
      '--endpoint',
      moto.endpoint,
    ]);

    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'FAILED',
      failure: { step: 'CreateAccount', error: 'EmailAlreadyInUseError' },
    });
    expect(await org.accountCount()).toBe(accountsBefore);
  });
});
