/**
 * Principals and resources of a share: adding (CreateResourceShare, AssociateResourceShare),
 * removing, and the read views. Inside the organization with sharing on, principals get access
 * at once (ASSOCIATING, then ASSOCIATED on the next read); outside it, or with sharing off,
 * they get an invitation, which the sandbox leaves pending (ASSOCIATING). A share restricted
 * to the organization (allowExternalPrincipals false, or holding an organization-only type
 * such as a subnet) refuses any principal it cannot confirm is inside (AWS-FACTS §2).
 */
import * as ids from '../ids.ts';
import type { RamContext, RamOperation } from './context.ts';
import {
  invalidParameter,
  invalidResourceType,
  invalidStateTransition,
  malformedArn,
  ORGANIZATION_ONLY_MESSAGE,
  unknownResource,
} from './errors.ts';
import { idempotent } from './idempotency.ts';
import type { JsonInput } from './input.ts';
import { checkPrincipal, principalIncludes } from './principals.ts';
import type { AssociationRecord, ResourceShareRecord } from './records.ts';
import { checkResource, isShareableRamType } from './resources.ts';
import { associationOut, associationStatus } from './wire.ts';

const SHARE_ARN = /^arn:aws:ram:[a-z0-9-]+:\d{12}:resource-share\/[0-9a-f-]+$/;
const ASSOCIATION_STATUSES = [
  'ASSOCIATING',
  'ASSOCIATED',
  'FAILED',
  'DISASSOCIATING',
  'DISASSOCIATED',
] as const;

export function newShareArn(ctx: RamContext): string {
  return `arn:aws:ram:${ctx.region}:${ctx.caller.accountId}:resource-share/${ids.uuid()}`;
}

export function checkShareArn(arn: string): string {
  if (!SHARE_ARN.test(arn)) throw malformedArn(arn);
  return arn;
}

/** A share of the caller in this Region. */
export function ownShare(ctx: RamContext, arn: string): ResourceShareRecord {
  const share = ctx.ram.shares.get(checkShareArn(arn));
  if (!share || share.owner !== ctx.caller.accountId || share.region !== ctx.region)
    throw unknownResource(`ResourceShare ${arn} could not be found.`);
  return share;
}

const live = (a: AssociationRecord) => a.state !== 'disassociated';

/**
 * Checks every principal and resource first, then adds them; returns the associations touched.
 * Nothing changes when any check fails.
 */
export function addAssociations(
  ctx: RamContext,
  share: ResourceShareRecord,
  principalIds: readonly string[],
  resourceArns: readonly string[],
): AssociationRecord[] {
  const resources = resourceArns.map((arn) => checkResource(ctx, arn));
  const principals = principalIds.map((id) => checkPrincipal(ctx, id));
  const sharing = ctx.ram.sharingWithOrganizationEnabled;
  const existingTypes = [...share.resources.values()].filter(live).map((r) => checkResource(ctx, r.entity));
  const organizationOnly =
    !share.allowExternalPrincipals || [...existingTypes, ...resources].some((r) => r.organizationOnly);
  if (organizationOnly) {
    const after = [
      ...[...share.principals.values()].filter(live).map((p) => !p.external),
      ...principals.map((p) => p.internal),
    ];
    if (after.length > 0 && (!sharing || after.includes(false)))
      throw invalidParameter(ORGANIZATION_ONLY_MESSAGE);
  }
  const now = new Date();
  const touched: AssociationRecord[] = [];
  let changed = false;
  const put = (map: Map<string, AssociationRecord>, entity: string, fresh: () => AssociationRecord): void => {
    const existing = map.get(entity);
    if (existing && live(existing)) {
      touched.push(existing);
      return;
    }
    const record = fresh();
    map.set(entity, record);
    touched.push(record);
    changed = true;
  };
  for (const p of principals) {
    put(share.principals, p.id, () => ({
      entity: p.id,
      type: 'PRINCIPAL',
      state: p.internal && sharing ? 'associated' : 'invited',
      external: !p.internal,
      created: share.principals.get(p.id)?.created ?? now,
      updated: now,
      readyAt: now.getTime(),
    }));
  }
  for (const r of resources) {
    put(share.resources, r.arn, () => ({
      entity: r.arn,
      type: 'RESOURCE',
      state: 'associated',
      external: false,
      created: share.resources.get(r.arn)?.created ?? now,
      updated: now,
      readyAt: now.getTime(),
    }));
  }
  if (changed) share.updated = now;
  return touched;
}

function readChanges(input: JsonInput): { principals: string[]; resourceArns: string[] } {
  const principals = input.stringList('principals') ?? [];
  const resourceArns = input.stringList('resourceArns') ?? [];
  if (
    principals.length === 0 &&
    resourceArns.length === 0 &&
    (input.stringList('sources') ?? []).length === 0
  )
    throw invalidParameter('Specify at least one of principals, resourceArns or sources.');
  return { principals, resourceArns };
}

function activeShare(ctx: RamContext, input: JsonInput): ResourceShareRecord {
  const share = ownShare(ctx, input.string('resourceShareArn'));
  if (share.status !== 'ACTIVE')
    throw invalidStateTransition(`The resource share ${share.arn} is ${share.status} and cannot be changed.`);
  return share;
}

