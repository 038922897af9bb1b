/**
 * One burst in a process of its own, for the burst scenario: it needs a sandbox with AWS's rate
 * limits and a scaled clock, and the handlers' SDK clients keep the first endpoint a process
 * gives them. Prints `{ result, stats }` as JSON on stdout.
 *
 *   node --import tsx test/reliability/burst-run.ts <size>
 */
import { auditRequests, lostGrants, unhandledErrors } from './audit.ts';
import { count, emptyResult } from './scenario.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** AWS time 20× faster: a 60 s creation takes 3 s, CreateAccount's 0.1/s becomes 2/s. */
const TIME_SCALE = 0.05;
const CREATE_ACCOUNT_MS = 60_000;
const size = Number(process.argv[2]);
if (!Number.isInteger(size) || size < 1)
  throw new Error(`burst size must be a positive integer: ${process.argv[2]}`);

const { startWorld } = await import('./world.ts');
const world = await startWorld({
  rateLimits: true,
  timeScale: TIME_SCALE,
  createAccountLatencyMs: CREATE_ACCOUNT_MS,
});
try {
  const { runBurst } = await import('#lib/local/burst.ts');
  const { defaultDeps } = await import('#lib/steps/deps.ts');
  const burst = await runBurst(world.sandbox, {
    size,
    timeScale: TIME_SCALE,
    createAccountMs: CREATE_ACCOUNT_MS,
    prefix: `burst-${process.pid}`,
  });
  const result = emptyResult('burst', { SUCCEEDED: size });
  result.runs = burst.runs.length;
  for (const run of burst.runs) count(result.outcomes, run.status);
  const audit = await auditRequests(world, burst.requests);
  Object.assign(result, {
    duplicates: audit.duplicates,
    lost: audit.lost,
    leftInProgress: audit.leftInProgress,
  });
  result.problems.push(...audit.problems);
  const unhandled = unhandledErrors(burst.runs);
  result.unhandled = unhandled.length + world.unhandledRejections.length;
  result.problems.push(...unhandled);
  for (const grant of lostGrants(world, audit.records.values()))
    result.problems.push(`bucket-policy grant dropped by a concurrent vend: ${grant}`);
  // The quota, as the sandbox enforced it: never a 6th creation, never a refused CreateAccount.
  if (burst.peakConcurrentCreations > 5)
    result.problems.push(`${burst.peakConcurrentCreations} creations in progress at once; AWS allows 5`);
  if (burst.createAccountRefusals > 0)
    result.problems.push(`AWS throttled CreateAccount ${burst.createAccountRefusals} times`);
  const slots = await defaultDeps().slots.read();
  if (Object.keys(slots.holders).length > 0)
    result.problems.push(`creation slots still held: ${Object.keys(slots.holders).join(', ')}`);
  const otherThrottles = Object.entries(burst.throttled)
    .filter(([operation]) => operation !== 'CreateAccount')
    .reduce((sum, [, n]) => sum + n, 0);
  const ratio = burst.creationSpanMs / burst.quotaBoundMs;
  result.notes =
    `${size} requests at once under AWS's quota (sandbox rate limits on, ×${TIME_SCALE} time): ` +
    `max ${burst.peakConcurrentCreations} creations in progress, CreateAccount throttled ${burst.createAccountRefusals}×, ` +
    `other calls throttled and retried ${otherThrottles}×, creations took ${ratio.toFixed(2)}× the quota-bound minimum ` +
    `(simulator CPU ${Math.round(burst.cpuBusy * 100)} % busy)`;
  const stats = {
    peakConcurrentCreations: burst.peakConcurrentCreations,
    createAccountRefusals: burst.createAccountRefusals,
    otherThrottles,
    ratio,
  };
  process.stdout.write(`${JSON.stringify({ result, stats })}\n`);
} finally {
  await world.stop();
}
