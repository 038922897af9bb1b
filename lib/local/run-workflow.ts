import './polyfills.ts';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import {
  ExecutionAbortedError,
  ExecutionError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { DEFINITION_FILE, loadDefinition, SERVERLESS_FILE, type TaskBinding } from './definition.ts';

type EventLog = Awaited<ReturnType<ReturnType<StateMachine['run']>['eventLogs']['next']>>['value'];
type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface WorkflowResult {
  executionArn: string;
  /** ABORTED only when `stop` ended the execution. */
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: { error: string; cause: string };
  /** State transitions as Step Functions bills them: one per state entered, one per retry. */
  transitions: number;
  /** Lambda invocations, retries included. */
  invocations: number;
  events: NonNullable<EventLog>[];
}

export interface WorkflowOptions {
  /** Execution name; Step Functions generates a UUID when an EventBridge rule starts it. */
  name?: string;
  /** Milliseconds every Wait state pauses instead of its Seconds (tests and the demo shorten it). */
  waitMs?: number;
  /** Milliseconds per Wait state, by state name; takes precedence over `waitMs`. */
  waitMsByState?: Record<string, number>;
  /** Milliseconds before every retry instead of the ASL's backoff. */
  retryMs?: number;
  onEvent?: (event: NonNullable<EventLog>) => void;
  /**
   * Called as each Task's Lambda invocation starts and ends, with the function key serverless.yml
   * binds to it: a caller running one execution at a time can attribute AWS calls to functions.
   */
  onInvocation?: (functionKey: string, phase: 'start' | 'end') => void;
  /**
   * Ends the execution as if it died at a Task state: `before` its Lambda runs (the invocation
   * never happened), or `after` its Lambda returned (the work was done, Step Functions never saw
   * the result). The result is ABORTED; the record is left as that moment left it.
   */
  stop?: { state: string; when: 'before' | 'after' };
}

/** The error a Task sees when `stop` ends its execution; the aborted execution runs no further state. */
export const STOPPED_ERROR_NAME = 'ExecutionStopped';
class ExecutionStopped extends Error {
  override name = STOPPED_ERROR_NAME;
}

/**
 * Runs the real state machine file with the real Lambda handlers in this process. Each Task
 * state invokes the handler serverless.yml binds to its function, through a JSON round trip
 * and with Lambda's error shape, so the ASL sees what it would see in AWS.
 */
export async function runWorkflow(input: unknown, options: WorkflowOptions = {}): Promise<WorkflowResult> {
  const { definition, tasks, machine } = preparedMachine();
  const name = options.name ?? randomUUID();
  const executionArn = `arn:aws:states:us-east-1:000000000000:execution:account-vending-local-vend-account:${name}`;
  let invocations = 0;
  let abort = () => {};
  let stopped = false;
  const stopHere = (state: string, when: 'before' | 'after') => {
    if (stopped || options.stop?.state !== state || options.stop.when !== when) return;
    stopped = true;
    abort();
    throw new ExecutionStopped(`Execution stopped ${when} ${state}`);
  };
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const task of tasks) {
    const handler = await importHandler(task);
    handlers[task.state] = async (event) => {
      // The first Task is invoked before machine.run() returns, so before `abort` is known.
      await Promise.resolve();
      stopHere(task.state, 'before');
      invocations++;
      options.onInvocation?.(task.functionKey, 'start');
      let output: unknown;
      try {
        output = await invokeLikeLambda(handler, task, event);
      } finally {
        options.onInvocation?.(task.functionKey, 'end');
      }
      stopHere(task.state, 'after');
      return output;
    };
  }
  if (options.stop && !tasks.some((task) => task.state === options.stop?.state))
    throw new Error(`stop: ${options.stop.state} is not a Task state of the workflow`);
  const waitStates = Object.keys(everyState(definition, 'Wait', 0));
  for (const state of Object.keys(options.waitMsByState ?? {}))
    if (!waitStates.includes(state))
      throw new Error(`waitMsByState: ${state} is not a Wait state of the workflow`);
  const overrides = {
    taskResourceLocalHandlers: handlers as never,
    ...(options.waitMs !== undefined || options.waitMsByState !== undefined
      ? {
          waitTimeOverrides: {
            ...(options.waitMs !== undefined
              ? everyState(definition, 'Wait', options.waitMs, fixedWait)
              : {}),
            ...options.waitMsByState,
          },
        }
      : {}),
    ...(options.retryMs !== undefined
      ? { retryIntervalOverrides: everyState(definition, 'Task', options.retryMs) }
      : {}),
  };
  const execution = machine.run(input as never, {
    overrides,
    context: { Execution: { Id: executionArn, Name: name } },
  });
  abort = execution.abort;
  const events: NonNullable<EventLog>[] = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      events.push(event);
      options.onEvent?.(event);
    }
  })();
  let output: unknown;
  let failed = false;
  let aborted = false;
  try {
    output = await execution.result;
  } catch (error) {
    if (error instanceof ExecutionAbortedError && stopped) aborted = true;
    else if (error instanceof ExecutionError) failed = true;
    else throw error;
  }
  await collecting;
  const transitions = events.filter(
    (event) => event.type === 'StateEntered' || event.type === 'StateRetried',
  ).length;
  if (aborted) return { executionArn, status: 'ABORTED', transitions, invocations, events };
  if (!failed) return { executionArn, status: 'SUCCEEDED', output, transitions, invocations, events };
  const end = events.findLast((event) => event.type === 'ExecutionFailed') as
    | { Error?: string; Cause?: unknown }
    | undefined;
  const result: WorkflowResult = {
    executionArn,
    status: 'FAILED',
    error: { error: end?.Error ?? 'States.Runtime', cause: String(end?.Cause ?? 'unknown') },
    transitions,
    invocations,
    events,
  };
  return result;
}

