import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FULL_AWS_ACCESS_POLICY_ID } from '#lib/sandbox/index.ts';
import { type Fixture, rejectionOf, startFixture } from './fixture.ts';

let f: Fixture;
let rootId: string;
beforeAll(async () => {
  f = await startFixture();
});
beforeEach(() => {
  f.sandbox.reset();
  rootId = f.sandbox.org.root.id;
});
afterAll(() => f.sandbox.stop());

const SCP = 'SERVICE_CONTROL_POLICY';
const document = (action = 'organizations:LeaveOrganization') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });

const createPolicy = async (name: string, content = document()) => {
  const { Policy } = await f.org.send(
    new CreatePolicyCommand({ Name: name, Description: '', Type: SCP, Content: content }),
  );
  return Policy?.PolicySummary?.Id as string;
};
const attach = (policyId: string, targetId: string) =>
  f.org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: targetId }));
const enableScps = () => f.org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }));
const namesOn = async (targetId: string) => {
  const { Policies } = await f.org.send(
    new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: SCP }),
  );
  return Policies?.map((p) => p.Name);
};

describe('SCP lifecycle', () => {
  it('refuses attachment until the type is enabled, then FullAWSAccess is everywhere', async () => {
    const accountId = f.sandbox.org.addExistingAccount({ name: 'member', email: 'member@example.com' });
    const policyId = await createPolicy('deny-leave');
    expect(policyId).toMatch(/^p-[0-9a-zA-Z_]{8,128}$/);

    expect((await rejectionOf(attach(policyId, accountId))).name).toBe('PolicyTypeNotEnabledException');

    const { Root } = await enableScps();
    expect(Root?.PolicyTypes).toEqual([{ Type: SCP, Status: 'ENABLED' }]);
    expect((await rejectionOf(enableScps())).name).toBe('PolicyTypeAlreadyEnabledException');
    expect(await namesOn(rootId)).toEqual(['FullAWSAccess']);
    expect(await namesOn(accountId)).toEqual(['FullAWSAccess']);

    // New OUs and accounts get FullAWSAccess too.
    const ou = f.sandbox.org.addOrganizationalUnit('AI', rootId, {});
    expect(await namesOn(ou.id)).toEqual(['FullAWSAccess']);

    await attach(policyId, accountId);
    expect(await namesOn(accountId)).toEqual(['FullAWSAccess', 'deny-leave']);
    expect((await rejectionOf(attach(policyId, accountId))).name).toBe('DuplicatePolicyAttachmentException');

    const { Targets } = await f.org.send(new ListTargetsForPolicyCommand({ PolicyId: policyId }));
    expect(Targets).toEqual([
      expect.objectContaining({ TargetId: accountId, Type: 'ACCOUNT', Name: 'member' }),
    ]);
    const { Policies } = await f.org.send(new ListPoliciesCommand({ Filter: SCP }));
    expect(Policies?.map((p) => [p.Name, p.AwsManaged])).toEqual([
      ['FullAWSAccess', true],
      ['deny-leave', false],
    ]);
  });

  it('can keep EnablePolicyType PENDING_ENABLE for a while', async () => {
    f.sandbox.faults.delayPolicyTypeEnable({ ms: 5_000 }); // 50 ms at timeScale 0.01
    const policyId = await createPolicy('early');
    const { Root } = await enableScps();
    expect(Root?.PolicyTypes).toEqual([{ Type: SCP, Status: 'PENDING_ENABLE' }]);
    expect((await rejectionOf(attach(policyId, rootId))).name).toBe('PolicyTypeNotEnabledException');

    await new Promise((resolve) => setTimeout(resolve, 80));
    const { Roots } = await f.org.send(new ListRootsCommand({}));
    expect(Roots?.[0]?.PolicyTypes).toEqual([{ Type: SCP, Status: 'ENABLED' }]);
    await attach(policyId, rootId);
  });
});

