/** What one clean vend does, read from the sandbox: the AWS operations and the states that call them. */
import type { WorkflowResult } from '#lib/local/run-workflow.ts';
import type { World } from './world.ts';

export interface OperationUse {
  service: string;
  operation: string;
  /** The Task states that called it, in the order they first did. */
  states: string[];
}

export interface ReferenceVend {
  run: WorkflowResult;
  accountId: string;
  /** Every operation the vend called, in the order of first call. */
  operations: OperationUse[];
  /** The Task states the vend ran, in order (each once). */
  states: string[];
  /** The steps its record marks as done (`steps.<Step>`). */
  steps: string[];
}

/**
 * One vend in a fresh world, one invocation at a time, with each sandbox call attributed to the
 * Task state whose Lambda was running. Operations and states added to the workflow later show up
 * here without anyone listing them.
 */
export async function referenceVend(world: World, request: { requestId: string }): Promise<ReferenceVend> {
  await world.fresh();
  const stateOf = Object.fromEntries(world.tasks.map((task) => [task.functionKey, task.state]));
  let current = '';
  let seen = 0;
  const byKey = new Map<string, OperationUse>();
  const states: string[] = [];
  const attribute = () => {
    for (const call of world.sandbox.calls.slice(seen)) {
      const key = `${call.service}:${call.operation}`;
      const use = byKey.get(key) ?? { service: call.service, operation: call.operation, states: [] };
      if (!use.states.includes(current)) use.states.push(current);
      byKey.set(key, use);
    }
    seen = world.sandbox.calls.length;
  };
  const run = await world.vend(request, {
    onInvocation: (functionKey, phase) => {
      if (phase === 'start') {
        current = stateOf[functionKey] ?? functionKey;
        if (!states.includes(current)) states.push(current);
        seen = world.sandbox.calls.length;
      } else attribute();
    },
  });
  if (run.status !== 'SUCCEEDED')
    throw new Error(`the reference vend ended ${run.status}: ${run.error?.cause}`);
  const record = await world.record(request.requestId);
  return {
    run,
    accountId: record?.accountId as string,
    operations: [...byKey.values()],
    states,
    steps: Object.keys(record?.steps ?? {}),
  };
}
