/**
 * Resource shares: create (with its first principals and resources, idempotent by client
 * token), find (your own, or those shared with you), delete. RAM allows several shares with
 * the same name; deleted shares stay listed with status DELETED.
 */
import { addAssociations, checkShareArn, newShareArn, ownShare } from './associations.ts';
import type { RamOperation } from './context.ts';
import { invalidStateTransition } from './errors.ts';
import { idempotent } from './idempotency.ts';
import { principalIncludes } from './principals.ts';
import type { ResourceShareRecord } from './records.ts';
import { resourceShareOut } from './wire.ts';

const SHARE_STATUSES = ['PENDING', 'ACTIVE', 'FAILED', 'DELETING', 'DELETED'] as const;

export const createResourceShare: RamOperation = (ctx, input) =>
  idempotent(ctx, 'CreateResourceShare', input, () => {
    const name = input.string('name');
    const principals = input.stringList('principals') ?? [];
    const resourceArns = input.stringList('resourceArns') ?? [];
    const allowExternalPrincipals = input.optionalBoolean('allowExternalPrincipals') ?? true;
    const tags = input.tags();
    const now = new Date();
    const share: ResourceShareRecord = {
      arn: newShareArn(ctx),
      name,
      owner: ctx.caller.accountId,
      region: ctx.region,
      allowExternalPrincipals,
      status: 'ACTIVE',
      tags,
      created: now,
      updated: now,
      principals: new Map(),
      resources: new Map(),
    };
    // Checks everything before the share exists, so a refused request leaves nothing behind.
    addAssociations(ctx, share, principals, resourceArns);
    ctx.ram.shares.set(share.arn, share);
    return { resourceShare: resourceShareOut(share), clientToken: input.optionalString('clientToken') };
  });

export const getResourceShares: RamOperation = (ctx, input) => {
  const owner = input.oneOf('resourceOwner', ['SELF', 'OTHER-ACCOUNTS'] as const, true);
  const arns = input.stringList('resourceShareArns')?.map(checkShareArn);
  const status = input.oneOf('resourceShareStatus', SHARE_STATUSES);
  const name = input.optionalString('name');
  const tagFilters = readTagFilters(input.raw.tagFilters);
  const { accountId } = ctx.caller;
  const candidates =
    owner === 'SELF'
      ? ctx.ram.ownedBy(accountId, ctx.region)
      : [...ctx.ram.shares.values()].filter(
          (s) =>
            s.region === ctx.region &&
            s.owner !== accountId &&
            s.status === 'ACTIVE' &&
            [...s.principals.values()].some(
              (p) => p.state === 'associated' && principalIncludes(ctx, p.entity, accountId),
            ),
        );
  const shares = candidates
    .filter(
      (s) =>
        (arns === undefined || arns.includes(s.arn)) &&
        (status === undefined || s.status === status) &&
        (name === undefined || s.name === name) &&
        tagFilters.every(
          ({ key, values }) => key in s.tags && (values.length === 0 || values.includes(s.tags[key] ?? '')),
        ),
    )
    .map(resourceShareOut);
  const scope = `GetResourceShares:${owner}:${arns?.join(',')}:${status}:${name}:${JSON.stringify(tagFilters)}`;
  const page = input.page(shares, scope, ctx.pageSize);
  return { resourceShares: page.items, nextToken: page.nextToken };
};

export const deleteResourceShare: RamOperation = (ctx, input) =>
  idempotent(ctx, 'DeleteResourceShare', input, () => {
    const share = ownShare(ctx, input.string('resourceShareArn'));
    if (share.status !== 'ACTIVE')
      throw invalidStateTransition(
        `The resource share ${share.arn} is ${share.status} and cannot be deleted.`,
      );
    const now = new Date();
    share.status = 'DELETED';
    share.updated = now;
    for (const association of [...share.principals.values(), ...share.resources.values()]) {
      if (association.state === 'disassociated') continue;
      association.state = 'disassociated';
      association.updated = now;
    }
    return { returnValue: true, clientToken: input.optionalString('clientToken') };
  });

function readTagFilters(raw: unknown): { key: string; values: string[] }[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((filter) => {
    const { tagKey, tagValues } = (filter ?? {}) as { tagKey?: unknown; tagValues?: unknown };
    return {
      key: typeof tagKey === 'string' ? tagKey : '',
      values: Array.isArray(tagValues) ? tagValues.filter((v): v is string => typeof v === 'string') : [],
    };
  });
}
