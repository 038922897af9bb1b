#!/usr/bin/env node
// The `avm` command. The project is TypeScript run as-is: tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

// Lambda runs Node 22; on an older local Node the SDK's upgrade notice would only clutter the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
