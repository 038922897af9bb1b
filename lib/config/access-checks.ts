/**
 * Checks of a blueprint's cross-account keys that the schema of one value cannot make: names
 * unique across entries, references between keys, RAM shareability, IAM policy files and the
 * IAM limits on attached policies. Part of `blueprintProblems`.
 */

import { isAwsManagedPolicyArn } from './iam-names.ts';
import { IAM_POLICY_WORST_CASE_VARS, type IamPolicyVars, inspectIamPolicy } from './iam-policies.ts';
import type { LoadedConfig } from './load.ts';
import { displayPath, formatPath, type Problem } from './problems.ts';
import { parseArn, ramShareableType, ramShareProblem } from './ram.ts';
import type { Blueprint } from './schema.ts';
import type { ResourceShareConfig } from './schema-access.ts';

/** The role each dataAccess entry gets in the new account: `avm-data-<name>`. */
export const DATA_ACCESS_ROLE_PREFIX = 'avm-data-';
/** IAM: a role name is at most 64 characters. */
export const ROLE_NAME_MAX_CHARS = 64;

type Path = (string | number)[];

/**
 * Every problem of the cross-account keys of one blueprint (`resourceShares` ... `sagemakerExecutionRole`),
 * located in the blueprint file or in the IAM policy file at fault.
 *
 * @example
 * accessProblems(loaded, 'ai-dev', loaded.config.blueprints['ai-dev']);
 * // [{ file: 'config/blueprints.yaml', path: 'blueprints.ai-dev.resourceShares[0].resourceArns[0]',
 * //    message: 'AWS RAM cannot share S3 buckets or objects; use a dataAccess entry (bucket policy + role)' }]
 */
export function accessProblems(loaded: LoadedConfig, blueprintName: string, blueprint: Blueprint): Problem[] {
  const file = displayPath(loaded.file);
  const base: Path = ['blueprints', blueprintName];
  const problems: Problem[] = [];
  const at = (path: Path, message: string) =>
    problems.push({ file, path: formatPath([...base, ...path]), message });

  duplicates(blueprint.resourceShares.map((s) => s.name)).forEach(([i, j]) => {
    at(
      ['resourceShares', i, 'name'],
      `resource share "${blueprint.resourceShares[i]?.name}" is defined twice (also resourceShares[${j}])`,
    );
  });
  blueprint.resourceShares.forEach((share, i) => {
    for (const [j, message] of shareProblems(share)) at(['resourceShares', i, 'resourceArns', j], message);
  });

  duplicates(blueprint.dataAccess.map((d) => d.name)).forEach(([i, j]) => {
    at(
      ['dataAccess', i, 'name'],
      `dataAccess "${blueprint.dataAccess[i]?.name}" is defined twice (also dataAccess[${j}]); each entry names its own role`,
    );
  });
  blueprint.dataAccess.forEach((entry, i) => {
    const role = `${DATA_ACCESS_ROLE_PREFIX}${entry.name}`;
    if (role.length > ROLE_NAME_MAX_CHARS) {
      at(
        ['dataAccess', i, 'name'],
        `the role name "${role}" is ${role.length} characters; IAM allows ${ROLE_NAME_MAX_CHARS}`,
      );
    }
  });

  const role = blueprint.sagemakerExecutionRole;
  const maxManaged = loaded.limits.managedPoliciesPerEntity;
  const vars: IamPolicyVars = { ...IAM_POLICY_WORST_CASE_VARS };
  if (role === undefined) delete vars.executionRoleArn;
  if (!role?.trainingBucket) delete vars.trainingBucket;

  duplicates(blueprint.groups.map((g) => g.name.toLowerCase())).forEach(([i, j]) => {
    at(
      ['groups', i, 'name'],
      `group "${blueprint.groups[i]?.name}" is defined twice (also groups[${j}]); IAM group names are case-insensitive`,
    );
  });
  blueprint.groups.forEach((group, i) => {
    group.policies.forEach((policy, j) => {
      if (isAwsManagedPolicyArn(policy)) return;
      const referencedAt = formatPath([...base, 'groups', i, 'policies', j]);
      problems.push(...inspectIamPolicy(loaded, policy, vars, { referencedAt, worstCase: true }).problems);
    });
    if (group.policies.length > maxManaged) {
      at(
        ['groups', i, 'policies'],
        `${group.policies.length} managed policies; IAM allows at most ${maxManaged} attached to one group (organization.limits.managedPoliciesPerEntity)`,
      );
    }
    if (group.passExecutionRole && role === undefined) {
      at(
        ['groups', i, 'passExecutionRole'],
        'there is no role to pass: add sagemakerExecutionRole to this blueprint, or set passExecutionRole: false',
      );
    }
    if (group.trainingBucket !== undefined && !role?.trainingBucket) {
      at(
        ['groups', i, 'trainingBucket'],
        'there is no training bucket: set sagemakerExecutionRole.trainingBucket: true in this blueprint, or remove trainingBucket',
      );
    }
  });

  if (role !== undefined) {
    const defined = blueprint.dataAccess.map((d) => d.name);
    role.dataAccess.forEach((name, i) => {
      if (!defined.includes(name)) {
        const list = defined.length > 0 ? `defined: ${defined.join(', ')}` : 'this blueprint has none';
        at(['sagemakerExecutionRole', 'dataAccess', i], `no dataAccess entry named "${name}"; ${list}`);
      }
    });
    if (role.managedPolicies.length > maxManaged) {
      at(
        ['sagemakerExecutionRole', 'managedPolicies'],
        `${role.managedPolicies.length} managed policies; IAM allows at most ${maxManaged} attached to one role (organization.limits.managedPoliciesPerEntity)`,
      );
    }
  }
  return problems;
}

/**
 * `[index in resourceArns, message]` for each resource RAM cannot share, or that does not belong
 * to the share's owner account, or that is in another account or Region than the first one.
 */
function shareProblems(share: ResourceShareConfig): [number, string][] {
  const out: [number, string][] = [];
  let firstAccount: string | undefined;
  let firstRegion: string | undefined;
  share.resourceArns.forEach((arn, j) => {
    const problem = ramShareProblem(arn);
    const parsed = parseArn(arn);
    if (problem !== undefined || parsed === undefined) {
      out.push([j, problem ?? 'not an ARN']);
      return;
    }
    const { account, region } = parsed;
    const owner = share.ownerAccount ?? firstAccount;
    const regional = !ramShareableType(parsed)?.global;
    if (owner !== undefined && account !== owner) {
      out.push([
        j,
        share.ownerAccount !== undefined
          ? `the resource belongs to account ${account}, not ownerAccount ${owner}; a share can only hold resources of the account that creates it`
          : `the resource belongs to account ${account}, but the first one to ${owner}; a share holds the resources of one account (make one share per ownerAccount)`,
      ]);
    } else if (regional && firstRegion !== undefined && region !== firstRegion) {
      out.push([
        j,
        `the resource is in ${region}, but the first one in ${firstRegion}; AWS RAM shares are Regional (make one share per Region)`,
      ]);
    }
    firstAccount ??= account;
    if (regional) firstRegion ??= region;
  });
  return out;
}

/** `[index, first index]` of every item seen before. */
function duplicates(items: string[]): [number, number][] {
  const out: [number, number][] = [];
  items.forEach((item, i) => {
    const first = items.indexOf(item);
    if (first !== i) out.push([i, first]);
  });
  return out;
}
