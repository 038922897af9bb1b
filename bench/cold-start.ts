import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT, serverlessFunctions } from '#lib/local/definition.ts';
import { bundleHandler, lambdaBuildOptions } from './bundle.ts';

/**
 * Cold start per function: bundle size and module initialisation (the `import` alone) in a fresh
 * Node process, median of RUNS, for the shipped bundle and for a naive one of the same handler:
 * not minified, without the project's esbuild plugins (so the full SDK credential chain and the
 * `yaml` library are in) and with `@aws-sdk/client-ssm` imported, as before the lean-bundle work.
 */
const RUNS = 5;
const OUT = join(tmpdir(), 'avm-bench', 'cold-start');
mkdirSync(OUT, { recursive: true });

// What Lambda sets, with dummy values: loading a bundle must not need AWS.
const env = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  REQUESTS_TABLE: 'bench-requests',
  EVENT_BUS_NAME: 'bench-bus',
  AVM_CONFIG_FILE: join(PROJECT_ROOT, 'config/blueprints.yaml'),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const TIME_IMPORT =
  'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

async function naiveBundle(entry: string, file: string): Promise<void> {
  const { plugins: _lean, ...options } = await lambdaBuildOptions();
  await build({
    ...options,
    minify: false,
    stdin: {
      contents: `export * from './${entry}';\nimport { SSMClient } from '@aws-sdk/client-ssm';\nglobalThis.__ssm = SSMClient;\n`,
      resolveDir: PROJECT_ROOT,
      sourcefile: 'naive-entry.ts',
      loader: 'ts',
    },
    outfile: file,
    logLevel: 'silent',
  });
}

function importMs(file: string): number {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const out = execFileSync('node', ['--input-type=module', '-e', TIME_IMPORT, file], {
      encoding: 'utf8',
      env,
    });
    times.push(Number(out));
  }
  return times.sort((a, b) => a - b)[RUNS >> 1] as number;
}

const rows = [];
for (const [fn, { handler }] of Object.entries(serverlessFunctions())) {
  const entry = `${handler.slice(0, handler.lastIndexOf('.'))}.ts`;
  const lean = await bundleHandler(entry, OUT);
  const naive = join(OUT, `${fn}.naive.mjs`);
  await naiveBundle(entry, naive);
  const leanMs = importMs(lean.file);
  const naiveMs = importMs(naive);
  const naiveBytes = statSync(naive).size;
  rows.push({
    function: fn,
    'bundle KB': Math.round(lean.bytes / 1024),
    'naive KB': Math.round(naiveBytes / 1024),
    'size ratio': `${(lean.bytes / naiveBytes).toFixed(2)}×`,
    'init ms': leanMs.toFixed(1),
    'naive init ms': naiveMs.toFixed(1),
    'init ratio': `${(leanMs / naiveMs).toFixed(2)}×`,
  });
}

console.log(
  `\nCold start: module initialisation in a fresh Node process (import only, median of ${RUNS}), shipped vs naive bundle`,
);
console.table(rows);
