import {
  EnableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
} from '@aws-sdk/client-organizations';
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  type CreateResourceShareCommandInput,
  DeleteResourceShareCommand,
  DisassociateResourceShareCommand,
  EnableSharingWithAwsOrganizationCommand,
  GetPermissionCommand,
  GetResourceShareAssociationsCommand,
  GetResourceSharesCommand,
  ListResourcesCommand,
  paginateGetResourceShares,
  RAMClient,
} from '@aws-sdk/client-ram';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '#lib/sandbox/index.ts';
import { clientsAs, type Fixture, rejectionOf, startFixture } from './fixture.ts';

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
const pipeline = (account: string, name = 'training', region = 'us-east-1') =>
  `arn:aws:sagemaker:${region}:${account}:pipeline/${name}`;
const enableSharing = () => f.ram.send(new EnableSharingWithAwsOrganizationCommand({}));
const createShare = (ram: RAMClient, input: CreateResourceShareCommandInput) =>
  ram.send(new CreateResourceShareCommand(input));
const principalStatuses = async (ram: RAMClient, resourceShareArn: string) =>
  (
    await ram.send(
      new GetResourceShareAssociationsCommand({
        associationType: 'PRINCIPAL',
        resourceShareArns: [resourceShareArn],
      }),
    )
  ).resourceShareAssociations?.map((a) => [a.associatedEntity, a.status]);

describe('sharing with AWS Organizations', () => {
  it('is enabled from the management account only, turning on trusted access and the service-linked role', async () => {
    const owner = await member('not-management');
    const refused = await rejectionOf(owner.ram.send(new EnableSharingWithAwsOrganizationCommand({})));
    expect(refused).toMatchObject({
      name: 'OperationNotPermittedException',
      $metadata: { httpStatusCode: 400 },
    });

    expect(await enableSharing()).toMatchObject({ returnValue: true });
    const access = await f.org.send(new ListAWSServiceAccessForOrganizationCommand({}));
    expect(access.EnabledServicePrincipals?.map((p) => p.ServicePrincipal)).toEqual(['ram.amazonaws.com']);
    expect(f.sandbox.ram.sharingWithOrganizationEnabled).toBe(true);
    expect(f.sandbox.iam.snapshot(f.sandbox.managementAccountId).roles.map((r) => r.name)).toContain(
      'AWSServiceRoleForResourceAccessManager',
    );
  });

  it('is the same switch as Organizations trusted access for ram.amazonaws.com', async () => {
    await f.org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'ram.amazonaws.com' }));
    expect(f.sandbox.ram.sharingWithOrganizationEnabled).toBe(true);
  });
});

