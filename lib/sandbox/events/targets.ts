/**
 * PutTargets, ListTargetsByRule, RemoveTargets: targets are stored as given, for inspection
 * only. Nothing invokes them; `sandbox.events.onMatch` is how a local target runs.
 */
import { AwsError } from '../aws-error.ts';
import type { EventsContext } from './context.ts';
import { constraint, limitExceeded, missing } from './errors.ts';
import { checkString, type EventsInput, TARGET_ID } from './input.ts';
import { existingRule } from './rules.ts';

/** Targets per rule (EventBridge quotas). */
const TARGETS_PER_RULE = 5;

export function putTargets(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const rule = existingRule(ctx, input, 'Rule');
  const targets = input.list('Targets', { min: 1, max: 10 }).map((target, i) => {
    if (target === null || typeof target !== 'object' || Array.isArray(target))
      throw new AwsError('SerializationException', `Targets[${i}] must be an object.`);
    const { Id: id, Arn: arn } = target as Record<string, unknown>;
    if (typeof id !== 'string') throw missing(`targets.${i + 1}.member.id`);
    if (typeof arn !== 'string') throw missing(`targets.${i + 1}.member.arn`);
    checkString(`targets.${i + 1}.member.id`, id, TARGET_ID);
    checkString(`targets.${i + 1}.member.arn`, arn, { min: 1, max: 1600 });
    return { ...(target as Record<string, unknown>), Id: id };
  });
  const ids = new Set([...rule.targets.keys(), ...targets.map((t) => t.Id)]);
  if (ids.size > TARGETS_PER_RULE)
    throw limitExceeded(
      `The requested resource exceeds the maximum number allowed (${TARGETS_PER_RULE} targets per rule).`,
    );
  for (const target of targets) rule.targets.set(target.Id, target);
  return { FailedEntryCount: 0, FailedEntries: [] };
}

export function listTargetsByRule(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const rule = existingRule(ctx, input, 'Rule');
  const page = input.page([...rule.targets.values()], `ListTargetsByRule:${rule.arn}`, ctx.config.pageSize);
  return { Targets: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}

/** Ids the rule does not have are ignored. */
export function removeTargets(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const rule = existingRule(ctx, input, 'Rule');
  input.optionalBoolean('Force');
  const ids = input.list('Ids', { min: 1, max: 100 });
  if (!ids.every((id) => typeof id === 'string'))
    throw constraint('ids', ids, 'Member must be a list of strings');
  for (const id of ids as string[]) rule.targets.delete(id);
  return { FailedEntryCount: 0, FailedEntries: [] };
}
