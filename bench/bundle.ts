import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { parse } from 'yaml';
import { PROJECT_ROOT, SERVERLESS_FILE } from '#lib/local/definition.ts';

/** serverless-esbuild's own keys in custom.esbuild, which esbuild does not take. */
const PLUGIN_ONLY_KEYS = [
  'exclude',
  'outputWorkFolder',
  'outputFileExtension',
  'plugins',
  'packager',
  'packagerOptions',
  'nativeZip',
  'keepOutputDirectory',
  'installExtraArgs',
  'outputBuildFolder',
  'concurrency',
  'zipConcurrency',
  'disableIncremental',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
];

/**
 * The esbuild options `npm run package` bundles each function with: serverless.yml's
 * custom.esbuild, its plugins file included, less serverless-esbuild's own keys.
 */
export async function lambdaBuildOptions(): Promise<BuildOptions> {
  const custom = (
    parse(readFileSync(SERVERLESS_FILE, 'utf8')) as { custom: { esbuild: Record<string, unknown> } }
  ).custom.esbuild;
  const options: Record<string, unknown> = { ...custom };
  for (const key of PLUGIN_ONLY_KEYS) delete options[key];
  let plugins: Plugin[] = [];
  if (typeof custom.plugins === 'string') {
    const module = (await import(join(PROJECT_ROOT, custom.plugins))) as { default: Plugin[] };
    plugins = module.default;
  }
  return { ...(options as BuildOptions), plugins, absWorkingDir: PROJECT_ROOT };
}

/** One function's bundle: its size, and the bytes each package (or lib/ folder) puts in it. */
export interface BundleSize {
  bytes: number;
  /** Largest first: `@smithy/core`, `lib/config`… */
  byPackage: [string, number][];
}

/**
 * Bundles `entry` (relative to the project root) as `npm run package` does, in memory, and
 * measures it with esbuild's metafile.
 *
 * @example (await bundleSize('functions/slack-command.ts')).bytes // 309_000
 */
export async function bundleSize(entry: string, options?: BuildOptions): Promise<BundleSize> {
  const result = await build({
    ...(options ?? (await lambdaBuildOptions())),
    entryPoints: [entry],
    outfile: 'bundle.mjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return { bytes: output?.bytes ?? 0, byPackage: [...byPackage].sort((a, b) => b[1] - a[1]) };
}

/**
 * Bundles one handler the way it ships to Lambda and writes it to `outDir` (the Slack
 * cold-start benchmark runs the file).
 */
export async function bundleHandler(entry: string, outDir: string): Promise<{ file: string; bytes: number }> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${entry.replace(/^.*\//, '').replace(/\.ts$/, '')}.mjs`);
  const result = await build({
    ...(await lambdaBuildOptions()),
    entryPoints: [entry],
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  return { file, bytes };
}
