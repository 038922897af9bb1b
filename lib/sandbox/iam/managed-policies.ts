/**
 * Managed policies: customer managed ones per account (create, versions, delete) and AWS
 * managed ones from a fixed list (read and attach only). Limits from AWS-FACTS §3: 6,144
 * characters without whitespace per document, 5 versions per policy.
 */

import * as ids from '../ids.ts';
import { charactersWithoutWhitespace } from '../policy-json.ts';
import { AWS_MANAGED_POLICIES } from './aws-managed.ts';
import type { IamContext, IamOperation } from './context.ts';
import { checkPolicyDocument } from './documents.ts';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from './errors.ts';
import { NAME, PATH, POLICY_ARN, type QueryInput } from './input.ts';
import type { IamAccount, ManagedPolicyRecord } from './records.ts';
import { awsPolicyView, customerPolicyView, type PolicyView, policyOut, policyVersionOut } from './wire.ts';

const MAX_VERSIONS = 5;
const VERSION_ID = {
  pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/,
  patternText: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?',
};
const POLICY_ARN_SHAPE = /^arn:aws:iam::(aws|\d{12}):policy\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/;

/** A policy the caller can attach: AWS managed, or customer managed in its own account. */
export function findAttachable(ctx: IamContext, arn: string): PolicyView | undefined {
  const aws = AWS_MANAGED_POLICIES.get(arn);
  if (aws) return awsPolicyView(aws);
  const own = ctx.account.policies.get(arn);
  return own ? customerPolicyView(own) : undefined;
}

/** Roles and groups of the account the policy is attached to. */
export function attachmentCount(account: IamAccount, arn: string): number {
  let count = 0;
  for (const holder of [...account.roles.values(), ...account.groups.values()])
    if (holder.attached.includes(arn)) count++;
  return count;
}

