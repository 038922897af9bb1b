/**
 * Policy documents under `config/policies/`. SCPs are checked here before any AWS call, so a
 * bad file fails `avm validate` or the step with the file and the place to fix, instead of an
 * AWS MalformedPolicyDocument or POLICY_CONTENT_LIMIT_EXCEEDED halfway through a vend.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import type { LoadedConfig } from './load.ts';
import { configInvalidError, displayPath, issueProblems, type Problem } from './problems.ts';
import { POLICY_NAME } from './schema.ts';

/** A service control policy ready to send to AWS. */
export interface ScpDocument {
  /** The name in the blueprint file (the file name without `.json`). */
  name: string;
  /** The policy name in AWS: `organization.policyNamePrefix` + `name`. */
  awsName: string;
  /** The policy file, relative to the working directory when inside it. */
  file: string;
  /** The document minified: AWS counts every character as sent, whitespace included. */
  content: string;
}

function stringOrList(what: string) {
  return v.union(
    [v.pipe(v.string(), v.minLength(1)), v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1))],
    `${what} must be a non-empty string or a non-empty list of strings`,
  );
}

const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

const StatementSchema = v.pipe(
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
        ? `unknown key; an SCP statement allows: ${STATEMENT_KEYS.join(', ')} (SCPs take no Principal)`
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
);

/** The IAM policy grammar as far as SCPs use it; `Statement` may be one object or a list. */
const ScpSchema = v.strictObject(
  {
    Version: v.literal('2012-10-17', (issue) => `Version must be "2012-10-17", got ${issue.received}`),
    Id: v.optional(v.string('Id must be a string')),
    Statement: v.pipe(
      v.unknown(),
      v.transform((statement) => (Array.isArray(statement) ? statement : [statement])),
      v.array(StatementSchema),
      v.minLength(1, 'Statement must not be empty'),
    ),
  },
  (issue) =>
    issue.expected === 'never'
      ? 'unknown key; a policy document allows: Version, Id, Statement'
      : `a policy document must be a JSON object, got ${issue.received}`,
);

/** Where the SCP named `name` lives: `<config dir>/policies/scp/<name>.json`. */
export function scpFile(loaded: Pick<LoadedConfig, 'dir'>, name: string): string {
  return join(loaded.dir, 'policies', 'scp', `${name}.json`);
}

/**
 * Reads and checks one SCP without throwing. `referencedAt` is where the blueprint file names it
 * (`blueprints.ai-dev.scps[0]`): a missing file is then reported there, the place to fix a typo.
 */
export function inspectScp(
  loaded: LoadedConfig,
  name: string,
  referencedAt?: string,
): { scp: ScpDocument; problems: [] } | { scp?: undefined; problems: Problem[] } {
  const configFile = displayPath(loaded.file);
  if (!POLICY_NAME.test(name)) {
    // Also keeps a name like "../x" from reading outside config/policies/scp.
    return {
      problems: [
        {
          file: configFile,
          path: referencedAt ?? `SCP ${JSON.stringify(name)}`,
          message: `${JSON.stringify(name)} is not a valid policy name: 1–100 characters of letters, digits and _.-`,
        },
      ],
    };
  }
  const absolute = scpFile(loaded, name);
  const file = displayPath(absolute);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
    return referencedAt === undefined
      ? { problems: [{ file, path: '(file)', message: `the policy document for SCP "${name}" ${why}` }] }
      : {
          problems: [
            { file: configFile, path: referencedAt, message: `SCP "${name}": policy file ${file} ${why}` },
          ],
        };
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      problems: [{ file, path: '(document)', message: `invalid JSON: ${jsonErrorMessage(error, text)}` }],
    };
  }

  const parsed = v.safeParse(ScpSchema, json);
  if (!parsed.success) {
    return {
      problems: issueProblems(file, parsed.issues),
    };
  }

  // Minified from the file as written (not the normalised parse), so Statement keeps its shape.
  const content = JSON.stringify(json);
  const max = loaded.limits.scpMaxChars;
  if (content.length > max) {
    return {
      problems: [
        {
          file,
          path: '(document)',
          message: `${content.length} characters after minification; an SCP may have at most ${max} (organization.limits.scpMaxChars)`,
        },
      ],
    };
  }
  return {
    scp: { name, awsName: `${loaded.config.organization.policyNamePrefix}${name}`, file, content },
    problems: [],
  };
}

/**
 * Reads the SCP `name` from `config/policies/scp/<name>.json` (next to the blueprint file),
 * checks it and returns it minified with its AWS name. Throws `ConfigInvalidError` naming the
 * file for a missing file, invalid JSON, a document that is not a policy, or one over
 * `limits.scpMaxChars`.
 *
 * @example
 * const scp = readScp(loadConfig(), 'deny-leave-organization');
 * // { name: 'deny-leave-organization', awsName: 'avm-deny-leave-organization',
 * //   file: 'config/policies/scp/deny-leave-organization.json', content: '{"Version":"2012-10-17",...}' }
 */
export function readScp(loaded: LoadedConfig, name: string): ScpDocument {
  const { scp, problems } = inspectScp(loaded, name);
  if (scp === undefined) throw configInvalidError(problems);
  return scp;
}

/** JSON.parse's message, with line and column added where Node gives only a position. */
function jsonErrorMessage(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (!position?.[1] || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(position[1])).split('\n');
  return `${message} (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}
