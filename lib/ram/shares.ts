import {
  type OrganizationsClient,
  paginateListAWSServiceAccessForOrganization,
} from '@aws-sdk/client-organizations';
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  EnableSharingWithAwsOrganizationCommand,
  paginateGetResourceShareAssociations,
  paginateGetResourceShares,
  type RAMClient,
  type ResourceShare,
} from '@aws-sdk/client-ram';
import { clientToken } from '../aws/client-token.ts';
import { ResourceShareError } from '../errors.ts';

const LIVE = new Set(['ASSOCIATED', 'ASSOCIATING']);

/**
 * Turns on RAM's sharing within the organization (management account only), unless
 * Organizations already lists RAM among its trusted services. Without it, principals inside
 * the organization would get invitations instead of direct access.
 */
export async function ensureOrganizationSharing(
  org: OrganizationsClient,
  managementRam: RAMClient,
): Promise<boolean> {
  for await (const page of paginateListAWSServiceAccessForOrganization({ client: org }, {})) {
    if (page.EnabledServicePrincipals?.some((p) => p.ServicePrincipal === 'ram.amazonaws.com')) return false;
  }
  await managementRam.send(new EnableSharingWithAwsOrganizationCommand({}));
  return true;
}

async function findShare(ram: RAMClient, name: string): Promise<ResourceShare | undefined> {
  for await (const page of paginateGetResourceShares(
    { client: ram },
    { resourceOwner: 'SELF', name, resourceShareStatus: 'ACTIVE' },
  )) {
    const match = page.resourceShares?.find((share) => share.name === name);
    if (match) return match;
  }
  return undefined;
}

async function associated(
  ram: RAMClient,
  shareArn: string,
  type: 'PRINCIPAL' | 'RESOURCE',
): Promise<Set<string>> {
  const found = new Set<string>();
  for await (const page of paginateGetResourceShareAssociations(
    { client: ram },
    { associationType: type, resourceShareArns: [shareArn] },
  )) {
    for (const a of page.resourceShareAssociations ?? []) {
      if (a.associatedEntity && LIVE.has(a.status ?? '')) found.add(a.associatedEntity);
    }
  }
  return found;
}

export interface ShareResult {
  name: string;
  arn: string;
  created: boolean;
  addedPrincipals: string[];
  addedResources: string[];
}

/**
 * Makes the named share (in the caller's account) include `principal` and every resource,
 * never open to principals outside the organization. The share is found by name, created when
 * missing, and only missing associations are added; client tokens derived from the request
 * make a retried call after a lost response harmless.
 */
export async function ensureShare(
  ram: RAMClient,
  share: { name: string; principal: string; resourceArns: readonly string[]; requestId: string },
): Promise<ShareResult> {
  const existing = await findShare(ram, share.name);
  if (!existing?.resourceShareArn) {
    const { resourceShare } = await ram.send(
      new CreateResourceShareCommand({
        name: share.name,
        principals: [share.principal],
        resourceArns: [...share.resourceArns],
        allowExternalPrincipals: false,
        clientToken: clientToken(share.requestId, 'create-share', share.name),
        tags: [{ key: 'avm:managed', value: 'true' }],
      }),
    );
    return {
      name: share.name,
      arn: resourceShare?.resourceShareArn as string,
      created: true,
      addedPrincipals: [share.principal],
      addedResources: [...share.resourceArns],
    };
  }
  if (existing.allowExternalPrincipals !== false) {
    throw new ResourceShareError(
      `Resource share "${share.name}" (${existing.resourceShareArn}) allows principals outside the organization; ` +
        'the vending machine only adds accounts to shares restricted to the organization',
    );
  }
  const arn = existing.resourceShareArn;
  const principals = await associated(ram, arn, 'PRINCIPAL');
  const resources = await associated(ram, arn, 'RESOURCE');
  const addedPrincipals = principals.has(share.principal) ? [] : [share.principal];
  const addedResources = share.resourceArns.filter((resource) => !resources.has(resource));
  if (addedPrincipals.length > 0 || addedResources.length > 0) {
    await ram.send(
      new AssociateResourceShareCommand({
        resourceShareArn: arn,
        ...(addedPrincipals.length > 0 ? { principals: addedPrincipals } : {}),
        ...(addedResources.length > 0 ? { resourceArns: addedResources } : {}),
        clientToken: clientToken(share.requestId, 'associate', arn, ...addedPrincipals, ...addedResources),
      }),
    );
  }
  return { name: share.name, arn, created: false, addedPrincipals, addedResources };
}
