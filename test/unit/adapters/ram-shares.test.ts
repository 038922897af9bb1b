/**
 * lib/ram/shares.ts through the real RAM and Organizations clients against the sandbox: the
 * outcome is read from the sandbox's RAM state, not from the adapter's answer alone.
 */
import { EnableAWSServiceAccessCommand } from '@aws-sdk/client-organizations';
import { CreateResourceShareCommand } from '@aws-sdk/client-ram';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResourceShareError } from '#lib/errors.ts';
import { ensureOrganizationSharing, ensureShare } from '#lib/ram/shares.ts';
import { clientsAs, type Fixture, rejectionOf, startFixture } from '../sandbox/fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const member = async (name: string) => {
  const accountId = f.sandbox.org.addExistingAccount({ name, email: `${name}@example.com` });
  return { accountId, ...(await clientsAs(f, accountId)) };
};
const pipeline = (account: string, name = 'training') =>
  `arn:aws:sagemaker:us-east-1:${account}:pipeline/${name}`;
const calls = (operation: string) => f.sandbox.calls.filter((c) => c.operation === operation);

describe('ensureOrganizationSharing', () => {
  it('turns RAM sharing with the organization on once, then leaves it alone', async () => {
    // Given a fresh organization without RAM trusted access
    expect(f.sandbox.ram.sharingWithOrganizationEnabled).toBe(false);

    // When it runs twice
    const first = await ensureOrganizationSharing(f.org, f.ram);
    const second = await ensureOrganizationSharing(f.org, f.ram);

    // Then sharing is on, enabled by exactly one call
    expect([first, second]).toEqual([true, false]);
    expect(f.sandbox.ram.sharingWithOrganizationEnabled).toBe(true);
    expect(calls('EnableSharingWithAwsOrganization')).toHaveLength(1);
  });

  it('is a no-op when Organizations already lists RAM as a trusted service', async () => {
    // Given trusted access turned on through Organizations
    await f.org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'ram.amazonaws.com' }));
    f.sandbox.calls.length = 0;

    // When / Then
    expect(await ensureOrganizationSharing(f.org, f.ram)).toBe(false);
    expect(calls('EnableSharingWithAwsOrganization')).toEqual([]);
  });
});

