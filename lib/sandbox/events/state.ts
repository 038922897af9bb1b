/**
 * EventBridge: event buses and rules per account and Region (`default` always exists), the log
 * of accepted events, and the local targets that stand in for rule targets. This is what
 * `sandbox.events` is: setup (`addEventBus`), local targets (`onMatch`) and inspection
 * (`published`, `dropped`, `deliveryErrors`, `waitFor`, `idle`).
 */
import { type Deliver, type DeliveryError, LocalTargets, type MatchSpec } from './delivery.ts';
import { EventLog, type EventPredicate } from './log.ts';
import {
  busArn,
  DEFAULT_BUS,
  type EventBusRecord,
  type EventEnvelope,
  type PublishedEvent,
  type RuleRecord,
} from './records.ts';

/** A bus to create: a name (in the management account, us-east-1) or name, account and Region. */
export type EventBusSpec = string | { name: string; accountId?: string; region?: string };

/** The Region `sandboxEnvironment` sets, where pre-created buses go unless a spec says otherwise. */
export const SANDBOX_REGION = 'us-east-1';

const key = (...parts: string[]): string => parts.join('\u0000');

export class EventsState {
  private readonly buses = new Map<string, EventBusRecord>();
  private readonly rules = new Map<string, RuleRecord>();
  private readonly log = new EventLog();
  private readonly targets = new LocalTargets();
  private readonly startedAt = new Date();

  constructor(
    private readonly managementAccountId: string,
    /** Created at start and again after every reset. */
    private readonly presets: readonly EventBusSpec[] = [],
  ) {
    for (const spec of presets) this.addEventBus(spec);
  }

  /** Every accepted event on an existing bus, in order. */
  get published(): readonly PublishedEvent[] {
    return this.log.published;
  }

  /** Events accepted for a bus that does not exist: AWS answers them with an EventId and drops them. */
  get dropped(): readonly PublishedEvent[] {
    return this.log.dropped;
  }

  /** What `onMatch` callbacks threw, in the order they threw it. */
  get deliveryErrors(): readonly DeliveryError[] {
    return this.targets.errors;
  }

  /**
   * Runs `deliver` (asynchronously, after PutEvents has answered) for every event accepted on
   * `bus` that matches `pattern`. Returns the function that unregisters it. Registrations
   * end at `reset()`. Throws when the pattern is one PutRule would refuse.
   */
  onMatch(spec: MatchSpec, deliver: Deliver): () => void {
    return this.targets.add(spec, deliver);
  }

  /**
   * The first published envelope satisfying `predicate` (already published or future); rejects
   * after `timeoutMs` real milliseconds (default 5000) listing what was published and dropped.
   */
  waitFor(predicate: EventPredicate, timeoutMs?: number): Promise<EventEnvelope> {
    return this.log.waitFor(predicate, timeoutMs);
  }

  /** Resolves when no `onMatch` callback is scheduled or running; rejects after `timeoutMs` (default 10000). */
  idle(timeoutMs?: number): Promise<void> {
    return this.targets.idle(timeoutMs);
  }

  /** Creates a custom bus (setup); returns it, or the existing one of that name. */
  addEventBus(spec: EventBusSpec): EventBusRecord {
    const {
      name,
      accountId = this.managementAccountId,
      region = SANDBOX_REGION,
    } = typeof spec === 'string' ? { name: spec } : spec;
    return this.findBus(accountId, region, name) ?? this.createBus(accountId, region, name);
  }

  /** The buses of one account in one Region, `default` included, sorted by name. */
  busesOf(accountId: string, region: string): EventBusRecord[] {
    this.defaultBus(accountId, region);
    return [...this.buses.values()]
      .filter((bus) => bus.accountId === accountId && bus.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  findBus(accountId: string, region: string, name: string): EventBusRecord | undefined {
    if (name === DEFAULT_BUS) return this.defaultBus(accountId, region);
    return this.buses.get(key(accountId, region, name));
  }

  createBus(accountId: string, region: string, name: string, description?: string): EventBusRecord {
    const now = new Date();
    const bus: EventBusRecord = {
      name,
      arn: busArn(region, accountId, name),
      accountId,
      region,
      ...(description === undefined ? {} : { description }),
      createdAt: now,
      modifiedAt: now,
    };
    this.buses.set(key(accountId, region, name), bus);
    return bus;
  }

  /** Removes a custom bus and its rules. */
  deleteBus(bus: EventBusRecord): void {
    this.buses.delete(key(bus.accountId, bus.region, bus.name));
    for (const rule of this.rulesOn(bus)) this.deleteRule(rule);
  }

  /** Rules of one bus, sorted by name. */
  rulesOn(bus: EventBusRecord): RuleRecord[] {
    return [...this.rules.values()]
      .filter((r) => r.accountId === bus.accountId && r.region === bus.region && r.busName === bus.name)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  findRule(bus: EventBusRecord, name: string): RuleRecord | undefined {
    return this.rules.get(key(bus.accountId, bus.region, bus.name, name));
  }

  saveRule(rule: RuleRecord): void {
    this.rules.set(key(rule.accountId, rule.region, rule.busName, rule.name), rule);
  }

  deleteRule(rule: RuleRecord): void {
    this.rules.delete(key(rule.accountId, rule.region, rule.busName, rule.name));
  }

  /** An accepted event on an existing bus: logged, then handed to matching local targets. */
  publish(event: PublishedEvent): void {
    this.log.record(event);
    this.targets.dispatch(event);
  }

  /** An accepted event for a bus that does not exist. */
  drop(event: PublishedEvent): void {
    this.log.recordDropped(event);
  }

  /** Only the pre-created buses; no rules, events, local targets or delivery errors. */
  reset(): void {
    this.buses.clear();
    this.rules.clear();
    this.log.clear();
    this.targets.reset();
    for (const spec of this.presets) this.addEventBus(spec);
  }

  private defaultBus(accountId: string, region: string): EventBusRecord {
    const existing = this.buses.get(key(accountId, region, DEFAULT_BUS));
    if (existing) return existing;
    const bus: EventBusRecord = {
      name: DEFAULT_BUS,
      arn: busArn(region, accountId, DEFAULT_BUS),
      accountId,
      region,
      createdAt: this.startedAt,
      modifiedAt: this.startedAt,
    };
    this.buses.set(key(accountId, region, DEFAULT_BUS), bus);
    return bus;
  }
}
