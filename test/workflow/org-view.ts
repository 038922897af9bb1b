import {
  DescribeOrganizationalUnitCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListPolicies,
  paginateListPoliciesForTarget,
} from '@aws-sdk/client-organizations';

/** Reads the organization through the Organizations API, as an operator would, for assertions. */
export function orgView(client = new OrganizationsClient({ region: 'us-east-1' })) {
  return {
    client,
    async accountsWithEmail(email: string) {
      const found = [];
      for await (const page of paginateListAccounts({ client }, {})) {
        found.push(...(page.Accounts ?? []).filter((a) => a.Email?.toLowerCase() === email.toLowerCase()));
      }
      return found;
    },
    async accountCount() {
      let count = 0;
      for await (const page of paginateListAccounts({ client }, {})) count += page.Accounts?.length ?? 0;
      return count;
    },
    /** The account's OU path from the root, e.g. /AI/Development. */
    async pathOf(childId: string): Promise<string> {
      const names: string[] = [];
      let id = childId;
      for (;;) {
        const { Parents } = await client.send(new ListParentsCommand({ ChildId: id }));
        const parent = Parents?.[0];
        if (!parent?.Id || parent.Type === 'ROOT') break;
        const { OrganizationalUnit } = await client.send(
          new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent.Id }),
        );
        names.unshift(OrganizationalUnit?.Name ?? '?');
        id = parent.Id;
      }
      return `/${names.join('/')}`;
    },
    async parentOf(childId: string) {
      const { Parents } = await client.send(new ListParentsCommand({ ChildId: childId }));
      return Parents?.[0]?.Id;
    },
    async scpNamesOf(targetId: string) {
      const names: string[] = [];
      for await (const page of paginateListPoliciesForTarget(
        { client },
        { TargetId: targetId, Filter: 'SERVICE_CONTROL_POLICY' },
      )) {
        names.push(...(page.Policies ?? []).map((p) => p.Name as string));
      }
      return names.sort();
    },
    async scpsNamed(name: string) {
      const found = [];
      for await (const page of paginateListPolicies({ client }, { Filter: 'SERVICE_CONTROL_POLICY' })) {
        found.push(...(page.Policies ?? []).filter((p) => p.Name === name));
      }
      return found;
    },
    async policyContent(policyId: string) {
      const { Policy } = await client.send(new DescribePolicyCommand({ PolicyId: policyId }));
      return Policy?.Content;
    },
    async tagsOf(resourceId: string) {
      const { Tags } = await client.send(new ListTagsForResourceCommand({ ResourceId: resourceId }));
      return Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value]));
    },
  };
}
