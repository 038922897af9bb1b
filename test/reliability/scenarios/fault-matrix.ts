/**
 * Every AWS operation a vend calls, failed on purpose: transient faults a few times in a row
 * (the vend must still succeed), or a permanent refusal (the vend must fail at the step that
 * calls it, say why, and keep what earlier steps did).
 */
import type { WorkflowResult } from '#lib/local/run-workflow.ts';
import type { ErrorFault } from '#lib/sandbox/index.ts';
import { accountsOf, auditRequests, unhandledErrors } from '../audit.ts';
import { type OperationUse, referenceVend } from '../calls.ts';
import { count, emptyResult, type Scenario, type ScenarioResult, traced } from '../scenario.ts';
import { newRequest, type World } from '../world.ts';

type TransientKind = 'throttling' | 'concurrent modification' | '5xx' | 'timeout';
const TRANSIENT_KINDS: TransientKind[] = ['throttling', 'concurrent modification', '5xx', 'timeout'];

/** Each service's own error names and statuses for the faults (from the services' API models). */
const SERVICE_ERRORS: Record<
  string,
  {
    throttling: [string, number];
    concurrent?: [string, number];
    unavailable: [string, number];
    denied: [string, number];
  }
> = {
  organizations: {
    throttling: ['TooManyRequestsException', 400],
    concurrent: ['ConcurrentModificationException', 400],
    unavailable: ['ServiceException', 500],
    denied: ['AccessDeniedException', 400],
  },
  iam: {
    throttling: ['Throttling', 400],
    concurrent: ['ConcurrentModification', 409],
    unavailable: ['ServiceFailure', 500],
    denied: ['AccessDenied', 403],
  },
  s3: {
    throttling: ['SlowDown', 503],
    concurrent: ['OperationAborted', 409],
    unavailable: ['InternalError', 500],
    denied: ['AccessDenied', 403],
  },
  ram: {
    throttling: ['ThrottlingException', 429],
    unavailable: ['ServerInternalException', 500],
    denied: ['AccessDeniedException', 403],
  },
  sts: {
    throttling: ['Throttling', 400],
    unavailable: ['InternalFailure', 500],
    denied: ['AccessDenied', 403],
  },
  dynamodb: {
    throttling: ['ThrottlingException', 400],
    unavailable: ['InternalServerError', 500],
    denied: ['AccessDeniedException', 400],
  },
  events: {
    throttling: ['ThrottlingException', 400],
    unavailable: ['InternalException', 500],
    denied: ['AccessDeniedException', 400],
  },
};

/**
 * The requests table is where the outcome is written: a table that refuses every write
 * leaves nothing to record a failure in, so it gets transient faults only.
 */
const NO_PERMANENT_FAULTS = new Set(['dynamodb']);
/** Notify's own failures never fail a vend: the outcome is already recorded. */
const NEVER_FAILS_A_VEND = new Set(['Notify']);

/** What a refusal is called once named (AssumeRole into a brand-new account is retried first). */
const PERMISSION_ERRORS = new Set(['AwsPermissionError', 'AccountNotReadyError']);

interface Case {
  use: OperationUse;
  fault: TransientKind | 'permanent';
}

/** The SDK tries 3 times per call: 3 faults in a row also make the state machine retry the step. */
const TIMES = { fast: 2, full: 3 };

function inject(world: World, use: OperationUse, kind: TransientKind | 'permanent', times: number): boolean {
  const errors = SERVICE_ERRORS[use.service];
  if (!errors) throw new Error(`no fault names for service ${use.service}`);
  const target = { service: use.service, operation: use.operation };
  const add = ([error, httpStatus]: [string, number], n: number) =>
    world.sandbox.faults.add({ ...target, error, httpStatus, times: n } satisfies ErrorFault);
  switch (kind) {
    case 'throttling':
      add(errors.throttling, times);
      return true;
    case 'concurrent modification':
      // A HEAD answer carries no error code, only a status: there is no such fault to tell apart.
      if (!errors.concurrent || use.operation.startsWith('Head')) return false;
      add(errors.concurrent, times);
      return true;
    case '5xx':
      add(errors.unavailable, times);
      return true;
    case 'timeout':
      // The call takes effect, its answer is late and never arrives: what a client sees when
      // its request timer fires (the SDK retries it, so the operation reaches AWS again).
      world.sandbox.faults.latency({ ...target, ms: 100, times });
      world.sandbox.faults.loseResponse({ ...target, times });
      return true;
    case 'permanent':
      if (NO_PERMANENT_FAULTS.has(use.service)) return false;
      add(errors.denied, 10_000);
      return true;
  }
}

