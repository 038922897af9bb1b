import { VEND_RULE_PATTERN } from '../events/outcome.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { runWorkflow, type WorkflowOptions, type WorkflowResult } from './run-workflow.ts';

/**
 * Locally, the EventBridge rule of serverless.yml: every `Account Requested` or `Account Retry
 * Requested` event on the bus starts an execution of the state machine with the whole event as
 * input, under a generated name, as EventBridge does. Returns the runs so far and a way to stop routing.
 */
export function routeAccountRequests(sandbox: Sandbox, busName: string, options: WorkflowOptions = {}) {
  const runs: WorkflowResult[] = [];
  const stop = sandbox.events.onMatch({ bus: busName, pattern: VEND_RULE_PATTERN }, async (envelope) => {
    runs.push(await runWorkflow(envelope, options));
  });
  return { runs, stop };
}
