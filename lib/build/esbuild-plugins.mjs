// esbuild plugins of the Lambda bundles (serverless.yml custom.esbuild.plugins; the bundle-size
// test builds with them too). Plain JS: serverless-esbuild loads this file with require().
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * config/blueprints.yaml compiled at build time: lib/config/blueprint-data.ts becomes
 * blueprint-data.lambda.ts, which gets the file's data and SHA-256 as AVM_COMPILED_BLUEPRINTS,
 * so no YAML parser ships. A file that does not parse fails the build; the schema is still
 * checked when the Lambda loads it.
 */
export function compiledBlueprints(file = join(ROOT, 'config', 'blueprints.yaml')) {
  return {
    name: 'avm-compiled-blueprints',
    setup(build) {
      const text = readFileSync(file, 'utf8');
      const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      const compiled = {
        sha256: createHash('sha256').update(text).digest('hex'),
        data: doc.toJS({ maxAliasCount: 100 }),
      };
      build.initialOptions.define = {
        ...build.initialOptions.define,
        AVM_COMPILED_BLUEPRINTS: JSON.stringify(compiled),
      };
      build.onResolve({ filter: /^\.\/blueprint-data\.ts$/ }, (args) =>
        args.importer.endsWith(join('lib', 'config', 'load.ts'))
          ? { path: join(dirname(args.importer), 'blueprint-data.lambda.ts') }
          : undefined,
      );
    },
  };
}

/**
 * The SDK's default credential chain cut down to the environment variables Lambda sets
 * (lib/aws/lambda-credentials.ts): the full chain drags in SSO, STS and profile support.
 */
export function lambdaCredentials() {
  return {
    name: 'avm-lambda-credentials',
    setup(build) {
      build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
        path: join(ROOT, 'lib', 'aws', 'lambda-credentials.ts'),
      }));
    },
  };
}

export default [compiledBlueprints(), lambdaCredentials()];
