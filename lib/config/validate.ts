/**
 * Limit checks. AWS Organizations enforces these only when the call is made (and some, like
 * the SCP count on an OU, only on the n-th vend into it), so we check them up front: steps
 * before their first AWS call, `avm validate` before deploy.
 */
import { dirname, resolve } from 'node:path';
import * as v from 'valibot';
import { DEFAULT_AWS_LIMITS } from '../aws/limits.ts';
import { accessProblems } from './access-checks.ts';
import type { LoadedConfig } from './load.ts';
import { parseConfigFile } from './load.ts';
import { parseOuPath } from './ou-path.ts';
import { inspectScp } from './policies.ts';
import { dedupeProblems, displayPath, formatPath, type Problem } from './problems.ts';
import {
  type Blueprint,
  BlueprintSchema,
  DEFAULT_POLICY_NAME_PREFIX,
  OrganizationSchema,
  RESERVED_TAG_COUNT,
  type VendConfig,
} from './schema.ts';

/** AWS attaches FullAWSAccess to every root, OU and account; it counts towards scpsPerTarget. */
const FULL_AWS_ACCESS = 1;

/**
 * Every AWS-limit problem of one blueprint: OU depth, the number of SCPs on the account and on
 * its OU (the OU gets the `ouScps` of every blueprint placed there), each SCP document (exists,
 * valid JSON, a policy, within `scpMaxChars`), the tag count, and its cross-account keys:
 * resource shares (unique names, ARNs AWS RAM can share, one owner account and Region per share),
 * dataAccess (unique names), groups (unique names, each IAM policy file valid and within
 * `iamManagedPolicyMaxChars`, at most `managedPoliciesPerEntity` policies, an execution role to
 * pass and a training bucket when they ask for one) and the execution role (known dataAccess
 * names, managed policy count). Empty when the blueprint can be applied. An unknown blueprint
 * name is reported as a problem too.
 *
 * @example
 * const problems = blueprintProblems(loadConfig(), 'ai-dev');
 * if (problems.length > 0) throw configInvalidError(problems);
 */
export function blueprintProblems(loaded: LoadedConfig, blueprintName: string): Problem[] {
  const file = displayPath(loaded.file);
  const { blueprints } = loaded.config;
  const base = ['blueprints', blueprintName];
  const blueprint = Object.hasOwn(blueprints, blueprintName) ? blueprints[blueprintName] : undefined;
  if (blueprint === undefined) {
    return [
      {
        file,
        path: formatPath(base),
        message: `no such blueprint; defined: ${Object.keys(blueprints).join(', ')}`,
      },
    ];
  }
  const { limits } = loaded;
  const problems: Problem[] = [];

  const depth = parseOuPath(blueprint.ou).length;
  if (depth > limits.ouMaxDepth) {
    problems.push({
      file,
      path: formatPath([...base, 'ou']),
      message: `"${blueprint.ou}" is ${depth} OUs deep; AWS Organizations allows at most ${limits.ouMaxDepth} levels below the root`,
    });
  }

  if (blueprint.scps.length + FULL_AWS_ACCESS > limits.scpsPerTarget) {
    problems.push({
      file,
      path: formatPath([...base, 'scps']),
      message: `${blueprint.scps.length} SCPs plus FullAWSAccess make ${blueprint.scps.length + FULL_AWS_ACCESS} on the account; AWS allows at most ${limits.scpsPerTarget} attached to one account`,
    });
  }
  blueprint.scps.forEach((name, index) => {
    problems.push(...inspectScp(loaded, name, formatPath([...base, 'scps', index])).problems);
  });

  if (blueprint.ouScps.length > 0) {
    const ouKey = parseOuPath(blueprint.ou).join('/');
    const sharing = Object.entries(blueprints).filter(
      ([, other]) => parseOuPath(other.ou).join('/') === ouKey,
    );
    const union = new Set(sharing.flatMap(([, other]) => other.ouScps));
    if (union.size + FULL_AWS_ACCESS > limits.scpsPerTarget) {
      const target = blueprint.ou === '/' ? 'the root' : `OU ${blueprint.ou}`;
      const from =
        sharing.length > 1
          ? ` (ouScps of blueprints ${sharing.map(([name]) => name).join(', ')} placed there)`
          : '';
      problems.push({
        file,
        path: formatPath([...base, 'ouScps']),
        message: `${target} would carry ${union.size} SCPs${from} plus FullAWSAccess, ${union.size + FULL_AWS_ACCESS} in all; AWS allows at most ${limits.scpsPerTarget} attached to one OU`,
      });
    }
  }
  blueprint.ouScps.forEach((name, index) => {
    problems.push(...inspectScp(loaded, name, formatPath([...base, 'ouScps', index])).problems);
  });

  const tagCount = Object.keys(blueprint.tags).length;
  const maxTags = limits.tagsPerAccount - RESERVED_TAG_COUNT;
  if (tagCount > maxTags) {
    problems.push({
      file,
      path: formatPath([...base, 'tags']),
      message: `${tagCount} tags; at most ${maxTags}, since AWS allows ${limits.tagsPerAccount} per account and the vending machine adds ${RESERVED_TAG_COUNT} of its own`,
    });
  }
  problems.push(...accessProblems(loaded, blueprintName, blueprint));
  return problems;
}

/**
 * Checks a blueprint file completely — YAML syntax (with line and column), the schema (with the
 * path of each value), and `blueprintProblems` for every blueprint — and returns the problems,
 * de-duplicated, in file order. Never throws for a bad configuration; `[]` means valid. Always
 * reads the files afresh (no cache). Backs `avm validate`.
 *
 * @example
 * const problems = validateConfigFile('config/blueprints.yaml');
 * if (problems.length > 0) { console.error(formatProblems(problems)); process.exitCode = 1; }
 */
export function validateConfigFile(file: string): Problem[] {
  const absolute = resolve(file);
  const { loaded, problems, data } = parseConfigFile(absolute);
  if (loaded === undefined) return dedupeProblems([...problems, ...partialProblems(absolute, data)]);
  return dedupeProblems(
    Object.keys(loaded.config.blueprints).flatMap((name) => blueprintProblems(loaded, name)),
  );
}

/**
 * When the file as a whole fails its schema, the blueprints that are well-formed on their own
 * are still checked against the limits, so one run reports every problem there is.
 */
function partialProblems(absolute: string, data: unknown): Problem[] {
  if (typeof data !== 'object' || data === null) return [];
  const raw = data as { organization?: unknown; blueprints?: unknown };
  if (typeof raw.blueprints !== 'object' || raw.blueprints === null) return [];
  const organization = v.safeParse(OrganizationSchema, raw.organization);
  const blueprints: Record<string, Blueprint> = {};
  for (const [name, entry] of Object.entries(raw.blueprints)) {
    const parsed = v.safeParse(BlueprintSchema, entry);
    if (parsed.success) blueprints[name] = parsed.output;
  }
  const orgLimits = organization.success ? organization.output.limits : undefined;
  const config = {
    organization: organization.success
      ? organization.output
      : { policyNamePrefix: DEFAULT_POLICY_NAME_PREFIX },
    blueprints,
  } as VendConfig;
  const loaded: LoadedConfig = {
    file: absolute,
    dir: dirname(absolute),
    config,
    limits: { ...DEFAULT_AWS_LIMITS, ...orgLimits },
  };
  return Object.keys(blueprints).flatMap((name) => blueprintProblems(loaded, name));
}
