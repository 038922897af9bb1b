/**
 * One sandbox and one requests table for all reliability scenarios of a process. The handlers
 * create their SDK clients once, at module scope, so the endpoint cannot change between
 * scenarios; instead each scenario (or each case of one) starts from a fresh organization with
 * `fresh()`, while request ids stay unique across the whole table.
 */

import type { TaskBinding } from '#lib/local/definition.ts';
import type { LocalAws } from '#lib/local/environment.ts';
import type { WorkflowOptions, WorkflowResult } from '#lib/local/run-workflow.ts';
import type { RequestRecord } from '#lib/record/types.ts';
import type { Sandbox, SandboxOptions } from '#lib/sandbox/index.ts';

/** Wait and retry intervals shortened, as in the workflow tests: the sandbox's time, not AWS's. */
export const FAST_TIMING = { waitMs: 5, retryMs: 1 } as const;

export interface World {
  local: LocalAws;
  sandbox: Sandbox;
  /** The Task states of the ASL file, in file order, with the function each one invokes. */
  tasks: TaskBinding[];
  /** Runs the real state machine with the real handlers, intervals shortened. */
  vend(input: unknown, options?: WorkflowOptions): Promise<WorkflowResult>;
  record(requestId: string): Promise<RequestRecord | undefined>;
  /** Executions the EventBridge rule started since the last `fresh()`. */
  routedRuns: WorkflowResult[];
  /**
   * A fresh organization with the sample world (shared-services and data-lake accounts, the data
   * bucket), no faults, no recorded calls or events, the rule routing to the state machine again,
   * and the handlers' cached clients and credentials forgotten.
   */
  fresh(): Promise<void>;
  /** Process-level unhandled rejections seen while the world was up. */
  unhandledRejections: unknown[];
  stop(): Promise<void>;
}

let counter = 0;
/** A fresh, valid request; ids and emails are unique per process. */
export function newRequest(prefix: string, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const id = `${prefix}-${process.pid}-${counter}`;
  return {
    requestId: `req-${id}`,
    accountName: `ml-${id}`,
    email: `ml-${id}@example.com`,
    blueprint: 'ai-dev',
    requestedBy: { source: 'cli', id: 'reliability' },
    ...overrides,
  };
}
export type Request = ReturnType<typeof newRequest>;

/** `sandbox`: options on top of the quick defaults, e.g. the burst's rate limits and time scale. */
export async function startWorld(sandboxOptions: SandboxOptions = {}): Promise<World> {
  const { useLocalAws } = await import('#lib/local/environment.ts');
  // Account creation is quick but asynchronous (CheckAccount polls at least once); fresh() keeps
  // the account count low, the limit only guards against a runaway scenario.
  const local = await useLocalAws({
    sandbox: { createAccountLatencyMs: 30, accountLimit: 1000, ...sandboxOptions },
  });
  const sandbox = local.sandbox as Sandbox;
  const { runWorkflow } = await import('#lib/local/run-workflow.ts');
  const { loadDefinition } = await import('#lib/local/definition.ts');
  const { defaultDeps, resetDefaultDeps } = await import('#lib/steps/deps.ts');
  const { clearConfigCache } = await import('#lib/config/index.ts');
  const { routeAccountRequests } = await import('#lib/local/event-routing.ts');
  const { seedSampleWorld } = await import('#lib/local/sample-world.ts');

  const unhandledRejections: unknown[] = [];
  const onRejection = (reason: unknown) => unhandledRejections.push(reason);
  process.on('unhandledRejection', onRejection);

  let routing = routeAccountRequests(sandbox, local.busName, FAST_TIMING);
  const world: World = {
    local,
    sandbox,
    tasks: loadDefinition().tasks,
    vend: (input, options) => runWorkflow(input, { ...FAST_TIMING, ...options }),
    record: (requestId) => defaultDeps().repo.get(requestId),
    routedRuns: routing.runs,
    unhandledRejections,
    async fresh() {
      await sandbox.events.idle(60_000);
      routing.stop();
      sandbox.reset();
      seedSampleWorld(sandbox);
      clearConfigCache();
      resetDefaultDeps();
      routing = routeAccountRequests(sandbox, local.busName, FAST_TIMING);
      world.routedRuns = routing.runs;
    },
    async stop() {
      routing.stop();
      process.off('unhandledRejection', onRejection);
      await local.stop();
    },
  };
  return world;
}
