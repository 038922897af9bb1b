/**
 * `npm run reliability`: every scenario at full size against one embedded sandbox, then the
 * table. Exit status 1 when any scenario breaks an invariant or ends otherwise than expected.
 *
 *   node --import tsx test/reliability/report.ts [--fast] [scenario name …]
 */
import { type ScenarioResult, type Size, violations } from './scenario.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = process.argv.slice(2);
const size: Size = args.includes('--fast') ? 'fast' : 'full';
const only = args.filter((arg) => !arg.startsWith('--'));

const { scenarios } = await import('./scenarios/index.ts');
const { startWorld } = await import('./world.ts');
const world = await startWorld();
const results: { result: ScenarioResult; seconds: number }[] = [];
const started = Date.now();
try {
  for (const scenario of scenarios) {
    if (only.length > 0 && !only.includes(scenario.name)) continue;
    process.stderr.write(`${scenario.name} (${size}: ${scenario.sizes[size]}) … `);
    const t0 = Date.now();
    const rejectionsBefore = world.unhandledRejections.length;
    const result = await scenario.run(size, world);
    result.unhandled += world.unhandledRejections.length - rejectionsBefore;
    const seconds = (Date.now() - t0) / 1000;
    process.stderr.write(`${seconds.toFixed(1)} s\n`);
    results.push({ result, seconds });
  }
} finally {
  await world.stop();
}

console.log(formatTable(results.map((r) => r.result)));
console.log(
  `\n${size} size, ${((Date.now() - started) / 1000).toFixed(0)} s in all, node ${process.version}`,
);
let failed = false;
for (const { result } of results) {
  if (result.notes) console.log(`- ${result.scenario}: ${result.notes}`);
  for (const issue of result.knownIssues ?? [])
    console.log(`  KNOWN ISSUE (not an invariant of the table): ${issue}`);
  const problems = violations(result);
  if (problems.length === 0) continue;
  failed = true;
  console.log(`\n${result.scenario}: ${problems.length} problem(s)`);
  for (const problem of problems.slice(0, 30)) console.log(`  ${problem}`);
}
process.exitCode = failed ? 1 : 0;

/** `SUCCEEDED 40 / FAILED 12 (expected)`, or the expectation beside it when they differ. */
function formatOutcomes(result: ScenarioResult): string {
  const text = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => `${key} ${n}`)
      .join(' / ');
  const actual = text(result.outcomes);
  const expected = text(result.expectedOutcomes);
  return actual === expected ? `${actual} (expected)` : `${actual} (expected ${expected})`;
}

export function formatTable(rows: ScenarioResult[]): string {
  const header = [
    'scenario',
    'runs',
    'outcomes',
    'duplicate accounts',
    'lost requests',
    'left IN_PROGRESS',
    'unhandled exceptions',
  ];
  const body = rows.map((r) => [
    r.scenario,
    String(r.runs),
    formatOutcomes(r),
    String(r.duplicates),
    String(r.lost),
    String(r.leftInProgress),
    String(r.unhandled),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 || i === 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 || i === 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