let prepared: (ReturnType<typeof loadDefinition> & { key: string; machine: StateMachine }) | undefined;

/**
 * The state machine, loaded and validated once per version of the ASL file and serverless.yml:
 * validation takes longer than a whole local vend, and one machine runs any number of executions.
 */
function preparedMachine() {
  const key = [DEFINITION_FILE, SERVERLESS_FILE].map((file) => statSync(file).mtimeMs).join('/');
  if (prepared?.key !== key) {
    const { definition, tasks } = loadDefinition();
    const machine = new StateMachine(definition as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    prepared = { key, definition, tasks, machine };
  }
  return prepared;
}

async function importHandler(task: TaskBinding): Promise<LambdaHandler> {
  const module = (await import(task.file)) as Record<string, unknown>;
  const handler = module[task.exportName];
  if (typeof handler !== 'function') throw new Error(`${task.file} does not export ${task.exportName}`);
  return handler as LambdaHandler;
}

/** Lambda's invoke: JSON in, JSON out; a thrown error surfaces as `errorType` + `errorMessage`. */
async function invokeLikeLambda(handler: LambdaHandler, task: TaskBinding, event: unknown): Promise<unknown> {
  const context = {
    functionName: `account-vending-local-${task.functionKey}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:account-vending-local-${task.functionKey}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/account-vending-local-${task.functionKey}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
  };
  try {
    const output = await handler(JSON.parse(JSON.stringify(event)), context);
    return output === undefined ? null : JSON.parse(JSON.stringify(output));
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    const lambdaError = new Error(JSON.stringify({ errorType: error.name, errorMessage: error.message }));
    lambdaError.name = error.name;
    throw lambdaError;
  }
}

/**
 * A Wait of fixed length. One that waits until a time the workflow computed (admission
 * control's TimestampPath) already follows the local environment's clock and is not shortened.
 */
function fixedWait(state: Record<string, unknown>): boolean {
  return state.TimestampPath === undefined && state.SecondsPath === undefined;
}

function everyState(
  definition: Record<string, unknown>,
  type: string,
  value: number,
  include: (state: Record<string, unknown>) => boolean = () => true,
): Record<string, number> {
  const states = definition.States as Record<string, { Type: string }>;
  return Object.fromEntries(
    Object.entries(states)
      .filter(([, state]) => state.Type === type && include(state))
      .map(([state]) => [state, value]),
  );
}
