/**
 * What SCPs and IAM identity policies share: reading a policy file named in the blueprint file,
 * parsing its JSON with a position, and the IAM policy grammar (which the two kinds use a little
 * differently: identity policies need a Resource, and neither kind takes a Principal).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import type { LoadedConfig } from './load.ts';
import { displayPath, type Problem } from './problems.ts';
import { POLICY_NAME } from './schema.ts';

/** Which policy documents: service control policies, or IAM identity policies for groups and roles. */
export type PolicyKind = 'scp' | 'iam';

const LABEL: Record<PolicyKind, string> = { scp: 'SCP', iam: 'IAM policy' };

function stringOrList(what: string) {
  return v.union(
    [v.pipe(v.string(), v.minLength(1)), v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1))],
    `${what} must be a non-empty string or a non-empty list of strings`,
  );
}

const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

function unknownStatementKey(kind: PolicyKind, key: unknown): string {
  if (kind === 'scp') {
    return `unknown key; an SCP statement allows: ${STATEMENT_KEYS.join(', ')} (SCPs take no Principal)`;
  }
  if (key === 'Principal' || key === 'NotPrincipal') {
    return `${key} is for resource policies; an identity policy applies to the group or role it is attached to, so its statements take no ${key}`;
  }
  return `unknown key; an identity policy statement allows: ${STATEMENT_KEYS.join(', ')}`;
}

function statementSchema(kind: PolicyKind) {
  return v.pipe(
    v.strictObject(
      {
        Sid: v.optional(
          v.pipe(
            v.string('Sid must be a string'),
            v.regex(/^[A-Za-z0-9]*$/, 'Sid may contain only letters and digits'),
          ),
        ),
        Effect: v.picklist(
          ['Allow', 'Deny'],
          (issue) => `Effect must be "Allow" or "Deny", got ${issue.received}`,
        ),
        Action: v.optional(stringOrList('Action')),
        NotAction: v.optional(stringOrList('NotAction')),
        Resource: v.optional(stringOrList('Resource')),
        NotResource: v.optional(stringOrList('NotResource')),
        Condition: v.optional(
          v.record(
            v.string(),
            v.record(v.string(), v.unknown(), 'each Condition operator must map condition keys to values'),
            'Condition must be a mapping of operator: { key: value }',
          ),
        ),
      },
      (issue) =>
        issue.expected === 'never'
          ? unknownStatementKey(kind, issue.input)
          : `a statement must be an object, got ${issue.received}`,
    ),
    v.check(
      (s) => (s.Action === undefined) !== (s.NotAction === undefined),
      'a statement needs exactly one of Action or NotAction',
    ),
    v.check(
      (s) => s.Resource === undefined || s.NotResource === undefined,
      'a statement may have Resource or NotResource, not both',
    ),
    v.check(
      (s) => kind === 'scp' || s.Resource !== undefined || s.NotResource !== undefined,
      'an identity policy statement needs a Resource or NotResource ("*" for all)',
    ),
  );
}

/**
 * The IAM policy grammar as far as we use it; `Statement` may be one object or a list.
 *
 * @example
 * v.safeParse(policyDocumentSchema('iam'), { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*' } });
 * // fails at Statement[0]: 'an identity policy statement needs a Resource or NotResource ("*" for all)'
 */
export function policyDocumentSchema(kind: PolicyKind) {
  return v.strictObject(
    {
      Version: v.literal('2012-10-17', (issue) => `Version must be "2012-10-17", got ${issue.received}`),
      Id: v.optional(v.string('Id must be a string')),
      Statement: v.pipe(
        v.unknown(),
        v.transform((statement) => (Array.isArray(statement) ? statement : [statement])),
        v.array(statementSchema(kind)),
        v.minLength(1, 'Statement must not be empty'),
      ),
    },
    (issue) =>
      issue.expected === 'never'
        ? 'unknown key; a policy document allows: Version, Id, Statement'
        : `a policy document must be a JSON object, got ${issue.received}`,
  );
}

/**
 * Where the policy `name` of `kind` lives: `<config dir>/policies/<kind>/<name>.json`.
 *
 * @example
 * policyFile({ dir: '/work/main/config' }, 'iam', 'sagemaker-read-only');
 * // '/work/main/config/policies/iam/sagemaker-read-only.json'
 */
export function policyFile(loaded: Pick<LoadedConfig, 'dir'>, kind: PolicyKind, name: string): string {
  return join(loaded.dir, 'policies', kind, `${name}.json`);
}

/**
 * Reads and parses the policy file `name` without throwing. `referencedAt` is where the blueprint
 * file names it (`blueprints.ai-dev.scps[0]`): a bad name or a missing file is then reported
 * there, the place to fix a typo; otherwise at the policy file.
 *
 * @example
 * const read = readPolicyJson(loaded, 'scp', 'deny-root-user', 'blueprints.ai-prod.scps[1]');
 * if (read.json === undefined) return { problems: read.problems };
 */
export function readPolicyJson(
  loaded: LoadedConfig,
  kind: PolicyKind,
  name: string,
  referencedAt?: string,
): { json: unknown; file: string; problems: [] } | { json?: undefined; file?: string; problems: Problem[] } {
  const configFile = displayPath(loaded.file);
  const label = LABEL[kind];
  if (!POLICY_NAME.test(name)) {
    // Also keeps a name like "../x" from reading outside config/policies/<kind>.
    const message = `${JSON.stringify(name)} is not a valid policy name: 1–100 characters of letters, digits and _.-`;
    return {
      problems: [{ file: configFile, path: referencedAt ?? `${label} ${JSON.stringify(name)}`, message }],
    };
  }
  const file = displayPath(policyFile(loaded, kind, name));
  let text: string;
  try {
    text = readFileSync(policyFile(loaded, kind, name), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
    const problem =
      referencedAt === undefined
        ? { file, path: '(file)', message: `the policy document for ${label} "${name}" ${why}` }
        : { file: configFile, path: referencedAt, message: `${label} "${name}": policy file ${file} ${why}` };
    return { file, problems: [problem] };
  }
  try {
    return { json: JSON.parse(text), file, problems: [] };
  } catch (error) {
    return {
      file,
      problems: [{ file, path: '(document)', message: `invalid JSON: ${jsonErrorMessage(error, text)}` }],
    };
  }
}

/** JSON.parse's message, with line and column added where Node gives only a position. */
function jsonErrorMessage(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (!position?.[1] || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(position[1])).split('\n');
  return `${message} (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}
