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
 * The organization id, read from the root's ARN (arn:aws:organizations::<management>:root/o-…/r-…),
 * so no DescribeOrganization call (nor its permission) is needed.
 */
export function organizationIdOf(root: Root): string {
  const id = /:root\/(o-[a-z0-9]{10,32})\//.exec(root.Arn ?? '')?.[1];
  if (!id) throw new Error(`Cannot read the organization id from the root ARN ${root.Arn}`);
  return id;
}

/**
 * Resolves an OU path level by level from the root, creating the missing levels. A concurrent
 * vend may create the same OU first: the duplicate error sends us back to look it up. Also
 * returns the OU's Organizations entity path (`o-…/r-…/ou-…/`), the value the condition key
 * aws:PrincipalOrgPaths has for a principal in an account directly in that OU.
 *
 * @example await ensureOuPath(org, ['AI', 'Development'])
 * // → { ouId: 'ou-b', orgPath: 'o-x/r-y/ou-a/ou-b/', created: ['/AI/Development'] }
 */
export async function ensureOuPath(
  org: OrganizationsClient,
  segments: readonly string[],
): Promise<{ ouId: string; orgPath: string; created: string[] }> {
  const root = await organizationRoot(org);
  let parentId = root.Id as string;
  const ids = [organizationIdOf(root), parentId];
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
    ids.push(id);
  }
  return { ouId: parentId, orgPath: `${ids.join('/')}/`, created };
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
