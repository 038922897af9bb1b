/**
 * lib/org/ous.ts and lib/org/scps.ts against the sandbox's organization, with pages of 2 so the
 * adapters' paginators are exercised. Outcomes are read from the organization state.
 */
import { CreatePolicyCommand, type PolicySummary } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PolicyConflictError, PolicyTypeNotReadyError } from '#lib/errors.ts';
import { ensureOuPath, organizationRoot, placeAccount } from '#lib/org/ous.ts';
import {
  attachScps,
  ensureScp,
  ensureScpsEnabled,
  listScps,
  MANAGED_MARKER,
  type ScpDocument,
} from '#lib/org/scps.ts';
import { FULL_AWS_ACCESS_POLICY_ID } from '#lib/sandbox/index.ts';
import { type Fixture, rejectionOf, startFixture } from '../sandbox/fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ pageSize: 2 });
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const calls = (operation: string) => f.sandbox.calls.filter((c) => c.operation === operation);
const ouNamed = (name: string, parentId: string) =>
  f.sandbox.org.organizationalUnits.find((ou) => ou.name === name && ou.parentId === parentId);
/** The entity path aws:PrincipalOrgPaths names: organization, root, then each OU id. */
const orgPath = (...ouIds: (string | undefined)[]) =>
  `${[f.sandbox.org.organizationId, f.sandbox.org.root.id, ...ouIds].join('/')}/`;
const ouTree = () =>
  f.sandbox.org.organizationalUnits
    .map((ou) => `${ou.parentId === f.sandbox.org.root.id ? '' : `${ou.parentId}/`}${ou.name}`)
    .sort();

describe('ensureOuPath', () => {
  it('creates every missing level from the root and reports the created paths and the entity path', async () => {
    // When
    const result = await ensureOuPath(f.org, ['AI', 'Development', 'Vision']);

    // Then
    const ai = ouNamed('AI', f.sandbox.org.root.id);
    const dev = ouNamed('Development', ai?.id ?? '');
    const vision = ouNamed('Vision', dev?.id ?? '');
    expect(result).toEqual({
      ouId: vision?.id,
      orgPath: orgPath(ai?.id, dev?.id, vision?.id),
      created: ['/AI', '/AI/Development', '/AI/Development/Vision'],
    });
    expect(result.orgPath).toMatch(/^o-[a-z0-9]{10,32}\/r-[a-z0-9]+\/(ou-[a-z0-9]+-[a-z0-9]+\/){3}$/);
    expect(f.sandbox.org.organizationalUnits).toHaveLength(3);
  });

  it('creates only the missing levels, and nothing on a second run', async () => {
    // Given /AI exists, among enough siblings to need several pages
    const rootId = f.sandbox.org.root.id;
    for (const name of ['Finance', 'HR', 'Legal']) f.sandbox.org.addOrganizationalUnit(name, rootId, {});
    const ai = f.sandbox.org.addOrganizationalUnit('AI', rootId, {});

    // When
    const first = await ensureOuPath(f.org, ['AI', 'Production']);
    const before = ouTree();
    f.sandbox.calls.length = 0;
    const second = await ensureOuPath(f.org, ['AI', 'Production']);

    // Then
    const production = ouNamed('Production', ai.id);
    const path = orgPath(ai.id, production?.id);
    expect(first).toEqual({ ouId: production?.id, orgPath: path, created: ['/AI/Production'] });
    expect(second).toEqual({ ouId: production?.id, orgPath: path, created: [] });
    expect(ouTree()).toEqual(before);
    expect(calls('CreateOrganizationalUnit')).toEqual([]);
  });

  it('returns the root for an empty path', async () => {
    expect(await ensureOuPath(f.org, [])).toEqual({
      ouId: f.sandbox.org.root.id,
      orgPath: orgPath(),
      created: [],
    });
  });

  it('adopts an OU another vend created between its look-up and its create (DuplicateOrganizationalUnit)', async () => {
    // Given our CreateOrganizationalUnit is slow to land (50 ms)
    f.sandbox.faults.latency({ operation: 'CreateOrganizationalUnit', ms: 5_000, times: 1 });

    // When a concurrent vend makes the same OU meanwhile
    const running = ensureOuPath(f.org, ['AI']);
    while (calls('CreateOrganizationalUnit').length === 0) await sleep(1);
    const theirs = f.sandbox.org.addOrganizationalUnit('AI', f.sandbox.org.root.id, {});
    const result = await running;

    // Then ours failed as a duplicate and the adapter found theirs
    expect(calls('CreateOrganizationalUnit').map((c) => c.errorName)).toEqual([
      'DuplicateOrganizationalUnitException',
    ]);
    expect(result).toEqual({ ouId: theirs.id, orgPath: orgPath(theirs.id), created: [] });
    expect(f.sandbox.org.organizationalUnits).toHaveLength(1);
  });

  it('converges when two vends create the same path concurrently', async () => {
    // When
    const [a, b] = await Promise.all([
      ensureOuPath(f.org, ['AI', 'Development']),
      ensureOuPath(f.org, ['AI', 'Development']),
    ]);

    // Then one OU per level, each created by exactly one of them
    expect(a.ouId).toBe(b.ouId);
    expect(f.sandbox.org.organizationalUnits.map((ou) => ou.name).sort()).toEqual(['AI', 'Development']);
    expect([...a.created, ...b.created].sort()).toEqual(['/AI', '/AI/Development']);
  });

  it('fails clearly when AWS reports a duplicate it then does not list', async () => {
    f.sandbox.faults.add({
      operation: 'CreateOrganizationalUnit',
      error: 'DuplicateOrganizationalUnitException',
    });
    const error = await rejectionOf(ensureOuPath(f.org, ['Ghost']));
    expect(error.message).toMatch(/OU "Ghost" under r-\w+ could not be created or found/);
    expect(f.sandbox.org.organizationalUnits).toEqual([]);
  });

  it('lets an OU depth violation through to the caller', async () => {
    const error = await rejectionOf(ensureOuPath(f.org, ['1', '2', '3', '4', '5', '6']));
    expect(error.name).toBe('ConstraintViolationException');
    expect(f.sandbox.org.organizationalUnits).toHaveLength(5);
  });
});

