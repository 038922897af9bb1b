import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, newRequest, startHarness } from './harness.ts';
import { orgView } from './org-view.ts';

const SMALL_SCP = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
};

/** A blueprint file in a temp dir, with its SCP files. */
function writeConfig(yaml: string, scps: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'avm-limits-'));
  mkdirSync(join(dir, 'policies/scp'), { recursive: true });
  for (const [name, content] of Object.entries(scps))
    writeFileSync(join(dir, `policies/scp/${name}.json`), content);
  writeFileSync(join(dir, 'blueprints.yaml'), yaml);
  return join(dir, 'blueprints.yaml');
}

const many = Array.from({ length: 10 }, (_, i) => `scp-${i}`);
const hugeStatement = Array.from({ length: 600 }, (_, i) => `service${i}:Action`);
const defaultLimitsConfig = writeConfig(
  `organization:
  emailDomains: [example.com]
blueprints:
  ok: { ou: /Fine, scps: [small] }
  too-deep: { ou: /L1/L2/L3/L4/L5/L6, scps: [small] }
  huge-policy: { ou: /Fine, scps: [huge] }
  too-many: { ou: /Fine, scps: [${many.join(', ')}] }
  broken-json: { ou: /Fine, scps: [broken] }
`,
  {
    small: JSON.stringify(SMALL_SCP),
    huge: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: hugeStatement, Resource: '*' }],
    }),
    broken: '{ "Version": "2012-10-17", "Statement": [ // no comments in JSON\n ] }',
    ...Object.fromEntries(many.map((name) => [name, JSON.stringify(SMALL_SCP)])),
  },
);
// The blueprint file claims 6 levels are allowed; AWS (the sandbox) still enforces 5.
const raisedLimitConfig = writeConfig(
  `organization:
  emailDomains: [example.com]
  limits: { ouMaxDepth: 6 }
blueprints:
  too-deep: { ou: /L1/L2/L3/L4/L5/L6, scps: [small] }
`,
  { small: JSON.stringify(SMALL_SCP) },
);

let h: Harness;
let org: ReturnType<typeof orgView>;

beforeAll(async () => {
  h = await startHarness();
  org = orgView();
});
afterAll(async () => {
  delete process.env.AVM_CONFIG_FILE;
  await h.stop();
});

async function useConfig(file: string) {
  process.env.AVM_CONFIG_FILE = file;
  await h.reloadConfig();
}

describe('a blueprint over an AWS limit is refused before any AWS call', () => {
  it.each([
    ['too-deep', 'blueprints.too-deep.ou', 'deep'],
    ['huge-policy', 'huge.json', '10240'],
    ['too-many', 'blueprints.too-many.scps', '10'],
    ['broken-json', 'broken.json', 'JSON'],
  ])('%s → FAILED at Claim naming %s', async (blueprint, where, detail) => {
    await useConfig(defaultLimitsConfig);
    const request = newRequest({ blueprint });
    const callsBefore = h.sandbox.calls.length;

    const run = await h.vend(request);

    const record = await h.record(request.requestId);
    expect(run.status).toBe('FAILED');
    expect(record?.failure).toMatchObject({ step: 'Claim', error: 'ConfigInvalidError' });
    expect(record?.failure?.message).toContain(where);
    expect(record?.failure?.message.replace(/,/g, '')).toContain(detail);
    expect(
      h.sandbox.calls.slice(callsBefore).filter((c) => !['dynamodb', 'events'].includes(c.service)),
    ).toEqual([]);
    expect(await org.accountsWithEmail(request.email)).toHaveLength(0);
  });

  it('the other blueprints of the same file still vend', async () => {
    await useConfig(defaultLimitsConfig);
    const request = newRequest({ blueprint: 'ok' });
    const run = await h.vend(request);
    expect(run.status).toBe('SUCCEEDED');
  });
});

describe('a limit only AWS knows about', () => {
  it('an OU deeper than AWS allows → FAILED at PlaceInOu with the reason; the account and upper OUs remain', async () => {
    await useConfig(raisedLimitConfig);
    const request = newRequest({ blueprint: 'too-deep' });

    const run = await h.vend(request);

    const record = await h.record(request.requestId);
    expect(run.status).toBe('FAILED');
    expect(record?.failure).toMatchObject({ step: 'PlaceInOu', error: 'OrganizationLimitError' });
    expect(record?.failure?.message).toContain('OU_DEPTH_LIMIT_EXCEEDED');
    expect(record?.accountId).toMatch(/^\d{12}$/);
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(h.sandbox.org.findOrganizationalUnitByPath('/L1/L2/L3/L4/L5')).toBeDefined();
  });
});
