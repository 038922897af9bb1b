/**
 * PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule and TestEventPattern.
 * Rules are validated and stored (patterns as PutRule would refuse them) but never deliver:
 * local delivery is `sandbox.events.onMatch`. Schedules are stored, never run.
 */
import { AwsError } from '../aws-error.ts';
import { type EventsContext, existingBus } from './context.ts';
import { constraint, invalidPattern, limitExceeded, ruleNotFound, validation } from './errors.ts';
import { BUS_NAME_OR_ARN, type EventsInput, RULE_NAME } from './input.ts';
import { matchesPattern, PatternError, parsePattern } from './patterns.ts';
import { DEFAULT_BUS, RULE_STATES, type RuleRecord, type RuleState, ruleArn } from './records.ts';

/** Rules per event bus (EventBridge quotas; adjustable in AWS). */
const RULES_PER_BUS = 300;

/** Fields TestEventPattern requires of the event (API reference). */
const EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];

const listed = (rule: RuleRecord) => ({
  Name: rule.name,
  Arn: rule.arn,
  ...(rule.eventPattern === undefined ? {} : { EventPattern: rule.eventPattern }),
  ...(rule.scheduleExpression === undefined ? {} : { ScheduleExpression: rule.scheduleExpression }),
  State: rule.state,
  ...(rule.description === undefined ? {} : { Description: rule.description }),
  ...(rule.roleArn === undefined ? {} : { RoleArn: rule.roleArn }),
  EventBusName: rule.busName,
});

function checkPattern(text: string): void {
  try {
    parsePattern(text);
  } catch (error) {
    if (error instanceof PatternError) throw invalidPattern(error.message);
    throw error;
  }
}

function ruleState(input: EventsInput): RuleState | undefined {
  const state = input.optionalString('State');
  if (state !== undefined && !RULE_STATES.includes(state as RuleState))
    throw constraint('state', state, `Member must satisfy enum value set: [${RULE_STATES.join(', ')}]`);
  return state as RuleState | undefined;
}

/** The rule named by `Name` (or `Rule`) on `EventBusName`, or ResourceNotFoundException. */
export function existingRule(ctx: EventsContext, input: EventsInput, member: 'Name' | 'Rule'): RuleRecord {
  const name = input.string(member, RULE_NAME);
  const bus = existingBus(ctx, input.optionalString('EventBusName', BUS_NAME_OR_ARN));
  const rule = ctx.events.findRule(bus, name);
  if (!rule) throw ruleNotFound(name, bus.name);
  return rule;
}

export function putRule(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const name = input.string('Name', RULE_NAME);
  const eventPattern = input.optionalString('EventPattern', { max: 4096 });
  const scheduleExpression = input.optionalString('ScheduleExpression', { max: 256 });
  const state = ruleState(input);
  const description = input.optionalString('Description', { max: 512 });
  const roleArn = input.optionalString('RoleArn', { min: 1, max: 1600 });
  const bus = existingBus(ctx, input.optionalString('EventBusName', BUS_NAME_OR_ARN));
  if (eventPattern === undefined && scheduleExpression === undefined)
    throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  if (scheduleExpression !== undefined && bus.name !== DEFAULT_BUS)
    throw validation('ScheduleExpression is supported only on the default event bus.');
  if (eventPattern !== undefined) checkPattern(eventPattern);
  const existing = ctx.events.findRule(bus, name);
  if (!existing && ctx.events.rulesOn(bus).length >= RULES_PER_BUS)
    throw limitExceeded(
      `The requested resource exceeds the maximum number allowed (${RULES_PER_BUS} rules per event bus).`,
    );
  const rule: RuleRecord = {
    name,
    arn: ruleArn(bus.region, bus.accountId, bus.name, name),
    busName: bus.name,
    accountId: bus.accountId,
    region: bus.region,
    ...(eventPattern === undefined ? {} : { eventPattern }),
    ...(scheduleExpression === undefined ? {} : { scheduleExpression }),
    // An update keeps the rule's state unless the call gives one.
    state: state ?? existing?.state ?? 'ENABLED',
    ...(description === undefined ? {} : { description }),
    ...(roleArn === undefined ? {} : { roleArn }),
    createdBy: existing?.createdBy ?? ctx.caller.accountId,
    targets: existing?.targets ?? new Map(),
  };
  ctx.events.saveRule(rule);
  return { RuleArn: rule.arn };
}

export function describeRule(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const rule = existingRule(ctx, input, 'Name');
  return { ...listed(rule), CreatedBy: rule.createdBy };
}

export function listRules(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const prefix = input.optionalString('NamePrefix', RULE_NAME) ?? '';
  const bus = existingBus(ctx, input.optionalString('EventBusName', BUS_NAME_OR_ARN));
  const rules = ctx.events.rulesOn(bus).filter((r) => r.name.startsWith(prefix));
  const page = input.page(rules, `ListRules:${bus.arn}:${prefix}`, ctx.config.pageSize);
  return { Rules: page.items.map(listed), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}

/** Deleting a rule that does not exist succeeds; one with targets needs them removed first. */
export function deleteRule(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const name = input.string('Name', RULE_NAME);
  input.optionalBoolean('Force');
  const bus = existingBus(ctx, input.optionalString('EventBusName', BUS_NAME_OR_ARN));
  const rule = ctx.events.findRule(bus, name);
  if (!rule) return {};
  if (rule.targets.size > 0) throw validation("Rule can't be deleted since it has targets.");
  ctx.events.deleteRule(rule);
  return {};
}

export function enableRule(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  existingRule(ctx, input, 'Name').state = 'ENABLED';
  return {};
}

export function disableRule(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  existingRule(ctx, input, 'Name').state = 'DISABLED';
  return {};
}

export function testEventPattern(_ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const patternText = input.string('EventPattern');
  const eventText = input.string('Event');
  let pattern: ReturnType<typeof parsePattern>;
  try {
    pattern = parsePattern(patternText);
  } catch (error) {
    if (error instanceof PatternError) throw invalidPattern(error.message);
    throw error;
  }
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch {
    throw new AwsError('ValidationException', 'Parameter Event is not valid.');
  }
  const fields = event !== null && typeof event === 'object' && !Array.isArray(event) ? event : undefined;
  const missing = EVENT_FIELDS.filter((field) => !fields || !(field in fields));
  if (missing.length > 0)
    throw validation(`Parameter Event is not valid. Missing field(s): ${missing.join(', ')}.`);
  return { Result: matchesPattern(pattern, event) };
}