describe('placeAccount', () => {
  it('moves an account into the OU once; a second call changes nothing', async () => {
    // Given
    const accountId = f.sandbox.org.addExistingAccount({ name: 'ml-dev', email: 'ml-dev@example.com' });
    const { ouId } = await ensureOuPath(f.org, ['AI']);

    // When
    const moved = await placeAccount(f.org, accountId, ouId);
    const again = await placeAccount(f.org, accountId, ouId);

    // Then
    expect([moved, again]).toEqual([true, false]);
    expect(f.sandbox.org.accountsById.get(accountId)?.parentId).toBe(ouId);
    expect(calls('MoveAccount')).toHaveLength(1);
  });

  it('moves between OUs', async () => {
    const dev = (await ensureOuPath(f.org, ['AI', 'Development'])).ouId;
    const prod = (await ensureOuPath(f.org, ['AI', 'Production'])).ouId;
    const accountId = f.sandbox.org.addExistingAccount({
      name: 'ml',
      email: 'ml@example.com',
      parentId: dev,
    });
    expect(await placeAccount(f.org, accountId, prod)).toBe(true);
    expect(f.sandbox.org.accountsById.get(accountId)?.parentId).toBe(prod);
  });

  it('treats a retried move whose first attempt landed (DuplicateAccountException) as done', async () => {
    // Given the first MoveAccount takes effect but its answer is lost; the SDK retries
    const accountId = f.sandbox.org.addExistingAccount({ name: 'ml-dev', email: 'ml-dev@example.com' });
    const { ouId } = await ensureOuPath(f.org, ['AI']);
    f.sandbox.faults.loseResponse({ operation: 'MoveAccount' });

    // When
    const moved = await placeAccount(f.org, accountId, ouId);

    // Then
    expect(moved).toBe(true);
    expect(calls('MoveAccount').map((c) => c.errorName)).toEqual([
      'ResponseLost',
      'DuplicateAccountException',
    ]);
    expect(f.sandbox.org.accountsById.get(accountId)?.parentId).toBe(ouId);
  });

  it('passes an unknown destination through as AWS reports it', async () => {
    const accountId = f.sandbox.org.addExistingAccount({ name: 'ml-dev', email: 'ml-dev@example.com' });
    const rootId = f.sandbox.org.root.id;
    const error = await rejectionOf(placeAccount(f.org, accountId, `ou-${rootId.slice(2)}-nothere1`));
    expect(error.name).toBe('DestinationParentNotFoundException');
    expect(f.sandbox.org.accountsById.get(accountId)?.parentId).toBe(rootId);
  });
});

