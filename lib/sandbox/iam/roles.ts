/**
 * Roles: create with a trust policy (checked like AWS: a policy, with principals that exist,
 * within the 2,048-character quota), read, update the trust, delete once no policy remains.
 */
import * as ids from '../ids.ts';
import type { IamContext, IamOperation } from './context.ts';
import { checkPolicyDocument, checkTrustPolicySize } from './documents.ts';
import { findHolder } from './entity-policies.ts';
import { deleteConflict, entityAlreadyExists } from './errors.ts';
import { NAME, PATH, type QueryInput } from './input.ts';
import type { RoleRecord } from './records.ts';
import { roleOut } from './wire.ts';

const ROLE_NAME = { min: 1, max: 64, ...NAME };
const SESSION_DURATION = { min: 3_600, max: 43_200 };

function readTrustPolicy(ctx: IamContext, input: QueryInput, member: string): string {
  const document = input.string(member, { min: 1, max: 131_072 });
  checkPolicyDocument(ctx.iam, document, 'trust');
  checkTrustPolicySize(document);
  return document;
}

function readRole(ctx: IamContext, input: QueryInput): RoleRecord {
  return findHolder(ctx, 'role', input.string('RoleName', ROLE_NAME)) as RoleRecord;
}

export const createRole: IamOperation = (ctx, input) => {
  const name = input.string('RoleName', ROLE_NAME);
  const path = input.optionalString('Path', PATH) ?? '/';
  const description = input.optionalString('Description', { max: 1000 });
  const maxSessionDuration = input.optionalInteger('MaxSessionDuration', SESSION_DURATION) ?? 3_600;
  const tags = input.tags();
  const trustPolicy = readTrustPolicy(ctx, input, 'AssumeRolePolicyDocument');
  if (ctx.account.roles.has(name.toLowerCase()))
    throw entityAlreadyExists(`Role with name ${name} already exists.`);
  const role = ctx.iam.putRole(ctx.account, {
    name,
    path,
    id: ids.roleUniqueId(),
    trustPolicy,
    ...(description === undefined ? {} : { description }),
  });
  role.maxSessionDuration = maxSessionDuration;
  role.tags = tags;
  return { Role: roleOut(role) };
};

export const getRole: IamOperation = (ctx, input) => ({ Role: roleOut(readRole(ctx, input)) });

export const updateAssumeRolePolicy: IamOperation = (ctx, input) => {
  const role = readRole(ctx, input);
  role.trustPolicy = readTrustPolicy(ctx, input, 'PolicyDocument');
  return undefined;
};

export const updateRole: IamOperation = (ctx, input) => {
  const role = readRole(ctx, input);
  const description = input.optionalString('Description', { max: 1000 });
  const maxSessionDuration = input.optionalInteger('MaxSessionDuration', SESSION_DURATION);
  if (description !== undefined) role.description = description;
  if (maxSessionDuration !== undefined) role.maxSessionDuration = maxSessionDuration;
  return {};
};

export const deleteRole: IamOperation = (ctx, input) => {
  const role = readRole(ctx, input);
  if (role.inline.size > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (role.attached.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  ctx.account.roles.delete(role.name.toLowerCase());
  return undefined;
};

export const listRoles: IamOperation = (ctx, input) => {
  const pathPrefix = input.optionalString('PathPrefix', { min: 1, max: 512 }) ?? '/';
  const roles = [...ctx.account.roles.values()]
    .filter((role) => role.path.startsWith(pathPrefix))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
    .map((role) => roleOut(role, false));
  const page = input.page(roles, `ListRoles:${pathPrefix}`);
  return { Roles: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};
