import {
  type Account,
  type CreateAccountStatus,
  type OrganizationsClient,
  paginateListAccounts,
  paginateListCreateAccountStatus,
  paginateListTagsForResource,
} from '@aws-sdk/client-organizations';

/** The tag that ties an account to the request that created it; adoption relies on it. */
export const REQUEST_ID_TAG = 'avm:request-id';

/** The organization's account with this email (AWS compares emails case-insensitively). */
export async function findAccountByEmail(
  org: OrganizationsClient,
  email: string,
): Promise<Account | undefined> {
  const wanted = email.toLowerCase();
  for await (const page of paginateListAccounts({ client: org }, {})) {
    const match = page.Accounts?.find((account) => account.Email?.toLowerCase() === wanted);
    if (match) return match;
  }
  return undefined;
}

export async function accountTags(
  org: OrganizationsClient,
  accountId: string,
): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client: org }, { ResourceId: accountId })) {
    for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  }
  return tags;
}

/** Account creations still running in AWS for this account name. */
export async function creationsInFlight(
  org: OrganizationsClient,
  accountName: string,
): Promise<CreateAccountStatus[]> {
  const found: CreateAccountStatus[] = [];
  for await (const page of paginateListCreateAccountStatus({ client: org }, { States: ['IN_PROGRESS'] })) {
    found.push(...(page.CreateAccountStatuses ?? []).filter((status) => status.AccountName === accountName));
  }
  return found;
}
