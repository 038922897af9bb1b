/**
 * A burst of vend requests started at once against the local sandbox, as a bulk import or a
 * busy Slack channel would: each one a real execution of the state machine, all of them sharing
 * the requests table and so the admission control. Used by the burst tests, the reliability
 * report and the scale benchmark.
 */
import { performance } from 'node:perf_hooks';
import { AWS_CREATION_QUOTA } from '../admission/quota.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { runWorkflow, type WorkflowResult } from './run-workflow.ts';

export interface BurstOptions {
  /** Requests in the burst. */
  size: number;
  /** The sandbox's `timeScale`: real ms per ms of AWS time. */
  timeScale: number;
  /** AWS ms a creation stays IN_PROGRESS (the sandbox's `createAccountLatencyMs`). */
  createAccountMs: number;
  /** Blueprint of every request; default ai-dev. */
  blueprint?: string;
  /** Prefix of request ids, names and emails; unique per burst. */
  prefix: string;
}

export interface BurstResult {
  runs: WorkflowResult[];
  requests: { requestId: string; email: string }[];
  /** Real ms from the first start to the last end. */
  wallMs: number;
  /**
   * AWS ms from the first CreateAccount call to the last creation's end: what admission control
   * governs. Handler time, which the sandbox's time scale does not shrink, stays out of it.
   */
  creationSpanMs: number;
  /**
   * The least AWS time the quotas allow for the creations alone: waves of 5 creations, each
   * as long as one creation, or the CreateAccount rate, whichever binds.
   */
  quotaBoundMs: number;
  /** Most creations IN_PROGRESS at once, as the sandbox saw them. */
  peakConcurrentCreations: number;
  /** Calls AWS throttled, by operation (each was retried). */
  throttled: Record<string, number>;
  /** CreateAccount calls AWS refused for the quota (admission control should make this 0). */
  createAccountRefusals: number;
  /**
   * CPU this process used over the burst ÷ its wall time. Everything runs in this one process
   * (200 executions, their Lambdas and the AWS endpoint): near 1, the machine, not the quota,
   * sets the pace, and the scaled clock's minutes stretch.
   */
  cpuBusy: number;
  /** Transitions per vend: median and max. */
  transitions: { median: number; max: number };
}

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

export async function runBurst(sandbox: Sandbox, options: BurstOptions): Promise<BurstResult> {
  const scale = options.timeScale;
  const requests = Array.from({ length: options.size }, (_, i) => {
    const name = `${options.prefix}-${i + 1}`;
    return {
      requestId: `req-${name}`,
      accountName: name,
      email: `${name}@example.com`,
      blueprint: options.blueprint ?? 'ai-dev',
      requestedBy: { source: 'cli', id: 'burst' },
    };
  });
  const callsBefore = sandbox.calls.length;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const runs = await Promise.all(
    requests.map((request) =>
      runWorkflow(request, {
        // The ASL's fixed waits and retry intervals on the sandbox's clock; the admission
        // wait is a timestamp on that clock already.
        waitMs: Math.max(1, 15_000 * scale),
        retryMs: Math.max(1, 2_000 * scale),
      }),
    ),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const calls = sandbox.calls.slice(callsBefore);
  const throttled: Record<string, number> = {};
  for (const call of calls) {
    if (call.errorName && THROTTLING.has(call.errorName)) {
      throttled[call.operation] = (throttled[call.operation] ?? 0) + 1;
    }
  }
  const statuses = sandbox.org.createAccountStatuses.filter((s) =>
    s.accountName.startsWith(`${options.prefix}-`),
  );
  const first = Math.min(...statuses.map((s) => s.requestedTimestamp.getTime()));
  const last = Math.max(...statuses.map((s) => (s.completedTimestamp ?? new Date()).getTime()));
  const transitions = runs.map((run) => run.transitions).sort((a, b) => a - b);
  return {
    runs,
    requests: requests.map(({ requestId, email }) => ({ requestId, email })),
    wallMs,
    creationSpanMs: statuses.length > 0 ? (last - first) / scale : 0,
    quotaBoundMs: quotaBoundMs(options.size, options.createAccountMs),
    peakConcurrentCreations: sandbox.org.peakCreationsInProgress,
    throttled,
    createAccountRefusals: throttled.CreateAccount ?? 0,
    cpuBusy: (cpu.user + cpu.system) / 1000 / wallMs,
    transitions: {
      median: transitions[Math.floor(transitions.length / 2)] ?? 0,
      max: transitions.at(-1) ?? 0,
    },
  };
}

/**
 * The least AWS time `size` creations take under AWS's quota: ⌈size / 5⌉ waves of one
 * creation each, or — if the rate binds harder — one CreateAccount call per interval and the
 * last creation's own time.
 */
export function quotaBoundMs(size: number, createAccountMs: number): number {
  const { concurrent, minIntervalMs } = AWS_CREATION_QUOTA;
  const waves = Math.ceil(size / concurrent) * createAccountMs;
  const paced = (size - 1) * minIntervalMs + createAccountMs;
  return Math.max(waves, paced);
}
