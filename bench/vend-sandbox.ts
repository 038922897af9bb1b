import { performance } from 'node:perf_hooks';
import { useLocalAws } from '#lib/local/environment.ts';
import { seedSampleWorld } from '#lib/local/sample-world.ts';
import type { Sandbox } from '#lib/sandbox/index.ts';

/**
 * One sandbox for the vend benchmarks, with AWS time scaled down: `TIME_SCALE` real ms per ms
 * of AWS time, for CreateAccount's latency and for the Wait states alike. Durations reported in
 * "real-time equivalent" ms undo the scale for the scaled parts only (Waits, CreateAccount);
 * handler time is not scaled, so it counts as measured.
 */
export const TIME_SCALE = 0.01;
/** AWS time a CreateAccount stays IN_PROGRESS. */
export const CREATE_ACCOUNT_MS = 60_000;
/** Lambda memory of every function (serverless.yml). */
export const LAMBDA_GB = 0.25;
/** us-east-1 list prices. */
export const PRICE = { transition: 0.025 / 1000, gbSecond: 0.0000133334, request: 0.2 / 1e6 };

const local = await useLocalAws({
  sandbox: { createAccountLatencyMs: CREATE_ACCOUNT_MS, timeScale: TIME_SCALE, accountLimit: 1000 },
});
const sandbox = local.sandbox as Sandbox;
const { runWorkflow } = await import('#lib/local/run-workflow.ts');
const { resetDefaultDeps } = await import('#lib/steps/deps.ts');

export interface Vend {
  transitions: number;
  invocations: number;
  /** Handler durations, each rounded up to 1 ms as Lambda bills them. */
  billedMs: number;
  /** Real-time-equivalent ms per state (Task and Wait), repeated states summed. */
  stepMs: Map<string, number>;
  wallMs: number;
  /** From the account being ready in AWS to the workflow entering PlaceInOu. */
  pollSlackMs: number;
  polls: number;
}

let counter = 0;

/**
 * One successful ai-dev vend through the real state machine, Wait states at `waitSeconds` of AWS
 * time. `phaseMs` (AWS time) delays the first status poll: random phases make the moment the
 * account is ready fall anywhere between two polls, as a variable CreateAccount latency would.
 */
export async function vend(waitSeconds: number, phaseMs = 0): Promise<Vend> {
  counter += 1;
  // Start again from the sample world now and then: a growing organization (more accounts to
  // list and page through) would make later vends slower than earlier ones.
  if (counter % 20 === 0) {
    sandbox.reset();
    seedSampleWorld(sandbox);
    resetDefaultDeps(); // cached cross-account sessions died with the reset
  }
  const name = `bench-${process.pid}-${counter}`;
  if (phaseMs > 0)
    sandbox.faults.latency({
      service: 'organizations',
      operation: 'DescribeCreateAccountStatus',
      ms: phaseMs,
      times: 1,
    });
  let billedMs = 0;
  let started = 0;
  const run = await runWorkflow(
    {
      requestId: `req-${name}`,
      accountName: name,
      email: `${name}@example.com`,
      blueprint: 'ai-dev',
      requestedBy: { source: 'cli', id: 'bench' },
    },
    {
      waitMs: waitSeconds * 1000 * TIME_SCALE,
      retryMs: 2000 * TIME_SCALE,
      onInvocation: (_fn, phase) => {
        if (phase === 'start') started = performance.now();
        else billedMs += Math.ceil(performance.now() - started);
      },
    },
  );
  if (run.status !== 'SUCCEEDED') throw new Error(`vend ${name} ${run.status}: ${JSON.stringify(run.error)}`);
  sandbox.faults.clear();

  // Wait states ran scaled: their real time counts 1/TIME_SCALE times in AWS time.
  const waits: [number, number][] = [];
  const stepMs = new Map<string, number>();
  const entered = new Map<string, number>();
  for (const event of run.events) {
    if (!('state' in event)) continue;
    const { name: state, type } = event.state;
    if (event.type === 'StateEntered') entered.set(state, event.timestamp);
    if (event.type !== 'StateExited' || (type !== 'Task' && type !== 'Wait')) continue;
    const start = entered.get(state) ?? event.timestamp;
    if (type === 'Wait') waits.push([start, event.timestamp]);
    stepMs.set(state, (stepMs.get(state) ?? 0) + equivalent(start, event.timestamp, waits));
  }
  const first = run.events[0]?.timestamp ?? 0;
  const last = run.events.at(-1)?.timestamp ?? 0;
  const placeInOu = run.events.find(
    (e) => e.type === 'StateEntered' && 'state' in e && e.state.name === 'PlaceInOu',
  );
  const status = [...sandbox.org.createAccountStatusesById.values()].find((s) => s.accountName === name);
  const ready = status?.completedTimestamp?.getTime() ?? 0;
  return {
    transitions: run.transitions,
    invocations: run.invocations,
    billedMs,
    stepMs,
    wallMs: equivalent(first, last, waits),
    pollSlackMs: equivalent(ready, placeInOu?.timestamp ?? ready, waits),
    polls: run.events.filter(
      (e) => e.type === 'StateEntered' && 'state' in e && e.state.name === 'CheckAccount',
    ).length,
  };
}

/** Real ms from `start` to `end`, the parts inside Wait states scaled back to AWS time. */
function equivalent(start: number, end: number, waits: [number, number][]): number {
  let inWaits = 0;
  for (const [from, to] of waits) inWaits += Math.max(0, Math.min(end, to) - Math.max(start, from));
  return end - start - inWaits + inWaits / TIME_SCALE;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export const stopSandbox = () => local.stop();
