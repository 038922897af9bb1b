/**
 * Inline and attached policies of roles and groups: the same eight actions for each, with the
 * per-entity quotas of AWS-FACTS §3 (inline total per group 5,120 and per role 10,240
 * characters without whitespace; 10 managed policies per group or role). Re-attaching an
 * attached policy succeeds without change, as in AWS.
 */
import { charactersWithoutWhitespace } from '../policy-json.ts';
import type { IamContext, IamOperation } from './context.ts';
import { checkPolicyDocument, encodeDocument } from './documents.ts';
import { limitExceeded, noSuchEntity } from './errors.ts';
import { NAME, type QueryInput } from './input.ts';
import { findAttachable, readPolicyArn } from './managed-policies.ts';
import type { PolicyHolder } from './records.ts';

type Kind = PolicyHolder['kind'];

const NAME_MEMBER: Record<Kind, string> = { role: 'RoleName', group: 'GroupName' };
const NAME_RULE: Record<Kind, { max: number }> = { role: { max: 64 }, group: { max: 128 } };
const QUOTA_NAME: Record<Kind, string> = { role: 'PoliciesPerRole', group: 'PoliciesPerGroup' };
const Title: Record<Kind, string> = { role: 'Role', group: 'Group' };

export function findHolder(ctx: IamContext, kind: Kind, name: string): PolicyHolder {
  const holder = (kind === 'role' ? ctx.account.roles : ctx.account.groups).get(name.toLowerCase());
  if (!holder) throw noSuchEntity(`The ${kind} with name ${name} cannot be found.`);
  return holder;
}

function readHolder(ctx: IamContext, kind: Kind, input: QueryInput): PolicyHolder {
  const name = input.string(NAME_MEMBER[kind], { min: 1, ...NAME_RULE[kind], ...NAME });
  return findHolder(ctx, kind, name);
}

function inlineLimit(ctx: IamContext, kind: Kind): number {
  return kind === 'role' ? ctx.limits.roleInlinePolicyMaxChars : ctx.limits.groupInlinePolicyMaxChars;
}

const readPolicyName = (input: QueryInput) => input.string('PolicyName', { min: 1, max: 128, ...NAME });

export function putPolicy(kind: Kind): IamOperation {
  return (ctx, input) => {
    const holder = readHolder(ctx, kind, input);
    const name = readPolicyName(input);
    const document = input.string('PolicyDocument', { min: 1, max: 131_072 });
    checkPolicyDocument(ctx.iam, document, 'identity');
    const key = name.toLowerCase();
    const others = [...holder.inline].filter(([k]) => k !== key).map(([, p]) => p.document);
    const total = [...others, document].reduce((sum, d) => sum + charactersWithoutWhitespace(d), 0);
    const max = inlineLimit(ctx, kind);
    if (total > max)
      throw limitExceeded(`Maximum policy size of ${max} bytes exceeded for ${kind} ${holder.name}`);
    // Replacing keeps the name as first written, as IAM does.
    holder.inline.set(key, { name: holder.inline.get(key)?.name ?? name, document });
    return undefined;
  };
}

export function getPolicy(kind: Kind): IamOperation {
  return (ctx, input) => {
    const holder = readHolder(ctx, kind, input);
    const name = readPolicyName(input);
    const policy = holder.inline.get(name.toLowerCase());
    if (!policy) throw noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);
    return {
      [NAME_MEMBER[kind]]: holder.name,
      PolicyName: policy.name,
      // URL-encoded, as AWS returns it; the SDK hands it over undecoded.
      PolicyDocument: encodeDocument(policy.document),
    };
  };
}

export function deletePolicy(kind: Kind): IamOperation {
  return (ctx, input) => {
    const holder = readHolder(ctx, kind, input);
    const name = readPolicyName(input);
    if (!holder.inline.delete(name.toLowerCase()))
      throw noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);
    return undefined;
  };
}

export function listPolicies(kind: Kind): IamOperation {
  return (ctx, input) => {
    const holder = readHolder(ctx, kind, input);
    const names = [...holder.inline.values()].map((p) => p.name).sort();
    const page = input.page(names, `List${Title[kind]}Policies:${holder.name}`);
    return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  };
}

export function attachPolicy(kind: Kind): IamOperation {
  return (ctx, input) => {
    const holder = readHolder(ctx, kind, input);
    const arn = readPolicyArn(input);
    if (!findAttachable(ctx, arn)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (holder.attached.includes(arn)) return undefined;
    if (holder.attached.length >= ctx.limits.managedPoliciesPerEntity)
      throw limitExceeded(
        `Cannot exceed quota for ${QUOTA_NAME[kind]}: ${ctx.limits.managedPoliciesPerEntity}`,
      );
    holder.attached.push(arn);
    return undefined;
  };
}

export function detachPolicy(kind: Kind): IamOperation {
  return (ctx, input) => {
    const holder = readHolder(ctx, kind, input);
    const arn = readPolicyArn(input);
    const index = holder.attached.indexOf(arn);
    if (index < 0) throw noSuchEntity(`Policy ${arn} was not found.`);
    holder.attached.splice(index, 1);
    return undefined;
  };
}

export function listAttachedPolicies(kind: Kind): IamOperation {
  return (ctx, input) => {
    const holder = readHolder(ctx, kind, input);
    const pathPrefix = input.optionalString('PathPrefix', { min: 1, max: 512 }) ?? '/';
    const attached = holder.attached.flatMap((arn) => {
      const policy = findAttachable(ctx, arn);
      return policy?.path.startsWith(pathPrefix) ? [{ PolicyName: policy.name, PolicyArn: policy.arn }] : [];
    });
    const page = input.page(attached, `ListAttached${Title[kind]}Policies:${holder.name}:${pathPrefix}`);
    return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  };
}
