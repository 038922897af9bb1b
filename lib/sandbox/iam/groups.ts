/**
 * Groups: names 1–128 of `[\w+=,.@-]`, case-insensitively unique (AWS-FACTS §3). The sandbox
 * models no users, so every group is empty and deletable once its policies are gone.
 */
import * as ids from '../ids.ts';
import type { IamContext, IamOperation } from './context.ts';
import { findHolder } from './entity-policies.ts';
import { deleteConflict, entityAlreadyExists } from './errors.ts';
import { NAME, PATH, type QueryInput } from './input.ts';
import type { GroupRecord } from './records.ts';
import { groupOut } from './wire.ts';

const GROUP_NAME = { min: 1, max: 128, ...NAME };

function readGroup(ctx: IamContext, input: QueryInput): GroupRecord {
  return findHolder(ctx, 'group', input.string('GroupName', GROUP_NAME)) as GroupRecord;
}

export const createGroup: IamOperation = (ctx, input) => {
  const name = input.string('GroupName', GROUP_NAME);
  const path = input.optionalString('Path', PATH) ?? '/';
  if (ctx.account.groups.has(name.toLowerCase()))
    throw entityAlreadyExists(`Group with name ${name} already exists.`);
  const group: GroupRecord = {
    kind: 'group',
    name,
    path,
    id: ids.groupUniqueId(),
    arn: `arn:aws:iam::${ctx.account.accountId}:group${path}${name}`,
    created: new Date(),
    inline: new Map(),
    attached: [],
  };
  ctx.account.groups.set(name.toLowerCase(), group);
  return { Group: groupOut(group) };
};

export const getGroup: IamOperation = (ctx, input) => {
  const group = readGroup(ctx, input);
  const page = input.page([], `GetGroup:${group.name}`);
  return { Group: groupOut(group), Users: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};

export const deleteGroup: IamOperation = (ctx, input) => {
  const group = readGroup(ctx, input);
  if (group.inline.size > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (group.attached.length > 0)
    throw deleteConflict('Cannot delete entity, must detach all policies first.');
  ctx.account.groups.delete(group.name.toLowerCase());
  return undefined;
};

export const listGroups: IamOperation = (ctx, input) => {
  const pathPrefix = input.optionalString('PathPrefix', { min: 1, max: 512 }) ?? '/';
  const groups = [...ctx.account.groups.values()]
    .filter((group) => group.path.startsWith(pathPrefix))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
    .map(groupOut);
  const page = input.page(groups, `ListGroups:${pathPrefix}`);
  return { Groups: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};
