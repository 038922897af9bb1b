/**
 * Local targets. In AWS a rule's target (the state machine) is invoked by EventBridge; locally
 * a callback registered with `onMatch` plays the target. Deliveries start on a later turn of the
 * event loop, never inside the PutEvents call, so PutEvents answers without waiting for them —
 * as in AWS, where PutEvents returns before any target runs. A callback that throws is recorded
 * in `errors`; EventBridge's retries of a failing target are not modelled.
 *
 * Rules created with PutRule/PutTargets do not deliver: they are stored for inspection only,
 * and `onMatch` is the one registry of local targets.
 */
import { type EventPattern, matchesPattern, PatternError, validatePattern } from './patterns.ts';
import type { EventEnvelope, PublishedEvent } from './records.ts';

export type Deliver = (envelope: EventEnvelope) => Promise<void> | void;

export interface MatchSpec {
  /** A bus name (matches that bus in every account and Region) or a bus ARN (that bus only). */
  bus: string;
  /** An EventBridge event pattern, validated as PutRule would. */
  pattern: object;
}

export interface DeliveryError {
  bus: string;
  envelope: EventEnvelope;
  error: unknown;
}

interface Subscription {
  bus: string;
  pattern: EventPattern;
  deliver: Deliver;
}

const DEFAULT_IDLE_MS = 10_000;

export class LocalTargets {
  readonly errors: DeliveryError[] = [];
  private readonly subscriptions = new Set<Subscription>();
  private readonly idleWaiters = new Set<() => void>();
  private running = 0;
  /** Bumped by reset: deliveries scheduled before it are skipped, their errors not recorded. */
  private generation = 0;

  add(spec: MatchSpec, deliver: Deliver): () => void {
    if (typeof spec.bus !== 'string' || spec.bus === '')
      throw new Error('onMatch: bus must be an event bus name or ARN');
    let pattern: EventPattern;
    try {
      pattern = validatePattern(spec.pattern);
    } catch (error) {
      if (error instanceof PatternError)
        throw new Error(`onMatch: Event pattern is not valid. Reason: ${error.message}`);
      throw error;
    }
    const subscription: Subscription = { bus: spec.bus, pattern, deliver };
    this.subscriptions.add(subscription);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  /** Schedules a delivery to every subscription whose bus and pattern match. */
  dispatch(event: PublishedEvent): void {
    for (const subscription of this.subscriptions) {
      const busMatches = subscription.bus.startsWith('arn:')
        ? subscription.bus === event.busArn
        : subscription.bus === event.bus;
      if (!busMatches || !matchesPattern(subscription.pattern, event.envelope)) continue;
      const generation = this.generation;
      this.running++;
      setImmediate(() => void this.deliver(subscription, event, generation));
    }
  }

  /** Resolves once no delivery callback is scheduled or running. */
  idle(timeoutMs = DEFAULT_IDLE_MS): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.idleWaiters.delete(done);
        reject(new Error(`${this.running} event delivery callback(s) still running after ${timeoutMs} ms`));
      }, timeoutMs);
      this.idleWaiters.add(done);
    });
  }

  reset(): void {
    this.subscriptions.clear();
    this.errors.length = 0;
    this.generation++;
  }

  private async deliver(
    subscription: Subscription,
    event: PublishedEvent,
    generation: number,
  ): Promise<void> {
    try {
      if (generation !== this.generation) return;
      await subscription.deliver(structuredClone(event.envelope));
    } catch (error) {
      if (generation === this.generation)
        this.errors.push({ bus: event.bus, envelope: event.envelope, error });
    } finally {
      this.running--;
      if (this.running === 0) for (const done of [...this.idleWaiters]) done();
    }
  }
}
