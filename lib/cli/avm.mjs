#!/usr/bin/env node
// The `avm` command. The project is TypeScript run as-is: tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