describe('ensureScpsEnabled', () => {
  it('enables SCPs on the root once', async () => {
    await ensureScpsEnabled(f.org);
    await ensureScpsEnabled(f.org);
    expect(f.sandbox.org.policyTypeStatus('SERVICE_CONTROL_POLICY')).toBe('ENABLED');
    expect(calls('EnablePolicyType')).toHaveLength(1);
  });

  it('answers PolicyTypeNotReadyError while enabling is still pending, and succeeds after', async () => {
    // Given enabling takes 10 s of sandbox time (100 ms)
    f.sandbox.faults.delayPolicyTypeEnable({ ms: 10_000 });

    // When / Then
    const first = await rejectionOf(ensureScpsEnabled(f.org));
    expect(first).toBeInstanceOf(PolicyTypeNotReadyError);
    expect(first.message).toContain('PENDING_ENABLE');
    expect((await rejectionOf(ensureScpsEnabled(f.org))).name).toBe('PolicyTypeNotReadyError');
    await sleep(120);
    await expect(ensureScpsEnabled(f.org)).resolves.toBeUndefined();
    expect(calls('EnablePolicyType')).toHaveLength(1);
  });

  it('takes PolicyTypeAlreadyEnabledException (a concurrent enable) as enabled', async () => {
    f.sandbox.faults.add({ operation: 'EnablePolicyType', error: 'PolicyTypeAlreadyEnabledException' });
    await expect(ensureScpsEnabled(f.org)).resolves.toBeUndefined();
  });
});

describe('ensureScp', () => {
  const deny = (action: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });
  const doc = (action = 'organizations:LeaveOrganization'): ScpDocument => ({
    awsName: 'avm-deny-leave',
    file: 'policies/scp/deny-leave.json',
    content: deny(action),
  });
  const stored = () => f.sandbox.org.policies.filter((p) => p.name === 'avm-deny-leave');

  it('creates a missing SCP marked as ours', async () => {
    const result = await ensureScp(f.org, await listScps(f.org), doc());
    expect(result.action).toBe('created');
    expect(stored()).toEqual([
      expect.objectContaining({
        id: result.policyId,
        type: 'SERVICE_CONTROL_POLICY',
        description: `${MANAGED_MARKER} from policies/scp/deny-leave.json`,
        content: doc().content,
        awsManaged: false,
      }),
    ]);
  });

  it('leaves an SCP with the same content alone (whitespace aside)', async () => {
    // Given
    const { policyId } = await ensureScp(f.org, await listScps(f.org), doc());
    f.sandbox.calls.length = 0;

    // When the file is reformatted
    const pretty = { ...doc(), content: JSON.stringify(JSON.parse(doc().content), null, 2) };
    const result = await ensureScp(f.org, await listScps(f.org), pretty);

    // Then
    expect(result).toEqual({ policyId, action: 'unchanged' });
    expect(stored()[0]?.content).toBe(doc().content);
    expect(calls('UpdatePolicy')).toEqual([]);
  });

  it('updates the content in place when the file changed', async () => {
    const { policyId } = await ensureScp(f.org, await listScps(f.org), doc());
    const result = await ensureScp(f.org, await listScps(f.org), doc('organizations:*'));
    expect(result).toEqual({ policyId, action: 'updated' });
    expect(stored()).toEqual([expect.objectContaining({ id: policyId, content: deny('organizations:*') })]);
  });

  it('refuses a same-named SCP that is not ours, changing nothing', async () => {
    // Given
    await f.org.send(
      new CreatePolicyCommand({
        Name: 'avm-deny-leave',
        Description: 'Security team baseline',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: deny('ec2:*'),
      }),
    );

    // When
    const error = await rejectionOf(ensureScp(f.org, await listScps(f.org), doc()));

    // Then
    expect(error).toBeInstanceOf(PolicyConflictError);
    expect(error.message).toContain('was not created by the vending machine');
    expect(stored()).toEqual([expect.objectContaining({ content: deny('ec2:*') })]);
  });

  it('recovers from a stale listing: CreatePolicy meets DuplicatePolicyException, the policy is re-read', async () => {
    // Given our policy exists, but the listing the caller holds predates it
    const stale = await listScps(f.org);
    const { policyId } = await ensureScp(f.org, stale, doc());

    // When
    const result = await ensureScp(f.org, stale, doc('organizations:*'));

    // Then
    expect(result).toEqual({ policyId, action: 'updated' });
    expect(stored()).toHaveLength(1);
    expect(calls('CreatePolicy').map((c) => c.errorName)).toEqual([undefined, 'DuplicatePolicyException']);
  });

  it('rethrows the duplicate when the re-read still does not find the policy', async () => {
    f.sandbox.faults.add({ operation: 'CreatePolicy', error: 'DuplicatePolicyException' });
    const error = await rejectionOf(ensureScp(f.org, new Map<string, PolicySummary>(), doc()));
    expect(error.name).toBe('DuplicatePolicyException');
  });
});

