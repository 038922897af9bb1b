/**
 * Loading the blueprint file. Handlers call `loadConfig()` once per cold start (it is cached), so
 * only the YAML is read here; policy files are read by the steps that need them. Reading and
 * parsing is blueprint-data.ts: the Lambda bundles carry the YAML compiled to data instead.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { type AwsLimits, DEFAULT_AWS_LIMITS } from '../aws/limits.ts';
import { readBlueprintData } from './blueprint-data.ts';
import { configInvalidError, displayPath, formatPath, issueProblems, type Problem } from './problems.ts';
import { AWS_POLICY_NAME_MAX_CHARS, type VendConfig, VendConfigSchema } from './schema.ts';

/** A validated blueprint file and the AWS limits that apply to it. */
export interface LoadedConfig {
  /** Absolute path of the blueprint file. */
  file: string;
  /** Its directory: policy files are found relative to it (`<dir>/policies/scp/<name>.json`). */
  dir: string;
  config: VendConfig;
  /** `DEFAULT_AWS_LIMITS` overridden by `organization.limits`. */
  limits: AwsLimits;
}

/** The repository root, two levels above this module (lib/config/). */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The blueprint file to use: `$AVM_CONFIG_FILE` when set (resolved against the working
 * directory), otherwise `<project root>/config/blueprints.yaml`. Bundled Lambda code should set
 * `AVM_CONFIG_FILE`, since the bundle does not sit two levels below the project root.
 *
 * @example
 * process.env.AVM_CONFIG_FILE = 'config/blueprints.yaml';
 * defaultConfigFile(); // '/work/main/config/blueprints.yaml'
 */
export function defaultConfigFile(): string {
  const fromEnv = process.env.AVM_CONFIG_FILE;
  return fromEnv ? resolve(fromEnv) : join(PROJECT_ROOT, 'config', 'blueprints.yaml');
}

const cache = new Map<string, LoadedConfig>();

/**
 * Reads, validates and caches the blueprint file. Throws `ConfigInvalidError` listing every
 * problem as `<file>: <path>: <message>`. The result is frozen: it is shared by every
 * invocation of a warm Lambda container. AWS limit checks that need policy files are not done
 * here: call `blueprintProblems` (or `validateConfigFile` for everything).
 *
 * @example
 * const { config, limits } = loadConfig();
 * config.blueprints['ai-dev']?.ou; // '/AI/Development'
 * limits.scpMaxChars;              // 10240
 */
export function loadConfig(file: string = defaultConfigFile()): LoadedConfig {
  const absolute = resolve(file);
  const cached = cache.get(absolute);
  if (cached) return cached;
  const { loaded, problems } = parseConfigFile(absolute);
  if (loaded === undefined) throw configInvalidError(problems);
  cache.set(absolute, loaded);
  return loaded;
}

/**
 * Forgets cached configurations, so the next `loadConfig` reads the file again (tests, or a
 * long-running CLI after the file changed).
 *
 * @example
 * afterEach(() => clearConfigCache());
 */
export function clearConfigCache(): void {
  cache.clear();
}

/**
 * Reads and validates a blueprint file without throwing for a bad one: `loaded` is set only
 * when there are no problems. Shared by `loadConfig` and `validateConfigFile`.
 */
export function parseConfigFile(absolute: string): {
  loaded?: LoadedConfig;
  problems: Problem[];
  /** The YAML as data, when it parsed, for partial checks of a file that fails its schema. */
  data?: unknown;
} {
  const file = displayPath(absolute);
  const read = readBlueprintData(absolute, file);
  if (read.problems.length > 0) return { problems: read.problems };
  const { data } = read;

  const parsed = v.safeParse(VendConfigSchema, data);
  if (!parsed.success) return { problems: issueProblems(file, parsed.issues), data };

  const config = parsed.output;
  const problems = crossFieldProblems(file, config);
  if (problems.length > 0) return { problems, data };

  const limits: AwsLimits = { ...DEFAULT_AWS_LIMITS, ...config.organization.limits };
  return { loaded: deepFreeze({ file: absolute, dir: dirname(absolute), config, limits }), problems: [] };
}

/** Rules that span keys, so the schema of one value cannot check them. */
function crossFieldProblems(file: string, config: VendConfig): Problem[] {
  const problems: Problem[] = [];
  const prefix = config.organization.policyNamePrefix;
  for (const [blueprint, { scps, ouScps }] of Object.entries(config.blueprints)) {
    for (const [key, names] of [
      ['scps', scps],
      ['ouScps', ouScps],
    ] as const) {
      names.forEach((name, index) => {
        const awsName = `${prefix}${name}`;
        if (awsName.length > AWS_POLICY_NAME_MAX_CHARS) {
          problems.push({
            file,
            path: formatPath(['blueprints', blueprint, key, index]),
            message: `the AWS policy name "${awsName}" (policyNamePrefix + name) is ${awsName.length} characters; AWS allows ${AWS_POLICY_NAME_MAX_CHARS}`,
          });
        }
      });
    }
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
