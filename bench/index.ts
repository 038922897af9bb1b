// `npm run bench`: every benchmark, each printing its table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('./slack-ack.ts');
await import('./cold-start.ts');
await import('./vend-cost.ts');
await import('./vend-overhead.ts');
await import('./polling-interval.ts');
await import('./iam-readiness.ts');
await (await import('./vend-sandbox.ts')).stopSandbox();
// The burst bench needs a sandbox of its own (rate limits on, another time scale), and the
// SDK clients of a process keep the first endpoint they were given: a child process.
const { spawnSync } = await import('node:child_process');
const burst = spawnSync(process.execPath, ['--import', 'tsx', 'bench/burst.ts'], { stdio: 'inherit' });
if (burst.status !== 0) process.exitCode = burst.status ?? 1;