describe('attachScps', () => {
  it('attaches the SCPs the target lacks, once', async () => {
    // Given SCPs enabled, an OU and two of our policies
    await ensureScpsEnabled(f.org);
    const { ouId } = await ensureOuPath(f.org, ['AI']);
    const existing = await listScps(f.org);
    const ids: string[] = [];
    for (const name of ['a', 'b']) {
      const content = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: `${name}:*`, Resource: '*' }],
      });
      ids.push(
        (await ensureScp(f.org, existing, { awsName: `avm-${name}`, file: `${name}.json`, content }))
          .policyId,
      );
    }

    // When
    const first = await attachScps(f.org, ouId, [ids[0] as string]);
    const second = await attachScps(f.org, ouId, ids);
    const third = await attachScps(f.org, ouId, ids);

    // Then
    expect([first, second, third]).toEqual([[ids[0]], [ids[1]], []]);
    expect(
      f.sandbox.org
        .policiesAttachedTo(ouId)
        .map((p) => p.id)
        .sort(),
    ).toEqual([FULL_AWS_ACCESS_POLICY_ID, ...ids].sort());
    expect(calls('AttachPolicy')).toHaveLength(2);
  });

  it('survives a lost AttachPolicy answer: the retry meets DuplicatePolicyAttachmentException', async () => {
    // Given
    await ensureScpsEnabled(f.org);
    const { ouId } = await ensureOuPath(f.org, ['AI']);
    const { policyId } = await ensureScp(f.org, new Map(), {
      awsName: 'avm-x',
      file: 'x.json',
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'x:*', Resource: '*' }],
      }),
    });
    f.sandbox.faults.loseResponse({ operation: 'AttachPolicy' });

    // When
    const added = await attachScps(f.org, ouId, [policyId]);

    // Then attached, without failing; the duplicate answer means the adapter does not report it as added
    expect(calls('AttachPolicy').map((c) => c.errorName)).toEqual([
      'ResponseLost',
      'DuplicatePolicyAttachmentException',
    ]);
    expect(f.sandbox.org.policiesAttachedTo(ouId).map((p) => p.id)).toContain(policyId);
    expect(added).toEqual([]);
  });

  it('passes the per-target limit through to the caller', async () => {
    await ensureScpsEnabled(f.org);
    const { ouId } = await ensureOuPath(f.org, ['AI']);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const content = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: `svc${i}:*`, Resource: '*' }],
      });
      ids.push(
        (await ensureScp(f.org, new Map(), { awsName: `avm-${i}`, file: `${i}.json`, content })).policyId,
      );
    }
    const error = await rejectionOf(attachScps(f.org, ouId, ids));
    expect(error).toMatchObject({ name: 'ConstraintViolationException' });
    // FullAWSAccess + 9 of ours fill the 10 slots
    expect(f.sandbox.org.policiesAttachedTo(ouId)).toHaveLength(10);
  });
});

describe('organizationRoot', () => {
  it('is the one root', async () => {
    expect((await organizationRoot(f.org)).Id).toBe(f.sandbox.org.root.id);
  });
});
