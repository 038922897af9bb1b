/**
 * Sandbox time. `scale` multiplies every sandbox duration into real time, so tests can run
 * AWS-like latencies and token-bucket refills 100× faster with `timeScale: 0.01` while the
 * numbers in the code stay the ones AWS documents.
 */
export class SandboxClock {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly scale: number) {
    if (!(scale > 0)) throw new Error(`timeScale must be a positive number, got ${scale}`);
  }

  /** Real milliseconds that `sandboxMs` of sandbox time take. */
  toRealMs(sandboxMs: number): number {
    return sandboxMs * this.scale;
  }

  /** Sandbox seconds that correspond to `realMs` of wall-clock time. */
  toSandboxSeconds(realMs: number): number {
    return realMs / this.scale / 1000;
  }

  sleep(sandboxMs: number): Promise<void> {
    if (sandboxMs <= 0) return Promise.resolve();
    return new Promise((resolve) => this.schedule(sandboxMs, resolve));
  }

  /** Runs `fn` after `sandboxMs`; cancelled by `cancelAll` (reset/stop). */
  schedule(sandboxMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, this.toRealMs(sandboxMs));
    // A pending account creation must not keep a finished test or CLI process alive.
    timer.unref();
    this.timers.add(timer);
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
