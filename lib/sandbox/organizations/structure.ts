/**
 * The organization's tree: the organization itself, its root, OUs (with the nesting and count
 * limits) and the parent/child queries callers use to find where an account is.
 */
import { AwsError, constraintViolation } from '../aws-error.ts';
import { SERVICE_CONTROL_POLICY } from '../records.ts';
import type { OrgOperation } from './context.ts';
import { childNotFound, organizationalUnitNotFound, parentNotFound } from './errors.ts';
import { checkTagCount, PATTERNS } from './input.ts';
import { paginate } from './paginate.ts';
import { organizationalUnitOut, rootOut } from './wire.ts';

/** OUs per organization (AWS-FACTS §1). */
const MAX_ORGANIZATIONAL_UNITS = 2_000;

export const describeOrganization: OrgOperation = (ctx) => {
  const { state } = ctx;
  const management = state.managementAccount;
  return {
    Organization: {
      Id: state.organizationId,
      Arn: state.arn,
      FeatureSet: 'ALL',
      MasterAccountArn: management.arn,
      MasterAccountId: management.id,
      MasterAccountEmail: management.email,
      // Deprecated field; AWS keeps returning SCP availability here.
      AvailablePolicyTypes: [{ Type: SERVICE_CONTROL_POLICY, Status: 'ENABLED' }],
    },
  };
};

export const listRoots: OrgOperation = (ctx, input) => {
  const page = paginate(input, [rootOut(ctx.state)], 'ListRoots', ctx.config.pageSize);
  return { Roots: page.items, NextToken: page.NextToken };
};

export const createOrganizationalUnit: OrgOperation = (ctx, input) => {
  const { state, config } = ctx;
  const parentId = input.string('ParentId', { pattern: PATTERNS.parentId });
  const name = input.string('Name', { min: 1, max: 128 });
  const tags = input.tags();
  checkTagCount(config.limits, [], tags);
  if (!state.isParent(parentId)) throw parentNotFound();
  // AWS says only "an OU with the same name already exists"; scoping it to the parent is the
  // behaviour the console shows, not a documented rule.
  const siblings = [...state.organizationalUnitsById.values()].filter((ou) => ou.parentId === parentId);
  if (siblings.some((ou) => ou.name === name)) {
    throw new AwsError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
  }
  if (state.depthOf(parentId) + 1 > config.limits.ouMaxDepth) {
    throw constraintViolation(
      'OU_DEPTH_LIMIT_EXCEEDED',
      `You attempted to create an OU tree that is too many levels deep (maximum ${config.limits.ouMaxDepth} below the root).`,
    );
  }
  if (state.organizationalUnitsById.size >= MAX_ORGANIZATIONAL_UNITS) {
    throw constraintViolation(
      'OU_NUMBER_LIMIT_EXCEEDED',
      'You attempted to exceed the number of OUs allowed.',
    );
  }
  return { OrganizationalUnit: organizationalUnitOut(state.addOrganizationalUnit(name, parentId, tags)) };
};

export const describeOrganizationalUnit: OrgOperation = (ctx, input) => {
  const id = input.string('OrganizationalUnitId', { pattern: PATTERNS.ouId });
  const ou = ctx.state.organizationalUnitsById.get(id);
  if (!ou) throw organizationalUnitNotFound();
  return { OrganizationalUnit: organizationalUnitOut(ou) };
};

export const listOrganizationalUnitsForParent: OrgOperation = (ctx, input) => {
  const parentId = input.string('ParentId', { pattern: PATTERNS.parentId });
  if (!ctx.state.isParent(parentId)) throw parentNotFound();
  const ous = [...ctx.state.organizationalUnitsById.values()].filter((ou) => ou.parentId === parentId);
  const page = paginate(input, ous, `ListOrganizationalUnitsForParent:${parentId}`, ctx.config.pageSize);
  return { OrganizationalUnits: page.items.map(organizationalUnitOut), NextToken: page.NextToken };
};

export const listChildren: OrgOperation = (ctx, input) => {
  const parentId = input.string('ParentId', { pattern: PATTERNS.parentId });
  const childType = input.string('ChildType', { oneOf: ['ACCOUNT', 'ORGANIZATIONAL_UNIT'] });
  if (!ctx.state.isParent(parentId)) throw parentNotFound();
  const source = childType === 'ACCOUNT' ? ctx.state.accountsById : ctx.state.organizationalUnitsById;
  const children = [...source.values()]
    .filter((child) => child.parentId === parentId)
    .map((child) => ({ Id: child.id, Type: childType }));
  const page = paginate(input, children, `ListChildren:${parentId}:${childType}`, ctx.config.pageSize);
  return { Children: page.items, NextToken: page.NextToken };
};

export const listParents: OrgOperation = (ctx, input) => {
  const childId = input.string('ChildId', { pattern: PATTERNS.childId });
  const parentId = ctx.state.parentOf(childId);
  if (parentId === undefined) throw childNotFound();
  // "In the current release, a child can have only a single parent."
  const parents = [{ Id: parentId, Type: parentId === ctx.state.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }];
  const page = paginate(input, parents, `ListParents:${childId}`, ctx.config.pageSize);
  return { Parents: page.items, NextToken: page.NextToken };
};
