/**
 * Bundle budgets: each function bundled as `npm run package` does (serverless.yml's
 * custom.esbuild and its plugins), measured with esbuild's metafile. The Slack command must
 * answer within 3 s of a cold start, so its bundle has the tighter budget. The table printed
 * here is the one in docs/BUNDLES.md.
 */
import { describe, expect, it } from 'vitest';
import { serverlessFunctions } from '#lib/local/definition.ts';
import { type BundleSize, bundleSize, lambdaBuildOptions } from '../../bench/bundle.ts';

const KB = 1024;
const BUDGETS: Record<string, number> = { slackCommand: 400 * KB };
const DEFAULT_BUDGET = 600 * KB;
/** Packages no bundle should carry: a YAML parser, the full SSM client, the SDK's credential chain. */
const BANNED = [
  'yaml',
  '@aws-sdk/client-ssm',
  '@aws-sdk/credential-provider-node',
  '@aws-sdk/nested-clients',
];

const functions = serverlessFunctions();

describe('Lambda bundles', () => {
  it('every function fits its budget, carrying no YAML parser, SSM client or credential chain', async () => {
    const options = await lambdaBuildOptions();
    const sizes: [string, BundleSize][] = await Promise.all(
      Object.entries(functions).map(async ([key, { handler }]) => {
        const entry = `${handler.replace(/\.[^.]+$/, '')}.ts`;
        return [key, await bundleSize(entry, options)] as [string, BundleSize];
      }),
    );
    const kb = (bytes: number) => `${(bytes / KB).toFixed(0)} KB`;
    const rows = sizes.map(([key, { bytes, byPackage }]) => {
      const budget = BUDGETS[key] ?? DEFAULT_BUDGET;
      const top = byPackage
        .slice(0, 3)
        .map(([name, b]) => `${name} ${kb(b)}`)
        .join(', ');
      return `| ${key} | ${kb(bytes)} | ${kb(budget)} | ${bytes <= budget ? 'ok' : 'OVER'} | ${top} |`;
    });
    console.log(
      ['| function | bundle | budget | | largest parts |', '|---|--:|--:|---|---|', ...rows].join('\n'),
    );

    for (const [key, { bytes, byPackage }] of sizes) {
      expect(bytes, `${key}: ${kb(bytes)}`).toBeLessThanOrEqual(BUDGETS[key] ?? DEFAULT_BUDGET);
      const names = byPackage.map(([name]) => name);
      for (const banned of BANNED) expect(names, `${key} bundles ${banned}`).not.toContain(banned);
    }
  });
});
