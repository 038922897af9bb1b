// `npm run bench`: every benchmark, each printing its table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('./slack-ack.ts');