describe('ensureShare', () => {
  let owner: Awaited<ReturnType<typeof member>>;
  let consumer: Awaited<ReturnType<typeof member>>;
  const share = (principal: string, resourceArns: string[], requestId = 'req-1') => ({
    name: 'ml-pipelines',
    principal,
    resourceArns,
    requestId,
  });

  beforeEach(async () => {
    await ensureOrganizationSharing(f.org, f.ram);
    owner = await member('data-owner');
    consumer = await member('ml-dev');
  });

  it('creates a missing share restricted to the organization, tagged as ours', async () => {
    // When
    const result = await ensureShare(owner.ram, share(consumer.accountId, [pipeline(owner.accountId)]));

    // Then
    expect(result).toEqual({
      name: 'ml-pipelines',
      arn: expect.stringMatching(new RegExp(`^arn:aws:ram:us-east-1:${owner.accountId}:resource-share/`)),
      created: true,
      addedPrincipals: [consumer.accountId],
      addedResources: [pipeline(owner.accountId)],
    });
    expect(f.sandbox.ram.snapshot(owner.accountId)).toEqual({
      shares: [
        {
          name: 'ml-pipelines',
          arn: result.arn,
          region: 'us-east-1',
          status: 'ACTIVE',
          allowExternalPrincipals: false,
          tags: { 'avm:managed': 'true' },
          principals: [consumer.accountId],
          invitedPrincipals: [],
          resources: [pipeline(owner.accountId)],
        },
      ],
    });
  });

  it('adds nothing when run again with the same principal and resources', async () => {
    // Given
    const first = await ensureShare(owner.ram, share(consumer.accountId, [pipeline(owner.accountId)]));
    const before = f.sandbox.ram.snapshot(owner.accountId);

    // When a second vend (another request id) asks for the same
    const again = await ensureShare(
      owner.ram,
      share(consumer.accountId, [pipeline(owner.accountId)], 'req-2'),
    );

    // Then
    expect(again).toEqual({
      name: 'ml-pipelines',
      arn: first.arn,
      created: false,
      addedPrincipals: [],
      addedResources: [],
    });
    expect(f.sandbox.ram.snapshot(owner.accountId)).toEqual(before);
    expect(calls('CreateResourceShare')).toHaveLength(1);
    expect(calls('AssociateResourceShare')).toEqual([]);
  });

  it('associates a missing principal and a missing resource, keeping the existing ones', async () => {
    // Given a share for one consumer and one pipeline
    const first = await ensureShare(owner.ram, share(consumer.accountId, [pipeline(owner.accountId)]));
    const second = await member('ml-prod');

    // When another account needs it, with one more pipeline
    const result = await ensureShare(
      owner.ram,
      share(second.accountId, [pipeline(owner.accountId), pipeline(owner.accountId, 'scoring')], 'req-2'),
    );

    // Then exactly the missing associations are added, in one call
    expect(result).toEqual({
      name: 'ml-pipelines',
      arn: first.arn,
      created: false,
      addedPrincipals: [second.accountId],
      addedResources: [pipeline(owner.accountId, 'scoring')],
    });
    expect(calls('AssociateResourceShare')).toHaveLength(1);
    const [snapshot] = f.sandbox.ram.snapshot(owner.accountId).shares;
    expect(snapshot).toMatchObject({
      arn: first.arn,
      allowExternalPrincipals: false,
      principals: [consumer.accountId, second.accountId].sort(),
      resources: [pipeline(owner.accountId), pipeline(owner.accountId, 'scoring')].sort(),
    });
    expect(f.sandbox.ram.snapshot(owner.accountId).shares).toHaveLength(1);
  });

  it('refuses a same-named share that allows principals outside the organization, changing nothing', async () => {
    // Given someone else's share under our name, open to external principals (RAM's default)
    await owner.ram.send(
      new CreateResourceShareCommand({ name: 'ml-pipelines', resourceArns: [pipeline(owner.accountId)] }),
    );
    const before = f.sandbox.ram.snapshot(owner.accountId);

    // When
    const error = await rejectionOf(
      ensureShare(owner.ram, share(consumer.accountId, [pipeline(owner.accountId)])),
    );

    // Then
    expect(error).toBeInstanceOf(ResourceShareError);
    expect(error.name).toBe('ResourceShareError');
    expect(error.message).toContain('allows principals outside the organization');
    expect(f.sandbox.ram.snapshot(owner.accountId)).toEqual(before);
    expect(calls('AssociateResourceShare')).toEqual([]);
  });

  it('only finds shares of the calling account: the same name elsewhere is a different share', async () => {
    // Given the management account already owns a share of that name
    await ensureShare(f.ram, share(consumer.accountId, [pipeline(f.sandbox.managementAccountId)]));

    // When the data account ensures its own
    const result = await ensureShare(owner.ram, share(consumer.accountId, [pipeline(owner.accountId)]));

    // Then it gets a share of its own
    expect(result.created).toBe(true);
    expect(f.sandbox.ram.snapshot(owner.accountId).shares.map((s) => s.arn)).toEqual([result.arn]);
    expect(f.sandbox.ram.snapshot(f.sandbox.managementAccountId).shares).toHaveLength(1);
  });

  it('survives a lost CreateResourceShare answer: the SDK retry carries the same client token', async () => {
    // Given the first answer is lost after the share was made
    f.sandbox.faults.loseResponse({ service: 'ram', operation: 'CreateResourceShare' });

    // When
    const result = await ensureShare(owner.ram, share(consumer.accountId, [pipeline(owner.accountId)]));

    // Then RAM saw the create twice but made one share
    expect(calls('CreateResourceShare')).toHaveLength(2);
    expect(f.sandbox.ram.snapshot(owner.accountId).shares).toEqual([
      expect.objectContaining({ arn: result.arn, principals: [consumer.accountId] }),
    ]);
  });

  it('survives a lost AssociateResourceShare answer without doubling an association', async () => {
    // Given a share whose association call lost its answer (it took effect)
    await ensureShare(owner.ram, share(consumer.accountId, [pipeline(owner.accountId)]));
    const second = await member('ml-test');
    f.sandbox.faults.loseResponse({ service: 'ram', operation: 'AssociateResourceShare' });

    // When
    const result = await ensureShare(owner.ram, share(second.accountId, [pipeline(owner.accountId)], 'r3'));

    // Then the retry with the same client token did not double anything
    expect(result.addedPrincipals).toEqual([second.accountId]);
    expect(f.sandbox.ram.snapshot(owner.accountId).shares[0]?.principals).toEqual(
      [consumer.accountId, second.accountId].sort(),
    );
  });
});
