import type { LocalAws } from '#lib/local/environment.ts';
import { useLocalAws } from '#lib/local/environment.ts';
import type { WorkflowOptions, WorkflowResult } from '#lib/local/run-workflow.ts';
import type { RequestRecord } from '#lib/record/types.ts';
import type { Sandbox, SandboxOptions } from '#lib/sandbox/index.ts';

export interface Harness {
  local: LocalAws;
  sandbox: Sandbox;
  /** Runs the real state machine file with the real handlers; Wait and retry intervals shortened. */
  vend(input: unknown, options?: WorkflowOptions): Promise<WorkflowResult>;
  record(requestId: string): Promise<RequestRecord | undefined>;
  /** Executions started by `Account Requested` events on the bus, as the EventBridge rule does. */
  routedRuns: WorkflowResult[];
  /** Re-reads the blueprint file (after changing AVM_CONFIG_FILE or the files). */
  reloadConfig(): Promise<void>;
  stop(): Promise<void>;
}

/** One sandbox and one requests table per test file; handlers imported after the environment is set. */
export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  // AWS's default quota is 10 accounts; a test file vends more than that.
  const local = await useLocalAws({ sandbox: { createAccountLatencyMs: 30, accountLimit: 500, ...options } });
  const { runWorkflow } = await import('#lib/local/run-workflow.ts');
  const { defaultDeps, resetDefaultDeps } = await import('#lib/steps/deps.ts');
  const { clearConfigCache } = await import('#lib/config/index.ts');
  const { routeAccountRequests } = await import('#lib/local/event-routing.ts');
  const routing = routeAccountRequests(local.sandbox as Sandbox, local.busName, { waitMs: 5, retryMs: 1 });
  return {
    routedRuns: routing.runs,
    local,
    sandbox: local.sandbox as Sandbox,
    vend: (input, runOptions) => runWorkflow(input, { waitMs: 5, retryMs: 1, ...runOptions }),
    record: (requestId) => defaultDeps().repo.get(requestId),
    reloadConfig: async () => {
      clearConfigCache();
      resetDefaultDeps();
    },
    stop: async () => {
      routing.stop();
      await local.stop();
    },
  };
}

let counter = 0;
/** A fresh, valid request; ids and emails are unique per call. */
export function newRequest(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const id = `${process.pid}-${counter}`;
  return {
    requestId: `req-${id}`,
    accountName: `ml-team-${id}`,
    email: `ml-team-${id}@example.com`,
    blueprint: 'ai-dev',
    requestedBy: { source: 'cli', id: 'tester' },
    ...overrides,
  };
}