describe('resource shares', () => {
  it('belong to their owner account; principals inside the organization see them once associated', async () => {
    await enableSharing();
    const owner = await member('owner');
    const consumer = await member('consumer');
    const other = await member('bystander');
    const { resourceShare } = await createShare(owner.ram, {
      name: 'ml-pipelines',
      resourceArns: [pipeline(owner.accountId)],
      principals: [consumer.accountId],
      tags: [{ key: 'avm:managed', value: 'true' }],
    });
    expect(resourceShare).toMatchObject({
      name: 'ml-pipelines',
      owningAccountId: owner.accountId,
      allowExternalPrincipals: true, // the default
      status: 'ACTIVE',
    });
    expect(resourceShare?.resourceShareArn).toMatch(
      new RegExp(`^arn:aws:ram:us-east-1:${owner.accountId}:resource-share/[0-9a-f-]{36}$`),
    );
    const arn = resourceShare?.resourceShareArn as string;
    expect(await principalStatuses(owner.ram, arn)).toEqual([[consumer.accountId, 'ASSOCIATED']]);

    const self = (ram: RAMClient) => ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    expect((await self(owner.ram)).resourceShares?.map((s) => s.name)).toEqual(['ml-pipelines']);
    expect((await self(other.ram)).resourceShares).toEqual([]);
    expect((await self(f.ram)).resourceShares).toEqual([]);
    const shared = await consumer.ram.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(shared.resourceShares?.map((s) => s.resourceShareArn)).toEqual([arn]);
    const resources = await consumer.ram.send(new ListResourcesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(resources.resources).toMatchObject([
      { arn: pipeline(owner.accountId), type: 'sagemaker:Pipeline' },
    ]);
    expect(f.sandbox.ram.snapshot(owner.accountId)).toEqual({
      shares: [
        {
          name: 'ml-pipelines',
          arn,
          region: 'us-east-1',
          status: 'ACTIVE',
          allowExternalPrincipals: true,
          tags: { 'avm:managed': 'true' },
          principals: [consumer.accountId],
          invitedPrincipals: [],
          resources: [pipeline(owner.accountId)],
        },
      ],
    });
  });

  it('invite principals instead while sharing with Organizations is off', async () => {
    const consumer = await member('invitee');
    const { resourceShare } = await createShare(f.ram, {
      name: 'invites',
      resourceArns: [pipeline(f.sandbox.managementAccountId)],
      principals: [consumer.accountId, '999999999999'],
    });
    const arn = resourceShare?.resourceShareArn as string;
    expect(await principalStatuses(f.ram, arn)).toEqual([
      [consumer.accountId, 'ASSOCIATING'],
      ['999999999999', 'ASSOCIATING'],
    ]);
    expect(f.sandbox.ram.snapshot(f.sandbox.managementAccountId).shares[0]).toMatchObject({
      principals: [],
      invitedPrincipals: [consumer.accountId, '999999999999'],
    });
    expect(
      (await consumer.ram.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' })))
        .resourceShares,
    ).toEqual([]);
  });

  it('restricted to the organization, refuse outside principals, and any principal while sharing is off', async () => {
    const consumer = await member('inside');
    const restricted = (principal: string) =>
      createShare(f.ram, {
        name: 'restricted',
        resourceArns: [pipeline(f.sandbox.managementAccountId)],
        principals: [principal],
        allowExternalPrincipals: false,
      });
    const sharingOff = await rejectionOf(restricted(consumer.accountId));
    expect(sharingOff).toMatchObject({
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(sharingOff.message).toContain('can only be shared within your AWS Organization');
    await enableSharing();
    expect((await rejectionOf(restricted('999999999999'))).name).toBe('InvalidParameterException');
    await expect(restricted(consumer.accountId)).resolves.toBeDefined();
    // A subnet is organization-only whatever the share says.
    const subnet = `arn:aws:ec2:us-east-1:${f.sandbox.managementAccountId}:subnet/subnet-0abc`;
    const outside = await rejectionOf(
      createShare(f.ram, { name: 'net', resourceArns: [subnet], principals: ['999999999999'] }),
    );
    expect(outside.name).toBe('InvalidParameterException');
    expect(f.sandbox.ram.snapshot(f.sandbox.managementAccountId).shares.map((s) => s.name)).toEqual([
      'restricted',
    ]);
  });

  it('refuse resources RAM cannot share, malformed ARNs and resources of other accounts or Regions', async () => {
    const me = f.sandbox.managementAccountId;
    const cases: [string, string][] = [
      ['arn:aws:s3:::ml-training-data', 'InvalidParameterException'],
      [`arn:aws:ec2:us-east-1:${me}:image/ami-0123456789abcdef0`, 'InvalidParameterException'],
      ['not-an-arn', 'MalformedArnException'],
      [pipeline('222222222222'), 'UnknownResourceException'],
      [pipeline(me, 'training', 'eu-west-1'), 'UnknownResourceException'],
    ];
    for (const [arn, name] of cases) {
      const error = await rejectionOf(createShare(f.ram, { name: 'bad', resourceArns: [arn] }));
      expect(error.name, arn).toBe(name);
      expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
    }
    expect((await rejectionOf(createShare(f.ram, { name: 'bad', principals: ['12345'] }))).name).toBe(
      'InvalidParameterException',
    );
    for (const arn of [
      `arn:aws:sagemaker:us-east-1:${me}:lineage-group/lineage`,
      `arn:aws:sagemaker:us-east-1:${me}:sagemaker-catalog/DefaultFeatureGroupCatalog`,
      `arn:aws:glue:us-east-1:${me}:database/features`,
      `arn:aws:ec2:us-east-1:${me}:prefix-list/pl-0123`,
      `arn:aws:resource-groups:us-east-1:${me}:group/ml`,
      `arn:aws:license-manager:us-east-1:${me}:license-configuration:lic-0123`,
    ]) {
      await expect(createShare(f.ram, { name: 'good', resourceArns: [arn] }), arn).resolves.toBeDefined();
    }
  });

  it('are deleted into status DELETED, stay listed, and can no longer change', async () => {
    const { resourceShare } = await createShare(f.ram, { name: 'doomed' });
    const arn = resourceShare?.resourceShareArn as string;
    expect(await f.ram.send(new DeleteResourceShareCommand({ resourceShareArn: arn }))).toMatchObject({
      returnValue: true,
    });
    const listed = await f.ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', name: 'doomed' }));
    expect(listed.resourceShares?.map((s) => s.status)).toEqual(['DELETED']);
    const active = await f.ram.send(
      new GetResourceSharesCommand({ resourceOwner: 'SELF', resourceShareStatus: 'ACTIVE' }),
    );
    expect(active.resourceShares).toEqual([]);
    const error = await rejectionOf(
      f.ram.send(new AssociateResourceShareCommand({ resourceShareArn: arn, principals: ['999999999999'] })),
    );
    expect(error.name).toBe('InvalidStateTransitionException');
  });

  it('page at 20 per call and need GetResourceShares resourceOwner', async () => {
    for (let i = 0; i < 23; i++) await createShare(f.ram, { name: `share-${i}` });
    const first = await f.ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', maxResults: 100 }));
    expect(first.resourceShares).toHaveLength(20);
    expect(first.nextToken).toBeDefined();
    const names: string[] = [];
    for await (const page of paginateGetResourceShares({ client: f.ram }, { resourceOwner: 'SELF' }))
      names.push(...(page.resourceShares ?? []).map((s) => s.name as string));
    expect(names).toHaveLength(23);
    // biome-ignore lint/suspicious/noExplicitAny: the member is required by the model, omitted on purpose
    const missing = await rejectionOf(f.ram.send(new GetResourceSharesCommand({} as any)));
    expect(missing.name).toBe('MissingRequiredParameterException');
  });
});

describe('associations', () => {
  it('add principals and resources (ASSOCIATING in the answer, ASSOCIATED after), filter, and remove', async () => {
    await enableSharing();
    const a = await member('assoc-a');
    const b = await member('assoc-b');
    const me = f.sandbox.managementAccountId;
    const { resourceShare } = await createShare(f.ram, {
      name: 'growing',
      resourceArns: [pipeline(me)],
      principals: [a.accountId],
    });
    const arn = resourceShare?.resourceShareArn as string;
    const added = await f.ram.send(
      new AssociateResourceShareCommand({
        resourceShareArn: arn,
        principals: [b.accountId],
        resourceArns: [pipeline(me, 'scoring')],
      }),
    );
    expect(
      added.resourceShareAssociations?.map((x) => [x.associatedEntity, x.associationType, x.status]),
    ).toEqual([
      [b.accountId, 'PRINCIPAL', 'ASSOCIATING'],
      [pipeline(me, 'scoring'), 'RESOURCE', 'ASSOCIATING'],
    ]);
    expect(await principalStatuses(f.ram, arn)).toEqual([
      [a.accountId, 'ASSOCIATED'],
      [b.accountId, 'ASSOCIATED'],
    ]);
    const onlyB = await f.ram.send(
      new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', principal: b.accountId }),
    );
    expect(onlyB.resourceShareAssociations?.map((x) => x.associatedEntity)).toEqual([b.accountId]);
    const wrongFilter = await rejectionOf(
      f.ram.send(
        new GetResourceShareAssociationsCommand({ associationType: 'RESOURCE', principal: b.accountId }),
      ),
    );
    expect(wrongFilter.name).toBe('InvalidParameterException');

    await f.ram.send(
      new DisassociateResourceShareCommand({ resourceShareArn: arn, principals: [a.accountId] }),
    );
    expect(await principalStatuses(f.ram, arn)).toEqual([
      [a.accountId, 'DISASSOCIATED'],
      [b.accountId, 'ASSOCIATED'],
    ]);
    expect(f.sandbox.ram.snapshot(me).shares[0]).toMatchObject({
      principals: [b.accountId],
      resources: [pipeline(me), pipeline(me, 'scoring')].sort(),
    });
  });
});

describe('client tokens', () => {
  const input = (clientToken: string, name = 'idempotent'): CreateResourceShareCommandInput => ({
    name,
    resourceArns: [pipeline(f.sandbox.managementAccountId)],
    clientToken,
  });

  it('return the first answer for the same token and parameters, and refuse other parameters', async () => {
    const token = '5f2b8a52-1c0e-4c4e-9f62-6b7e1a1d2c3b';
    const first = await createShare(f.ram, input(token));
    const again = await createShare(f.ram, input(token));
    expect(again.resourceShare?.resourceShareArn).toBe(first.resourceShare?.resourceShareArn);
    expect(again.clientToken).toBe(token);
    expect(f.sandbox.ram.snapshot(f.sandbox.managementAccountId).shares).toHaveLength(1);

    const mismatch = await rejectionOf(createShare(f.ram, input(token, 'different')));
    expect(mismatch).toMatchObject({
      name: 'IdempotentParameterMismatchException',
      $metadata: { httpStatusCode: 400 },
    });
    const malformed = await rejectionOf(createShare(f.ram, input('x'.repeat(65))));
    expect(malformed.name).toBe('InvalidClientTokenException');
  });

  it('make a retry after a lost response harmless: one share, the same answer', async () => {
    f.sandbox.faults.loseResponse({ operation: 'CreateResourceShare' });
    const result = await createShare(f.ram, input('lost-response-token'));
    expect(result.$metadata.attempts).toBe(2);
    expect(f.sandbox.ram.snapshot(f.sandbox.managementAccountId).shares).toHaveLength(1);
    expect(f.sandbox.calls.map((c) => c.errorName)).toEqual(['ResponseLost', undefined]);
  });
});

describe('faults and gaps', () => {
  it('ThrottlingException (429) is retried by the SDK', async () => {
    f.sandbox.faults.add({ operation: 'GetResourceShares', service: 'ram', error: 'ThrottlingException' });
    const result = await f.ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    expect(result.$metadata.attempts).toBe(2);
    expect(f.sandbox.calls[0]).toMatchObject({
      service: 'ram',
      operation: 'GetResourceShares',
      errorName: 'ThrottlingException',
    });
  });

  it('an unmodelled RAM operation answers UnknownOperationException naming it', async () => {
    const noRetry = new RAMClient({ ...sandboxClientConfig(f.sandbox), maxAttempts: 1 });
    const error = await rejectionOf(
      noRetry.send(new GetPermissionCommand({ permissionArn: 'arn:aws:ram::aws:permission/x' })),
    );
    expect(error.message).toContain('does not model RAM operation GetPermission');
  });
});
