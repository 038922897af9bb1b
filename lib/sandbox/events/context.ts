/** What an EventBridge operation handler gets, and bus lookup by name or ARN. */
import type { FaultInjector } from '../faults.ts';
import type { Caller } from '../identity.ts';
import { busNotFound } from './errors.ts';
import type { EventsInput } from './input.ts';
import { DEFAULT_BUS, type EventBusRecord } from './records.ts';
import type { EventsState } from './state.ts';

export interface EventsConfig {
  pageSize: number;
  /** PutEvents fails with ValidationException unless the entries' total size is below this. */
  putEventsMaxBytes: number;
}

export interface EventsContext {
  events: EventsState;
  faults: FaultInjector;
  config: EventsConfig;
  caller: Caller;
  region: string;
}

export type EventsOperation = (ctx: EventsContext, input: EventsInput) => Record<string, unknown>;

export interface BusRef {
  accountId: string;
  region: string;
  name: string;
}

const BUS_ARN = /^arn:aws[\w-]*:events:([^:]+):(\d{12}):event-bus\/(.+)$/;

/** The bus an `EventBusName` (name or ARN, default `default`) names, from the caller's point of view. */
export function busRef(ctx: EventsContext, nameOrArn: string | undefined): BusRef {
  const arn = nameOrArn === undefined ? null : BUS_ARN.exec(nameOrArn);
  if (arn?.[1] && arn[2] && arn[3]) return { region: arn[1], accountId: arn[2], name: arn[3] };
  return { accountId: ctx.caller.accountId, region: ctx.region, name: nameOrArn ?? DEFAULT_BUS };
}

/** The named bus, or ResourceNotFoundException. */
export function existingBus(ctx: EventsContext, nameOrArn: string | undefined): EventBusRecord {
  const ref = busRef(ctx, nameOrArn);
  const bus = ctx.events.findBus(ref.accountId, ref.region, ref.name);
  if (!bus) throw busNotFound(ref.name);
  return bus;
}

/** Epoch seconds: how awsJson carries timestamps. */
export const epochSeconds = (date: Date): number => date.getTime() / 1000;
