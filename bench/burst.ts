// Scale: bursts of requests under AWS's account-creation quota, in the sandbox with every
// Organizations rate limit and the 5-creation cap enforced, AWS time scaled.
// Its own process (bench/index.ts spawns it): the sandbox here differs from the other benches'.
// `node --import tsx bench/burst.ts [sizes...]`, default 10 50 200.
import { runBurst } from '#lib/local/burst.ts';
import { useLocalAws } from '#lib/local/environment.ts';
import { seedSampleWorld } from '#lib/local/sample-world.ts';
import type { Sandbox } from '#lib/sandbox/index.ts';

/** 20× faster than AWS: a 60 s creation takes 3 s. Faster, and handler time would dominate. */
const TIME_SCALE = 0.05;
const CREATE_ACCOUNT_MS = 60_000;
const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0) sizes.push(10, 50, 200);

const local = await useLocalAws({
  sandbox: {
    rateLimits: true,
    timeScale: TIME_SCALE,
    createAccountLatencyMs: CREATE_ACCOUNT_MS,
    accountLimit: 1000,
  },
});
const sandbox = local.sandbox as Sandbox;
const { resetDefaultDeps } = await import('#lib/steps/deps.ts');

const rows = [];
for (const size of sizes) {
  sandbox.reset();
  seedSampleWorld(sandbox);
  resetDefaultDeps(); // cross-account sessions died with the reset
  const burst = await runBurst(sandbox, {
    size,
    timeScale: TIME_SCALE,
    createAccountMs: CREATE_ACCOUNT_MS,
    prefix: `burst-${size}-${process.pid}`,
  });
  const outcomes = new Map<string, number>();
  for (const run of burst.runs) outcomes.set(run.status, (outcomes.get(run.status) ?? 0) + 1);
  const otherThrottles = Object.entries(burst.throttled).filter(([op]) => op !== 'CreateAccount');
  rows.push({
    requests: size,
    outcomes: [...outcomes].map(([status, n]) => `${status} ${n}`).join(', '),
    'creations, AWS time': minutes(burst.creationSpanMs),
    'quota-bound minimum': minutes(burst.quotaBoundMs),
    ratio: (burst.creationSpanMs / burst.quotaBoundMs).toFixed(2),
    'max concurrent': burst.peakConcurrentCreations,
    'CreateAccount throttled': burst.createAccountRefusals,
    'other calls throttled (retried)': otherThrottles.reduce((sum, [, n]) => sum + n, 0),
    'transitions / vend (median, max)': `${burst.transitions.median}, ${burst.transitions.max}`,
    'wall (real)': `${(burst.wallMs / 1000).toFixed(0)} s`,
    'simulator CPU busy': `${Math.round(burst.cpuBusy * 100)} %`,
  });
}

console.log(
  `\nScale: bursts under AWS's quota (5 creations in progress, CreateAccount 0.1/s; sandbox rate limits on; CreateAccount ${CREATE_ACCOUNT_MS / 1000} s of AWS time, run at ×${TIME_SCALE})`,
);
console.table(rows);
console.log(
  'ratio = AWS time from the first CreateAccount to the last creation ending ÷ the least the quota allows (⌈n/5⌉ creations back to back, or one CreateAccount per 10 s).\n' +
    'simulator CPU busy = CPU used by this one process (every execution, Lambda and the AWS endpoint) ÷ wall time: near 100 %, the machine rather than the quota sets the pace.',
);
await local.stop();

function minutes(ms: number): string {
  return `${(ms / 60_000).toFixed(1)} min`;
}