export const faultMatrix: Scenario = {
  name: 'fault matrix',
  description:
    'each AWS operation of a vend: throttling, concurrent modification, 5xx and timeout a few times in a row → SUCCEEDED; AccessDenied every time → FAILED at the step that calls it, earlier work kept',
  sizes: {
    fast: 'every 11th operation, one transient fault each (2 in a row), 2 of them also denied',
    full: 'every operation × every transient fault (3 in a row) + every operation denied',
  },
  async run(size, world): Promise<ScenarioResult> {
    const reference = await referenceVend(world, newRequest('fm-ref'));
    const cases: Case[] = [];
    reference.operations.forEach((use, index) => {
      if (size === 'full') {
        for (const fault of [...TRANSIENT_KINDS, 'permanent' as const]) cases.push({ use, fault });
      } else if (index % 11 === 0) {
        cases.push({ use, fault: TRANSIENT_KINDS[(index / 11) % TRANSIENT_KINDS.length] as TransientKind });
        if (index % 22 === 11) cases.push({ use, fault: 'permanent' });
      }
    });

    const result = emptyResult(this.name);
    let skipped = 0;
    const runs: WorkflowResult[] = [];
    for (const { use, fault } of cases) {
      await world.fresh();
      if (!inject(world, use, fault, TIMES[size])) {
        skipped++;
        continue;
      }
      const label = `${fault} on ${use.service}:${use.operation}`;
      const request = newRequest('fm');
      const run = await traced(label, () => world.vend(request));
      world.sandbox.faults.clear();
      runs.push(run);
      result.runs++;
      count(result.outcomes, run.status);

      const failingState = use.states.find((state) => !NEVER_FAILS_A_VEND.has(state));
      const expectFailure = fault === 'permanent' && failingState !== undefined;
      count(result.expectedOutcomes, expectFailure ? 'FAILED' : 'SUCCEEDED');

      const audit = await auditRequests(world, [request]);
      result.duplicates += audit.duplicates;
      result.lost += audit.lost;
      result.leftInProgress += audit.leftInProgress;
      result.problems.push(...audit.problems.map((p) => `${label}: ${p}`));
      const record = audit.records.get(request.requestId);
      if (expectFailure !== (run.status === 'FAILED')) {
        result.problems.push(
          `${label}: ended ${run.status}${record?.failure ? ` at ${record.failure.step}: ${record.failure.error}: ${record.failure.message}` : ''}`,
        );
        continue;
      }
      if (!expectFailure || !record) continue;
      // The step that calls it failed, saying which call AWS refused; earlier steps' work is kept.
      const { failure } = record;
      if (failure?.step !== failingState || !PERMISSION_ERRORS.has(failure.error)) {
        result.problems.push(
          `${label}: expected a permission failure at ${failingState}, got ${JSON.stringify(failure)}`,
        );
      }
      const before = reference.states.slice(0, reference.states.indexOf(failingState as string));
      const missing = before.filter(
        (state) => reference.steps.includes(state) && !record.steps[state as never],
      );
      if (missing.length > 0) result.problems.push(`${label}: record lost the steps ${missing.join(', ')}`);
      // An account that exists is in the record: by its id, or by the creation that makes it.
      const accounts = accountsOf(world, request);
      const known = record.accountId === accounts[0] || (!record.accountId && record.createAccountRequestId);
      if (accounts.length > 0 && !known)
        result.problems.push(`${label}: account ${accounts.join(',')} is not in the record`);
    }
    const unhandled = unhandledErrors(runs);
    result.unhandled = unhandled.length;
    result.problems.push(...unhandled);
    result.notes = `${reference.operations.length} operations of ${new Set(reference.operations.map((o) => o.service)).size} services; ${skipped} cases not applicable (no such error for the service, or the requests table denied)`;
    return result;
  },
};