describe('policy content and limits', () => {
  it('refuses a duplicate name, invalid JSON and content over the character limit', async () => {
    await createPolicy('only-once');
    expect((await rejectionOf(createPolicy('only-once'))).name).toBe('DuplicatePolicyException');
    expect((await rejectionOf(createPolicy('commented', `// no comments in JSON\n${document()}`))).name).toBe(
      'MalformedPolicyDocumentException',
    );

    // Characters as sent count, whitespace included (SDK saves keep it).
    const padded = document().replace('{', `{${' '.repeat(10_240 - document().length + 1)}`);
    expect(padded.length).toBe(10_241);
    expect(await rejectionOf(createPolicy('too-big', padded))).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'POLICY_CONTENT_LIMIT_EXCEEDED',
    });
    await expect(createPolicy('just-fits', padded.replace(' ', ''))).resolves.toMatch(/^p-/);
  });

  it('applies the same content checks to UpdatePolicy and refuses to change FullAWSAccess', async () => {
    const policyId = await createPolicy('updatable');
    const update = (content: string, id = policyId) =>
      f.org.send(new UpdatePolicyCommand({ PolicyId: id, Content: content }));
    expect((await rejectionOf(update('{'))).name).toBe('MalformedPolicyDocumentException');
    await update(document('s3:*'));
    const { Policy } = await f.org.send(new DescribePolicyCommand({ PolicyId: policyId }));
    expect(Policy?.Content).toContain('s3:*');
    expect(await rejectionOf(update(document(), FULL_AWS_ACCESS_POLICY_ID))).toMatchObject({
      Reason: 'IMMUTABLE_POLICY',
    });
  });

  it('allows at most scpsPerTarget direct attachments, FullAWSAccess included', async () => {
    await enableScps();
    const accountId = f.sandbox.org.addExistingAccount({ name: 'crowded', email: 'crowded@example.com' });
    for (let i = 1; i < 10; i++) await attach(await createPolicy(`p${i}`), accountId);
    expect(await namesOn(accountId)).toHaveLength(10);
    const eleventh = await createPolicy('p10');
    expect(await rejectionOf(attach(eleventh, accountId))).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    });
  });

  it('honours configured limits (the older 5,120 characters and 5 per target)', async () => {
    const old = await startFixture({ scpEnabled: true, limits: { scpMaxChars: 5_120, scpsPerTarget: 5 } });
    try {
      const send = (name: string, content: string) =>
        old.org.send(new CreatePolicyCommand({ Name: name, Description: '', Type: SCP, Content: content }));
      expect(await rejectionOf(send('big', document().padEnd(5_121, ' ')))).toMatchObject({
        Reason: 'POLICY_CONTENT_LIMIT_EXCEEDED',
      });
      const root = old.sandbox.org.root.id;
      for (let i = 1; i < 5; i++) {
        const { Policy } = await send(`p${i}`, document());
        await old.org.send(new AttachPolicyCommand({ PolicyId: Policy?.PolicySummary?.Id, TargetId: root }));
      }
      const { Policy } = await send('p5', document());
      const error = await rejectionOf(
        old.org.send(new AttachPolicyCommand({ PolicyId: Policy?.PolicySummary?.Id, TargetId: root })),
      );
      expect(error).toMatchObject({ Reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED' });
    } finally {
      await old.sandbox.stop();
    }
  });

  it('names the missing piece: policy, target, attachment', async () => {
    await enableScps();
    const policyId = await createPolicy('lonely');
    expect((await rejectionOf(attach('p-doesnotexist', rootId))).name).toBe('PolicyNotFoundException');
    expect((await rejectionOf(attach(policyId, '999999999999'))).name).toBe('TargetNotFoundException');
    const detach = (id: string) => f.org.send(new DetachPolicyCommand({ PolicyId: id, TargetId: rootId }));
    expect((await rejectionOf(detach(policyId))).name).toBe('PolicyNotAttachedException');
    expect(await rejectionOf(detach(FULL_AWS_ACCESS_POLICY_ID))).toMatchObject({
      Reason: 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    });
    await attach(policyId, rootId);
    await detach(FULL_AWS_ACCESS_POLICY_ID);
    expect(await namesOn(rootId)).toEqual(['lonely']);
  });
});
