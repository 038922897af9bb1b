/** Tags on accounts, OUs, the root and policies, with the per-resource limit. */
import type { OrgContext, OrgOperation } from './context.ts';
import { targetNotFound } from './errors.ts';
import { checkTagCount, type Input, PATTERNS } from './input.ts';
import { paginate } from './paginate.ts';
import { tagsOut } from './wire.ts';

export const listTagsForResource: OrgOperation = (ctx, input) => {
  const resourceId = readResource(ctx, input);
  const page = paginate(
    input,
    tagsOut(ctx.state.tagsOf(resourceId)),
    `ListTagsForResource:${resourceId}`,
    ctx.config.pageSize,
  );
  return { Tags: page.items, NextToken: page.NextToken };
};

export const tagResource: OrgOperation = (ctx, input) => {
  const resourceId = readResource(ctx, input);
  const tags = input.tags();
  checkTagCount(ctx.config.limits, Object.keys(ctx.state.tagsOf(resourceId)), tags);
  ctx.state.setTags(resourceId, tags);
  return {};
};

export const untagResource: OrgOperation = (ctx, input) => {
  const resourceId = readResource(ctx, input);
  const keys = input.optionalStringList('TagKeys', { min: 1, max: 128 }) ?? [];
  for (const key of keys) ctx.state.tagsById.get(resourceId)?.delete(key);
  return {};
};

function readResource(ctx: OrgContext, input: Input): string {
  const resourceId = input.string('ResourceId', { pattern: PATTERNS.resourceId });
  const { state } = ctx;
  if (!state.isPolicyTarget(resourceId) && !state.policiesById.has(resourceId)) throw targetNotFound();
  return resourceId;
}
