/** The invariants every scenario reports, read from the organization, the table and the executions. */
import * as errors from '#lib/errors.ts';
import { STOPPED_ERROR_NAME, type WorkflowResult } from '#lib/local/run-workflow.ts';
import type { RequestRecord } from '#lib/record/types.ts';
import type { World } from './world.ts';

/** The error names the ASL is written against: lib/errors.ts, plus what Step Functions itself raises. */
const KNOWN_ERRORS = new Set(
  (Object.values(errors) as unknown[])
    .filter((value): value is { name: string; prototype: unknown } => typeof value === 'function')
    .filter((cls) => cls.prototype instanceof Error)
    .map((cls) => cls.name),
);

function isKnownError(name: string): boolean {
  return (
    KNOWN_ERRORS.has(name) ||
    name.startsWith('States.') ||
    name.startsWith('Lambda.') ||
    name === STOPPED_ERROR_NAME
  );
}

/** Each Task failure whose error name the ASL does not know: a bug that escaped a handler unnamed. */
export function unhandledErrors(runs: WorkflowResult[]): string[] {
  const found: string[] = [];
  for (const run of runs) {
    for (const event of run.events) {
      // A Fail state repeats the error it was given; the Task that raised it is what counts.
      if (event.type !== 'StateFailed' || event.state.type !== 'Task') continue;
      const { Error: name, Cause: cause } = event as { Error: string; Cause: unknown };
      if (!isKnownError(name)) found.push(`${event.state.name}: ${name}: ${String(cause).slice(0, 200)}`);
    }
  }
  return found;
}

/** Accounts in the organization that belong to the request: its email, or its `avm:request-id` tag. */
export function accountsOf(world: World, request: { requestId: string; email: string }): string[] {
  const email = request.email.toLowerCase();
  return world.sandbox.org.accounts
    .filter(
      (account) =>
        account.email.toLowerCase() === email ||
        world.sandbox.org.tagsOf(account.id)['avm:request-id'] === request.requestId,
    )
    .map((account) => account.id);
}

export interface RequestAudit {
  duplicates: number;
  lost: number;
  leftInProgress: number;
  problems: string[];
  records: Map<string, RequestRecord | undefined>;
}

/**
 * Once every execution has ended: accounts beyond one per request, requests without a record
 * or still REQUESTED (nothing will finish them), and records left IN_PROGRESS.
 */
export async function auditRequests(
  world: World,
  requests: { requestId: string; email: string }[],
): Promise<RequestAudit> {
  const audit: RequestAudit = { duplicates: 0, lost: 0, leftInProgress: 0, problems: [], records: new Map() };
  for (const request of requests) {
    const accounts = accountsOf(world, request);
    if (accounts.length > 1) {
      audit.duplicates += accounts.length - 1;
      audit.problems.push(`${request.requestId}: ${accounts.length} accounts (${accounts.join(', ')})`);
    }
    const record = await world.record(request.requestId);
    audit.records.set(request.requestId, record);
    if (!record || record.status === 'REQUESTED') {
      audit.lost++;
      audit.problems.push(`${request.requestId}: ${record ? 'still REQUESTED' : 'no record'}`);
    } else if (record.status === 'IN_PROGRESS') {
      audit.leftInProgress++;
      audit.problems.push(`${request.requestId}: left IN_PROGRESS (owner ${record.owner})`);
    }
  }
  return audit;
}

/**
 * Requests that SUCCEEDED with bucket-policy statements in their record that the bucket's
 * policy no longer has: a grant another writer's read-modify-write of the same policy dropped.
 */
export function lostGrants(world: World, records: Iterable<RequestRecord | undefined>): string[] {
  const lost: string[] = [];
  for (const record of records) {
    if (record?.status !== 'SUCCEEDED') continue;
    const sids = new Set<string | undefined>();
    for (const name of new Set((record.dataRoles ?? []).map((grant) => grant.bucket))) {
      const policy = world.sandbox.s3.buckets.get(name)?.policy;
      const statements = policy ? (JSON.parse(policy) as { Statement?: { Sid?: string }[] }).Statement : [];
      for (const statement of [statements ?? []].flat()) sids.add(statement.Sid);
    }
    const missing = (record.bucketPolicySids ?? []).filter((sid) => !sids.has(sid));
    if (missing.length > 0) lost.push(`${record.requestId}: ${missing.join(', ')}`);
  }
  return lost;
}
