// `npm run bench`: every benchmark, each printing its table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('./slack-ack.ts');
await import('./cold-start.ts');
await import('./vend-cost.ts');
await import('./vend-overhead.ts');
await import('./polling-interval.ts');
await (await import('./vend-sandbox.ts')).stopSandbox();
