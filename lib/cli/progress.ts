import type { WorkflowOptions } from '../local/run-workflow.ts';

type WorkflowEvent = Parameters<NonNullable<WorkflowOptions['onEvent']>>[0];

const SUMMARY: Record<string, (output: Record<string, unknown>) => string> = {
  Claim: (o) => (o.claimed ? 'claimed' : `already ${o.status} (owned by another execution): nothing to do`),
  CreateAccount: (o) => describeAccount(o.account),
  CheckAccount: (o) => describeAccount(o.account),
  PlaceInOu: (o) => {
    const ou = o.ou as { ouPath: string; createdOus: string[]; moved: boolean };
    const created = ou.createdOus.length > 0 ? `, created ${ou.createdOus.join(', ')}` : '';
    return `${ou.moved ? 'moved to' : 'already in'} ${ou.ouPath}${created}`;
  },
  ApplyScps: (o) => {
    const s = o.scps as { scps: string[]; ouScps: string[]; created: string[]; updated: string[] };
    const changes = [
      s.created.length && `${s.created.length} created`,
      s.updated.length && `${s.updated.length} updated`,
    ]
      .filter(Boolean)
      .join(', ');
    return `account: ${s.scps.join(', ') || '-'}; OU: ${s.ouScps.join(', ') || '-'}${changes ? ` (${changes})` : ''}`;
  },
  ShareResources: (o) => {
    const r = o.shares as {
      shares: { name: string; ownerAccount: string }[];
      created: string[];
      associated: string[];
    };
    if (r.shares.length === 0) return 'no resource shares in the blueprint';
    return (
      r.shares.map((s) => `${s.name} (owner ${s.ownerAccount})`).join(', ') +
      changes(r.created.length + r.associated.length)
    );
  },
  CreateMlGroups: (o) => {
    const r = o.groups as {
      groups: string[];
      executionRoleArn?: string;
      trainingBucket?: string;
      changed: string[];
    };
    const parts = [`groups ${r.groups.join(', ') || '-'}`];
    if (r.executionRoleArn) parts.push(`execution role ${r.executionRoleArn.split('/').pop()}`);
    if (r.trainingBucket) parts.push(`bucket ${r.trainingBucket}`);
    return parts.join('; ') + changes(r.changed.length);
  },
  GrantDataAccess: (o) => {
    const r = o.dataAccess as {
      dataRoles: { name: string; bucket: string; prefix: string; access: string }[];
      changed: string[];
    };
    if (r.dataRoles.length === 0) return 'no data access in the blueprint';
    return (
      r.dataRoles.map((d) => `${d.name}: s3://${d.bucket}/${d.prefix} ${d.access}`).join(', ') +
      changes(r.changed.length)
    );
  },
  Complete: () => 'request SUCCEEDED',
  RecordFailure: (o) =>
    o.recorded ? `failure recorded for ${o.step}` : 'no record to write (see the error)',
};

function changes(count: number): string {
  return count === 0 ? ' (already in place)' : '';
}

function describeAccount(account: unknown): string {
  const a = account as {
    state: string;
    accountId?: string;
    createAccountRequestId?: string;
    polls: number;
    queuePosition?: number;
  };
  if (a.accountId) return `account ${a.accountId} is ready`;
  if (a.state === 'WAITING_FOR_SLOT') {
    const ahead = a.queuePosition ?? 0;
    return `waiting for one of AWS's 5 account-creation slots (${ahead === 0 ? 'next in line' : `${ahead} ahead`})`;
  }
  return a.polls === 0
    ? `AWS is creating the account (${a.createAccountRequestId})`
    : `still ${a.state} after ${a.polls} check${a.polls === 1 ? '' : 's'}`;
}

/**
 * Prints each Task state as it starts and finishes, with its duration, so a person can follow
 * a vend. Writes to stderr: stdout stays clean for --json.
 */
export function progressPrinter(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  const started = new Map<string, number>();
  const lastError = new Map<string, string>();
  const caught = new Set<string>();
  return (event: WorkflowEvent) => {
    if (!('state' in event)) return;
    const { name, type } = event.state;
    if (type !== 'Task' && type !== 'Wait') return;
    const label = name.padEnd(14);
    switch (event.type) {
      case 'StateEntered':
        started.set(name, event.timestamp);
        break;
      case 'StateFailed':
        lastError.set(name, `${event.Error}`);
        break;
      case 'StateExited': {
        // A caught error also "exits" the state, with the error as output: already reported.
        if (type === 'Wait' || caught.delete(name)) break;
        const ms = event.timestamp - (started.get(name) ?? event.timestamp);
        const output = (event.state.output ?? {}) as Record<string, unknown>;
        write(`  ✓ ${label} ${formatMs(ms).padStart(7)}  ${SUMMARY[name]?.(output) ?? ''}`);
        break;
      }
      case 'StateRetried':
        write(
          `  ↻ ${label} retrying (attempt ${event.retry.attempt}) after ${event.retry.retrier.ErrorEquals.join('|')}`,
        );
        break;
      case 'StateCaught':
        caught.add(name);
        write(`  ✗ ${label} failed: ${lastError.get(name) ?? 'error'}`);
        break;
      default:
        break;
    }
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
