import type { RecordedCall, Sandbox } from '#lib/sandbox/index.ts';

/**
 * Attributes the sandbox's recorded calls to the Lambda function that made them: every call
 * recorded between a function's `start` and `end` is that function's. Sound only while one
 * invocation runs at a time, so an overlap is an error rather than a silent misattribution.
 */
export class CallAttribution {
  private active: { functionKey: string; from: number } | undefined;
  readonly byFunction = new Map<string, RecordedCall[]>();

  constructor(private readonly sandbox: Sandbox) {}

  /** For `runWorkflow`'s `onInvocation` option. */
  readonly onInvocation = (functionKey: string, phase: 'start' | 'end'): void => {
    if (phase === 'start') {
      if (this.active) throw new Error(`${functionKey} started while ${this.active.functionKey} still runs`);
      this.active = { functionKey, from: this.sandbox.calls.length };
      return;
    }
    if (this.active?.functionKey !== functionKey) throw new Error(`${functionKey} ended but never started`);
    const calls = this.sandbox.calls.slice(this.active.from);
    this.byFunction.set(functionKey, [...(this.byFunction.get(functionKey) ?? []), ...calls]);
    this.active = undefined;
  };

  /** A handler invoked directly (API Gateway, the stream's event source mapping), attributed the same way. */
  async invoke<T>(functionKey: string, run: () => Promise<T>): Promise<T> {
    this.onInvocation(functionKey, 'start');
    try {
      return await run();
    } finally {
      this.onInvocation(functionKey, 'end');
    }
  }
}
