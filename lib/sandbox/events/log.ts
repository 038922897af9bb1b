/**
 * Every event the sandbox's EventBridge accepted, in order, and a way to wait for one. Entries
 * for a bus that does not exist are accepted too — AWS answers them with an EventId and drops
 * the event — so they are kept apart in `dropped`, where a test can see the misnamed bus.
 */
import type { EventEnvelope, PublishedEvent } from './records.ts';

export type EventPredicate = (envelope: EventEnvelope, event: PublishedEvent) => boolean;

interface Waiter {
  predicate: EventPredicate;
  resolve(envelope: EventEnvelope): void;
  reject(error: unknown): void;
}

const DEFAULT_WAIT_MS = 5_000;

export class EventLog {
  readonly published: PublishedEvent[] = [];
  readonly dropped: PublishedEvent[] = [];
  private readonly waiters = new Set<Waiter>();

  record(event: PublishedEvent): void {
    this.published.push(event);
    for (const waiter of this.waiters) {
      try {
        if (!waiter.predicate(event.envelope, event)) continue;
        waiter.resolve(event.envelope);
      } catch (error) {
        waiter.reject(error);
      }
    }
  }

  recordDropped(event: PublishedEvent): void {
    this.dropped.push(event);
  }

  /** The first published envelope satisfying `predicate`, already published or future. */
  waitFor(predicate: EventPredicate, timeoutMs = DEFAULT_WAIT_MS): Promise<EventEnvelope> {
    try {
      const hit = this.published.find((event) => predicate(event.envelope, event));
      if (hit) return Promise.resolve(hit.envelope);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        predicate,
        resolve: (envelope) => {
          settle();
          resolve(envelope);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.reject(new Error(this.describe(timeoutMs))), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  clear(): void {
    this.published.length = 0;
    this.dropped.length = 0;
  }

  private describe(timeoutMs: number): string {
    const line = ({ bus, envelope }: PublishedEvent) => {
      const detail = JSON.stringify(envelope.detail);
      return `  [${bus}] ${envelope.source} / ${envelope['detail-type']} ${detail.length > 200 ? `${detail.slice(0, 200)}…` : detail}`;
    };
    const lines = [
      `No event satisfying the predicate was published within ${timeoutMs} ms.`,
      `Published (${this.published.length}):`,
      ...this.published.map(line),
    ];
    if (this.dropped.length > 0)
      lines.push(
        `Dropped: sent to a bus that does not exist (${this.dropped.length}):`,
        ...this.dropped.map(line),
      );
    return lines.join('\n');
  }
}
