import { loadDefinition } from '#lib/local/definition.ts';

/**
 * A new account's IAM refuses calls for a while after CreateAccount reports SUCCEEDED (AWS gives
 * no figure: "verify propagation before depending on it", AWS-FACTS §IAM). CreateMlGroups meets
 * it first and the state machine retries it (AccountNotReadyError). What that adds on top of
 * the readiness delay itself follows from the ASL's retry policy alone, so it is computed from
 * the policy read out of the ASL file — exponential backoff with FULL jitter, as Step Functions
 * applies it — for a range of assumed delays, rather than from a sandbox run whose retry
 * intervals the local runner replaces with a fixed one.
 */
const DELAYS_S = [0, 10, 30, 60, 120];
const RUNS = 10_000;

interface RetryPolicy {
  ErrorEquals: string[];
  IntervalSeconds: number;
  MaxAttempts: number;
  BackoffRate: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}

const states = loadDefinition().definition.States as Record<string, { Retry?: RetryPolicy[] }>;
const policy = states.CreateMlGroups?.Retry?.find((r) => r.ErrorEquals.includes('AccountNotReadyError'));
if (!policy) throw new Error('CreateMlGroups has no retry for AccountNotReadyError');

// A deterministic generator, so the table is the same on every run.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

/** Seconds from the account being ready to the first CreateMlGroups attempt that finds it so. */
function lateness(readyAfter: number): { late: number; attempts: number } | undefined {
  let t = 0;
  for (let attempt = 0; attempt <= (policy as RetryPolicy).MaxAttempts; attempt++) {
    if (t >= readyAfter) return { late: t - readyAfter, attempts: attempt + 1 };
    const p = policy as RetryPolicy;
    const backoff = Math.min(p.IntervalSeconds * p.BackoffRate ** attempt, p.MaxDelaySeconds ?? Infinity);
    t += p.JitterStrategy === 'FULL' ? random() * backoff : backoff;
  }
  return undefined; // retries exhausted: the vend fails at CreateMlGroups
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

const rows = DELAYS_S.map((delay) => {
  const outcomes = Array.from({ length: RUNS }, () => lateness(delay));
  const done = outcomes.filter((o): o is { late: number; attempts: number } => o !== undefined);
  const late = done.map((o) => o.late).sort((a, b) => a - b);
  return {
    'IAM ready after': `${delay} s`,
    'added beyond it (median)': `${median(late).toFixed(1)} s`,
    p90: `${(late[Math.floor(late.length * 0.9)] ?? 0).toFixed(1)} s`,
    'attempts (median)': median(done.map((o) => o.attempts)),
    'transitions added (median)': median(done.map((o) => o.attempts - 1)),
    'vends failing': `${(((RUNS - done.length) / RUNS) * 100).toFixed(2)} %`,
  };
});

console.log(
  `\nIAM readiness of a new account (CreateMlGroups retry from the ASL: ${policy.IntervalSeconds} s × ${policy.BackoffRate}^n, cap ${policy.MaxDelaySeconds} s, jitter ${policy.JitterStrategy}, ${policy.MaxAttempts} retries; ${RUNS.toLocaleString('en-US')} draws per row)`,
);
console.table(rows);
