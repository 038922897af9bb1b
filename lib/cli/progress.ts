import type { WorkflowOptions } from '../local/run-workflow.ts';

type WorkflowEvent = Parameters<NonNullable<WorkflowOptions['onEvent']>>[0];

const SUMMARY: Record<string, (output: Record<string, unknown>) => string> = {
  Claim: (o) => (o.claimed ? 'claimed' : `already ${String(o.status).toLowerCase()} by another execution`),
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
  Complete: () => 'request SUCCEEDED',
};

function describeAccount(account: unknown): string {
  const a = account as { state: string; accountId?: string; createAccountRequestId?: string; polls: number };
  return a.accountId
    ? `account ${a.accountId}`
    : `${a.state} (${a.createAccountRequestId}, check ${a.polls})`;
}

/**
 * Prints each Task state as it starts and finishes, with its duration, so a person can follow
 * a vend. Writes to stderr: stdout stays clean for --json.
 */
export function progressPrinter(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  const started = new Map<string, number>();
  return (event: WorkflowEvent) => {
    if (!('state' in event)) return;
    const { name, type } = event.state;
    if (type !== 'Task' && type !== 'Wait') return;
    const label = name.padEnd(14);
    switch (event.type) {
      case 'StateEntered':
        started.set(name, event.timestamp);
        if (type === 'Task') write(`  … ${label}`);
        break;
      case 'StateExited': {
        if (type === 'Wait') break;
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
        write(`  ✗ ${label} failed`);
        break;
      default:
        break;
    }
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
