import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from './bundle.ts';

/**
 * Slack's acknowledgement budget: time from request to response of the Slack handler, first call
 * in a fresh process (module load + first answer) and warm calls, against Slack's 3,000 ms.
 * The handler is the minified bundle Lambda would run, talking to the sandbox's DynamoDB.
 */
const RUNS = 5;
const WARM_CALLS = 100;

const { file, bytes } = await bundleHandler('functions/slack-command.ts', join(tmpdir(), 'avm-bench'));
const cold: { initMs: number; firstCallMs: number }[] = [];
const warm: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const out = execFileSync('node', ['--import', 'tsx', 'bench/slack-ack-run.ts', file, String(WARM_CALLS)], {
    encoding: 'utf8',
    env: {
      ...process.env,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Lambda bundles read the blueprint file packaged beside them; here, the project's.
      AVM_CONFIG_FILE: join(process.cwd(), 'config/blueprints.yaml'),
    },
  });
  const result = JSON.parse(out) as { initMs: number; firstCallMs: number; warm: number[] };
  cold.push(result);
  warm.push(...result.warm);
}

const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
const coldTotal = cold.map((c) => c.initMs + c.firstCallMs);

console.log(
  `\nSlack acknowledgement (functions/slack-command.ts, bundle ${(bytes / 1024).toFixed(1)} KB minified)`,
);
console.table([
  { measure: 'module load (fresh process)', median: ms(median(cold.map((c) => c.initMs))), runs: RUNS },
  { measure: 'first answer after load', median: ms(median(cold.map((c) => c.firstCallMs))), runs: RUNS },
  {
    measure: 'cold total: load + first answer',
    median: ms(median(coldTotal)),
    max: ms(Math.max(...coldTotal)),
    'vs 3,000 ms': `${((median(coldTotal) / 3000) * 100).toFixed(1)} %`,
  },
  { measure: 'warm answer p50', median: ms(percentile(warm, 50)), runs: warm.length },
  { measure: 'warm answer p99', median: ms(percentile(warm, 99)), runs: warm.length },
]);