export const associateResourceShare: RamOperation = (ctx, input) =>
  idempotent(ctx, 'AssociateResourceShare', input, () => {
    const share = activeShare(ctx, input);
    const { principals, resourceArns } = readChanges(input);
    const before = new Set([...share.principals.values(), ...share.resources.values()].filter(live));
    const touched = addAssociations(ctx, share, principals, resourceArns);
    return {
      // RAM answers ASSOCIATING for what it just added; the change shows on later reads.
      resourceShareAssociations: touched.map((a) =>
        associationOut(share, a, before.has(a) ? undefined : 'ASSOCIATING'),
      ),
      clientToken: input.optionalString('clientToken'),
    };
  });

export const disassociateResourceShare: RamOperation = (ctx, input) =>
  idempotent(ctx, 'DisassociateResourceShare', input, () => {
    const share = activeShare(ctx, input);
    const { principals, resourceArns } = readChanges(input);
    const now = new Date();
    // UNCONFIRMED: entities that are not associated are passed over without an error.
    const removed = [
      ...principals.map((p) => share.principals.get(p)),
      ...resourceArns.map((r) => share.resources.get(r)),
    ].filter((a): a is AssociationRecord => a !== undefined && live(a));
    for (const association of removed) {
      association.state = 'disassociated';
      association.updated = now;
    }
    if (removed.length > 0) share.updated = now;
    return {
      resourceShareAssociations: removed.map((a) => associationOut(share, a, 'DISASSOCIATING')),
      clientToken: input.optionalString('clientToken'),
    };
  });

export const getResourceShareAssociations: RamOperation = (ctx, input) => {
  const type = input.oneOf('associationType', ['PRINCIPAL', 'RESOURCE'] as const, true);
  const arns = input.stringList('resourceShareArns');
  const principal = input.optionalString('principal');
  const resourceArn = input.optionalString('resourceArn');
  const status = input.oneOf('associationStatus', ASSOCIATION_STATUSES);
  if (principal !== undefined && type !== 'PRINCIPAL')
    throw invalidParameter('principal can be given only with associationType PRINCIPAL.');
  if (resourceArn !== undefined && type !== 'RESOURCE')
    throw invalidParameter('resourceArn can be given only with associationType RESOURCE.');
  const shares = arns
    ? arns.map((arn) => ownShare(ctx, arn))
    : ctx.ram.ownedBy(ctx.caller.accountId, ctx.region);
  const now = Date.now();
  const associations = shares.flatMap((share) =>
    [...(type === 'PRINCIPAL' ? share.principals : share.resources).values()]
      .filter((a) => (principal ?? resourceArn ?? a.entity) === a.entity)
      .map((a) => associationOut(share, a, associationStatus(a, now)))
      .filter((a) => status === undefined || a.status === status),
  );
  const scope = `GetResourceShareAssociations:${type}:${arns?.join(',')}:${principal}:${resourceArn}:${status}`;
  const page = input.page(associations, scope, ctx.pageSize);
  return { resourceShareAssociations: page.items, nextToken: page.nextToken };
};

export const listResources: RamOperation = (ctx, input) => {
  const owner = input.oneOf('resourceOwner', ['SELF', 'OTHER-ACCOUNTS'] as const, true);
  const principal = input.optionalString('principal');
  const resourceType = input.optionalString('resourceType');
  const arns = input.stringList('resourceArns');
  const shareArns = input.stringList('resourceShareArns')?.map(checkShareArn);
  if (resourceType !== undefined && !isShareableRamType(resourceType))
    throw invalidResourceType(`The specified resource type ${resourceType} is not valid.`);
  if (principal !== undefined && owner !== 'SELF')
    throw invalidParameter('principal can be given only with resourceOwner SELF.');
  const { accountId } = ctx.caller;
  const shares = [...ctx.ram.shares.values()].filter(
    (s) =>
      s.region === ctx.region &&
      s.status === 'ACTIVE' &&
      (shareArns === undefined || shareArns.includes(s.arn)) &&
      (owner === 'SELF'
        ? s.owner === accountId &&
          (principal === undefined ||
            [...s.principals.values()].some((p) => live(p) && p.entity === principal))
        : s.owner !== accountId &&
          [...s.principals.values()].some(
            (p) => p.state === 'associated' && principalIncludes(ctx, p.entity, accountId),
          )),
  );
  const resources = shares.flatMap((share) =>
    [...share.resources.values()]
      .filter((r) => r.state === 'associated' && (arns === undefined || arns.includes(r.entity)))
      .map((r) => ({ resource: r, share, type: checkTypeOf(ctx, share, r.entity) }))
      .filter(({ type }) => resourceType === undefined || type === resourceType)
      .map(({ resource, share: s, type }) => ({
        arn: resource.entity,
        type,
        resourceShareArn: s.arn,
        status: 'AVAILABLE',
        creationTime: resource.created.getTime() / 1000,
        lastUpdatedTime: resource.updated.getTime() / 1000,
        resourceRegionScope: 'REGIONAL',
      })),
  );
  const scope = `ListResources:${owner}:${principal}:${resourceType}:${arns?.join(',')}:${shareArns?.join(',')}`;
  const page = input.page(resources, scope, ctx.pageSize);
  return { resources: page.items, nextToken: page.nextToken };
};

/** The RAM type of a resource already in a share, checked as its owner would be. */
function checkTypeOf(ctx: RamContext, share: ResourceShareRecord, arn: string): string {
  return checkResource(
    { ...ctx, caller: { ...ctx.caller, accountId: share.owner }, region: share.region },
    arn,
  ).ramType;
}
