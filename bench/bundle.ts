import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles one handler the way it ships to Lambda: one minified ESM file for Node 22, the AWS SDK
 * included (pinned, tree-shaken) rather than taken from the runtime.
 */
export async function bundleHandler(entry: string, outDir: string): Promise<{ file: string; bytes: number }> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${entry.replace(/^.*\//, '').replace(/\.ts$/, '')}.mjs`);
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
    // ESM bundles of CommonJS dependencies need a require of their own.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  return { file, bytes };
}
