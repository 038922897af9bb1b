import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import * as errors from '#lib/errors.ts';
import { RETRYABLE_ERROR_NAMES } from '#lib/errors.ts';
import { loadDefinition, serverlessFunctions } from '#lib/local/definition.ts';

type State = {
  Type: string;
  Retry?: { ErrorEquals: string[]; JitterStrategy?: string; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Next?: string;
  Seconds?: number;
  TimestampPath?: string;
  ResultPath?: string;
  Choices?: unknown[];
  Parameters?: Record<string, unknown>;
};

describe('statemachines/vend-account.asl.yaml', () => {
  const { definition, tasks } = loadDefinition();
  const states = definition.States as unknown as Record<string, State>;

  it('is valid Amazon States Language once its Lambda ARNs are resolved', () => {
    const result = aslValidator(definition as never);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('binds every Task state to a function declared in serverless.yml whose handler file exists', () => {
    const functions = serverlessFunctions();
    const taskStates = Object.entries(states)
      .filter(([, s]) => s.Type === 'Task')
      .map(([name]) => name);
    expect(tasks.map((t) => t.state).sort()).toEqual(taskStates.sort());
    for (const task of tasks) {
      expect(functions[task.functionKey]).toBeDefined();
      // State names equal handler names: CreateAccount ↔ functions/create-account.ts
      const kebab = task.state.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      expect(task.file.endsWith(`functions/${kebab}.ts`)).toBe(true);
    }
  });

  it('retries only error names that exist, with full jitter, and every retryable name somewhere', () => {
    const ours = new Set(
      Object.values(errors as Record<string, unknown>)
        .filter((value) => typeof value === 'function')
        .map((value) => (value as { name: string }).name),
    );
    const retried = new Set<string>();
    for (const [name, state] of Object.entries(states)) {
      for (const retrier of state.Retry ?? []) {
        expect(retrier.JitterStrategy, `${name} retrier ${retrier.ErrorEquals}`).toBe('FULL');
        for (const error of retrier.ErrorEquals) {
          retried.add(error);
          if (!error.startsWith('Lambda.'))
            expect(ours.has(error), `${name} retries unknown error ${error}`).toBe(true);
        }
      }
    }
    for (const name of RETRYABLE_ERROR_NAMES)
      expect(retried.has(name), `${name} is never retried`).toBe(true);
  });

  it('catches every failure of every step into RecordFailure, naming the step', () => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task' || name === 'RecordFailure' || name === 'Notify') continue;
      expect(state.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: `$.failure.${name}`, Next: 'RecordFailure' },
      ]);
    }
  });

  it('tells the requester on both outcomes, and never fails a vend because telling failed', () => {
    expect(states.Complete?.Next).toBe('Notify');
    expect(states.RecordFailure?.Next).toBe('Notify');
    expect(states.Notify?.Next).toBe('IsVended');
    expect(states.Notify?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.notifyFailure', Next: 'IsVended' },
    ]);
    expect(states.VendFailed?.Type).toBe('Fail');
    expect(states.Vended?.Type).toBe('Succeed');
  });

  it('polls the account creation in a bounded Wait/CheckAccount loop', () => {
    expect(states.WaitForAccount?.Type).toBe('Wait');
    expect(states.WaitForAccount?.Next).toBe('CheckAccount');
    expect(states.CheckAccount?.Next).toBe('IsAccountReady');
    expect(states.CheckAccount?.Parameters?.maxPolls).toBeGreaterThan(0);
    const maxWait = (states.WaitForAccount?.Seconds ?? 0) * Number(states.CheckAccount?.Parameters?.maxPolls);
    expect(maxWait).toBeLessThanOrEqual(60 * 60);
  });

  it('waits for a creation slot in the state machine, never in a Lambda, and asks CreateAccount again', () => {
    const choices = (states.IsAccountReady?.Choices ?? []) as { StringEquals?: string; Next?: string }[];
    expect(choices.find((c) => c.StringEquals === 'WAITING_FOR_SLOT')?.Next).toBe('WaitForCreationSlot');
    expect(states.WaitForCreationSlot?.Type).toBe('Wait');
    // CreateAccount's result replaces $.account, so the wait reads the time it was just given.
    expect(states.CreateAccount?.ResultPath).toBe('$.account');
    expect(states.WaitForCreationSlot?.TimestampPath).toBe('$.account.retryAt');
    expect(states.WaitForCreationSlot?.Next).toBe('CreateAccount');
  });
});
