import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, newRequest, startHarness } from './harness.ts';
import { orgView } from './org-view.ts';

let h: Harness;
let org: ReturnType<typeof orgView>;

beforeAll(async () => {
  h = await startHarness();
  org = orgView();
});
afterAll(() => h.stop());

describe('one request, one account', () => {
  it('running the same request twice leaves one account; the second run is a no-op', async () => {
    const request = newRequest();
    const first = await h.vend(request);
    const before = await h.record(request.requestId);

    const second = await h.vend(request);

    expect(first.status).toBe('SUCCEEDED');
    expect(second.status).toBe('SUCCEEDED');
    expect(second.events.some((e) => e.type === 'StateEntered' && e.state.name === 'AlreadyHandled')).toBe(
      true,
    );
    expect(second.events.some((e) => e.type === 'StateEntered' && e.state.name === 'CreateAccount')).toBe(
      false,
    );
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(await h.record(request.requestId)).toEqual(before);
  });

  it('two executions racing on one request: one does the work, the other ends as a no-op', async () => {
    const request = newRequest();
    const runs = await Promise.all([h.vend(request), h.vend(request)]);

    expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const worked = runs.filter((r) =>
      r.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Complete'),
    );
    const noop = runs.filter((r) =>
      r.events.some((e) => e.type === 'StateEntered' && e.state.name === 'AlreadyHandled'),
    );
    expect(worked).toHaveLength(1);
    expect(noop).toHaveLength(1);
    const record = await h.record(request.requestId);
    expect(record?.owner).toBe(worked[0]?.executionArn);
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
  });

  it('adopts an account that this request already created (its id lost in a crash) instead of creating another', async () => {
    // Given an account in the organization tagged with this request id, and no record of it
    const request = newRequest();
    const accountId = h.sandbox.org.addExistingAccount({
      name: request.accountName,
      email: request.email,
      tags: { 'avm:request-id': request.requestId },
    });

    const run = await h.vend(request);

    expect(run.status).toBe('SUCCEEDED');
    expect((await h.record(request.requestId))?.accountId).toBe(accountId);
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(await org.pathOf(accountId)).toBe('/AI/Development');
  });

  it('updates an SCP whose file changed since the last run in place, without a duplicate policy', async () => {
    const { mkdtempSync, cpSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'avm-config-'));
    cpSync('config', dir, { recursive: true });
    process.env.AVM_CONFIG_FILE = join(dir, 'blueprints.yaml');
    await h.reloadConfig();
    try {
      const first = newRequest();
      await h.vend(first);
      const policyId = (await h.record(first.requestId))?.policyIds?.['deny-leave-organization'] as string;

      const file = join(dir, 'policies/scp/deny-leave-organization.json');
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      doc.Statement = [
        ...[doc.Statement].flat(),
        { Sid: 'DenyCloseAccount', Effect: 'Deny', Action: 'organizations:CloseAccount', Resource: '*' },
      ];
      writeFileSync(file, JSON.stringify(doc, null, 2));
      await h.reloadConfig();

      const second = newRequest();
      const run = await h.vend(second);

      expect(run.status).toBe('SUCCEEDED');
      expect((await h.record(second.requestId))?.policyIds?.['deny-leave-organization']).toBe(policyId);
      expect(await org.scpsNamed('avm-deny-leave-organization')).toHaveLength(1);
      expect(await org.policyContent(policyId)).toContain('organizations:CloseAccount');
    } finally {
      delete process.env.AVM_CONFIG_FILE;
      await h.reloadConfig();
    }
  });
});
