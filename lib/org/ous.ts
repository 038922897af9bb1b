import {
  CreateOrganizationalUnitCommand,
  DuplicateAccountException,
  DuplicateOrganizationalUnitException,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
  paginateListOrganizationalUnitsForParent,
  type Root,
} from '@aws-sdk/client-organizations';

export async function organizationRoot(org: OrganizationsClient): Promise<Root> {
  const { Roots } = await org.send(new ListRootsCommand({}));
  const root = Roots?.[0];
  if (!root?.Id) throw new Error('ListRoots returned no root: is AWS Organizations enabled?');
  return root;
}

async function childOu(
  org: OrganizationsClient,
  parentId: string,
  name: string,
): Promise<string | undefined> {
  for await (const page of paginateListOrganizationalUnitsForParent(
    { client: org },
    { ParentId: parentId },
  )) {
    const match = page.OrganizationalUnits?.find((ou) => ou.Name === name);
    if (match?.Id) return match.Id;
  }
  return undefined;
}

/**
 * Resolves an OU path level by level from the root, creating the missing levels. A concurrent
 * vend may create the same OU first: the duplicate error sends us back to look it up.
 *
 * @example await ensureOuPath(org, ['AI', 'Development']) // → { ouId: 'ou-…', created: ['/AI/Development'] }
 */
export async function ensureOuPath(
  org: OrganizationsClient,
  segments: readonly string[],
): Promise<{ ouId: string; created: string[] }> {
  let parentId = (await organizationRoot(org)).Id as string;
  const created: string[] = [];
  for (const [index, name] of segments.entries()) {
    let id = await childOu(org, parentId, name);
    if (!id) {
      try {
        const { OrganizationalUnit } = await org.send(
          new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }),
        );
        id = OrganizationalUnit?.Id;
        created.push(`/${segments.slice(0, index + 1).join('/')}`);
      } catch (error) {
        if (!(error instanceof DuplicateOrganizationalUnitException)) throw error;
        id = await childOu(org, parentId, name);
      }
    }
    if (!id) throw new Error(`OU "${name}" under ${parentId} could not be created or found`);
    parentId = id;
  }
  return { ouId: parentId, created };
}

/** Moves the account under `parentId` unless it is already there. Returns whether it moved. */
export async function placeAccount(
  org: OrganizationsClient,
  accountId: string,
  parentId: string,
): Promise<boolean> {
  const { Parents } = await org.send(new ListParentsCommand({ ChildId: accountId }));
  const current = Parents?.[0]?.Id;
  if (current === parentId) return false;
  if (!current) throw new Error(`ListParents returned no parent for account ${accountId}`);
  try {
    await org.send(
      new MoveAccountCommand({
        AccountId: accountId,
        SourceParentId: current,
        DestinationParentId: parentId,
      }),
    );
  } catch (error) {
    // A retried move whose first attempt landed: the account is already where we want it.
    if (!(error instanceof DuplicateAccountException)) throw error;
  }
  return true;
}