export function readPolicyArn(input: QueryInput): string {
  const arn = input.string('PolicyArn', POLICY_ARN);
  if (!POLICY_ARN_SHAPE.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  return arn;
}

export function checkManagedPolicySize(ctx: IamContext, document: string): void {
  const max = ctx.limits.iamManagedPolicyMaxChars;
  if (charactersWithoutWhitespace(document) > max)
    throw limitExceeded(`Cannot exceed quota for PolicySize: ${max}`);
}

function readDocument(ctx: IamContext, input: QueryInput): string {
  const document = input.string('PolicyDocument', { min: 1, max: 131_072 });
  checkPolicyDocument(ctx.iam, document, 'identity');
  checkManagedPolicySize(ctx, document);
  return document;
}

function customerPolicy(ctx: IamContext, arn: string): ManagedPolicyRecord {
  const policy = ctx.account.policies.get(arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
  return policy;
}

export const createPolicy: IamOperation = (ctx, input) => {
  const name = input.string('PolicyName', { min: 1, max: 128, ...NAME });
  const path = input.optionalString('Path', PATH) ?? '/';
  const description = input.optionalString('Description', { max: 1000 });
  const tags = input.tags();
  const document = readDocument(ctx, input);
  // Names are unique per account whatever the path, and case-insensitively.
  if ([...ctx.account.policies.values()].some((p) => p.name.toLowerCase() === name.toLowerCase()))
    throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
  const now = new Date();
  const policy: ManagedPolicyRecord = {
    name,
    path,
    id: ids.policyUniqueId(),
    arn: `arn:aws:iam::${ctx.account.accountId}:policy${path}${name}`,
    ...(description === undefined ? {} : { description }),
    tags,
    created: now,
    updated: now,
    versions: [{ versionId: 'v1', document, created: now }],
    defaultVersionId: 'v1',
    nextVersion: 2,
  };
  ctx.account.policies.set(policy.arn, policy);
  return { Policy: policyOut(policy, 0) };
};

export const getPolicy: IamOperation = (ctx, input) => {
  const arn = readPolicyArn(input);
  const policy = findAttachable(ctx, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
  return { Policy: policyOut(policy, attachmentCount(ctx.account, arn)) };
};

export const deletePolicy: IamOperation = (ctx, input) => {
  const arn = readPolicyArn(input);
  const policy = customerPolicy(ctx, arn);
  if (attachmentCount(ctx.account, arn) > 0)
    throw deleteConflict('Cannot delete a policy attached to entities.');
  if (policy.versions.length > 1) {
    throw deleteConflict(
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
  }
  ctx.account.policies.delete(arn);
  return undefined;
};

export const getPolicyVersion: IamOperation = (ctx, input) => {
  const arn = readPolicyArn(input);
  const versionId = input.string('VersionId', VERSION_ID);
  const aws = AWS_MANAGED_POLICIES.get(arn);
  const policy = aws
    ? {
        defaultVersionId: aws.versionId,
        versions: [{ versionId: aws.versionId, document: aws.document, created: awsPolicyView(aws).created }],
      }
    : ctx.account.policies.get(arn);
  const version = policy?.versions.find((v) => v.versionId === versionId);
  if (!policy || !version)
    throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
  return { PolicyVersion: policyVersionOut(version, policy.defaultVersionId) };
};

export const createPolicyVersion: IamOperation = (ctx, input) => {
  const arn = readPolicyArn(input);
  const setAsDefault = input.optionalBoolean('SetAsDefault') ?? false;
  const policy = customerPolicy(ctx, arn);
  const document = readDocument(ctx, input);
  if (policy.versions.length >= MAX_VERSIONS) {
    throw limitExceeded(
      `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
    );
  }
  const version = { versionId: `v${policy.nextVersion++}`, document, created: new Date() };
  policy.versions.push(version);
  if (setAsDefault) policy.defaultVersionId = version.versionId;
  policy.updated = version.created;
  return { PolicyVersion: policyVersionOut(version, policy.defaultVersionId, false) };
};

export const setDefaultPolicyVersion: IamOperation = (ctx, input) => {
  const arn = readPolicyArn(input);
  const versionId = input.string('VersionId', VERSION_ID);
  const policy = customerPolicy(ctx, arn);
  if (!policy.versions.some((v) => v.versionId === versionId))
    throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
  policy.defaultVersionId = versionId;
  policy.updated = new Date();
  return undefined;
};

export const deletePolicyVersion: IamOperation = (ctx, input) => {
  const arn = readPolicyArn(input);
  const versionId = input.string('VersionId', VERSION_ID);
  const policy = customerPolicy(ctx, arn);
  const index = policy.versions.findIndex((v) => v.versionId === versionId);
  if (index < 0)
    throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
  if (versionId === policy.defaultVersionId)
    throw deleteConflict('Cannot delete the default version of a policy.');
  policy.versions.splice(index, 1);
  return undefined;
};

export const listPolicyVersions: IamOperation = (ctx, input) => {
  const arn = readPolicyArn(input);
  const policy = customerPolicy(ctx, arn);
  // Newest first, as AWS lists them.
  const versions = [...policy.versions]
    .reverse()
    .map((v) => policyVersionOut(v, policy.defaultVersionId, false));
  const page = input.page(versions, `ListPolicyVersions:${arn}`);
  return { Versions: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};

export const listPolicies: IamOperation = (ctx, input) => {
  const scope = input.optionalString('Scope') ?? 'All';
  if (!['All', 'AWS', 'Local'].includes(scope))
    throw invalidInput(
      `Value '${scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`,
    );
  const onlyAttached = input.optionalBoolean('OnlyAttached') ?? false;
  const pathPrefix = input.optionalString('PathPrefix', { min: 1, max: 512 }) ?? '/';
  const views: PolicyView[] = [
    ...(scope === 'Local' ? [] : [...AWS_MANAGED_POLICIES.values()].map(awsPolicyView)),
    ...(scope === 'AWS' ? [] : [...ctx.account.policies.values()].map(customerPolicyView)),
  ];
  const listed = views
    .map((policy) => ({ policy, count: attachmentCount(ctx.account, policy.arn) }))
    .filter(({ policy, count }) => policy.path.startsWith(pathPrefix) && (!onlyAttached || count > 0))
    .sort((a, b) => (a.policy.name < b.policy.name ? -1 : 1))
    .map(({ policy, count }) => policyOut(policy, count, false));
  const page = input.page(listed, `ListPolicies:${scope}:${onlyAttached}:${pathPrefix}`);
  return { Policies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};
