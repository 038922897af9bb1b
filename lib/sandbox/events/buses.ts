/**
 * CreateEventBus, DescribeEventBus, ListEventBuses, DeleteEventBus. `default` exists in every
 * account and Region, cannot be created or deleted; deleting a bus that does not exist succeeds
 * (AWS, per LocalStack's validated snapshots); deleting a custom bus removes its rules.
 */
import { type EventsContext, epochSeconds, existingBus } from './context.ts';
import { busAlreadyExists, validation } from './errors.ts';
import { BUS_NAME, BUS_NAME_OR_ARN, type EventsInput } from './input.ts';
import { DEFAULT_BUS, type EventBusRecord } from './records.ts';

const DESCRIPTION = { max: 512 };

const wire = (bus: EventBusRecord) => ({
  Name: bus.name,
  Arn: bus.arn,
  ...(bus.description === undefined ? {} : { Description: bus.description }),
  CreationTime: epochSeconds(bus.createdAt),
  LastModifiedTime: epochSeconds(bus.modifiedAt),
});

export function createEventBus(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const name = input.string('Name', BUS_NAME);
  const description = input.optionalString('Description', DESCRIPTION);
  if (ctx.events.findBus(ctx.caller.accountId, ctx.region, name)) throw busAlreadyExists(name);
  const bus = ctx.events.createBus(ctx.caller.accountId, ctx.region, name, description);
  return { EventBusArn: bus.arn, ...(description === undefined ? {} : { Description: description }) };
}

export function describeEventBus(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  return wire(existingBus(ctx, input.optionalString('Name', BUS_NAME_OR_ARN)));
}

export function listEventBuses(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const prefix = input.optionalString('NamePrefix', BUS_NAME) ?? '';
  const buses = ctx.events.busesOf(ctx.caller.accountId, ctx.region).filter((b) => b.name.startsWith(prefix));
  const page = input.page(buses, `ListEventBuses:${prefix}`, ctx.config.pageSize);
  return { EventBuses: page.items.map(wire), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}

export function deleteEventBus(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const name = input.string('Name', BUS_NAME);
  if (name === DEFAULT_BUS) throw validation('Cannot delete event bus default.');
  const bus = ctx.events.findBus(ctx.caller.accountId, ctx.region, name);
  if (bus) ctx.events.deleteBus(bus);
  return {};
}
