/**
 * IAM identity policies under `config/policies/iam/`, attached to the groups a blueprint creates
 * in each new account. A policy may use a few placeholders, written `{{Name}}` so they cannot be
 * mistaken for IAM's own policy variables (`${aws:username}`), which pass through untouched.
 */
import * as v from 'valibot';
import type { LoadedConfig } from './load.ts';
import { policyDocumentSchema, readPolicyJson } from './policy-document.ts';
import { configInvalidError, displayPath, formatPath, issueProblems, type Problem } from './problems.ts';

/**
 * The placeholders a policy file may use, and what each becomes:
 * - `{{AccountId}}`: the new account's id;
 * - `{{Region}}`: the Region the vending machine runs in;
 * - `{{Partition}}`: `aws`, `aws-cn` or `aws-us-gov` (write `arn:{{Partition}}:...` to work in all);
 * - `{{ExecutionRoleArn}}`: the ARN of the SageMaker execution role (blueprints with `sagemakerExecutionRole`);
 * - `{{TrainingBucket}}`: the name of the training bucket (with `sagemakerExecutionRole.trainingBucket: true`).
 */
export const IAM_POLICY_PLACEHOLDERS = [
  'AccountId',
  'Region',
  'Partition',
  'ExecutionRoleArn',
  'TrainingBucket',
] as const;
export type IamPolicyPlaceholder = (typeof IAM_POLICY_PLACEHOLDERS)[number];

/** The values of the placeholders for one account. */
export interface IamPolicyVars {
  accountId: string;
  region: string;
  partition: string;
  executionRoleArn?: string;
  trainingBucket?: string;
}

/** An identity policy rendered for one account, ready for CreatePolicy. */
export interface IamPolicyDocument {
  /** The name in the blueprint file (the file name without `.json`). */
  name: string;
  /** The policy file, relative to the working directory when inside it. */
  file: string;
  /** The rendered document, minified. */
  content: string;
}

const VAR_OF: Record<IamPolicyPlaceholder, keyof IamPolicyVars> = {
  AccountId: 'accountId',
  Region: 'region',
  Partition: 'partition',
  ExecutionRoleArn: 'executionRoleArn',
  TrainingBucket: 'trainingBucket',
};

/** What provides each optional placeholder, for the message when a blueprint lacks it. */
const PROVIDED_BY: Partial<Record<IamPolicyPlaceholder, string>> = {
  ExecutionRoleArn: 'sagemakerExecutionRole',
  TrainingBucket: 'sagemakerExecutionRole.trainingBucket: true',
};

/**
 * The longest values the placeholders can take, so a policy that passes `avm validate` fits
 * whatever account it is rendered for.
 */
export const IAM_POLICY_WORST_CASE_VARS: Readonly<Required<IamPolicyVars>> = Object.freeze({
  accountId: '123456789012',
  region: 'ap-southeast-2',
  partition: 'aws-us-gov',
  executionRoleArn: `arn:aws-us-gov:iam::123456789012:role/${'r'.repeat(64)}`,
  trainingBucket: 'b'.repeat(63),
});

const PLACEHOLDER = /\{\{(.*?)\}\}/g;
const IdentityPolicySchema = policyDocumentSchema('iam');
const known = IAM_POLICY_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');

/**
 * Reads, checks and renders one identity policy without throwing. `referencedAt` is where the
 * blueprint file names it: a missing file, and a placeholder this blueprint has no value for,
 * are reported there; everything about the document itself at the policy file. `worstCase`
 * says that `vars` are `IAM_POLICY_WORST_CASE_VARS` (for the message).
 *
 * @example
 * const { policy, problems } = inspectIamPolicy(loaded, 'sagemaker-read-only', IAM_POLICY_WORST_CASE_VARS, {
 *   referencedAt: 'blueprints.ai-prod.groups[1].policies[0]', worstCase: true,
 * });
 */
export function inspectIamPolicy(
  loaded: LoadedConfig,
  name: string,
  vars: IamPolicyVars,
  { referencedAt, worstCase = false }: { referencedAt?: string; worstCase?: boolean } = {},
): { policy: IamPolicyDocument; problems: [] } | { policy?: undefined; problems: Problem[] } {
  const read = readPolicyJson(loaded, 'iam', name, referencedAt);
  if (read.json === undefined) return { problems: read.problems };
  const { json, file } = read;

  const parsed = v.safeParse(IdentityPolicySchema, json);
  if (!parsed.success) return { problems: issueProblems(file, parsed.issues) };

  const problems: Problem[] = [];
  const missing = new Set<IamPolicyPlaceholder>();
  const rendered = mapStrings(json, [], (s, path) =>
    s.replace(PLACEHOLDER, (whole, inner: string) => {
      if (!(IAM_POLICY_PLACEHOLDERS as readonly string[]).includes(inner)) {
        problems.push({
          file,
          path: formatPath(path),
          message: `unknown placeholder ${whole}; known: ${known}`,
        });
        return whole;
      }
      const value = vars[VAR_OF[inner as IamPolicyPlaceholder]];
      if (value === undefined) missing.add(inner as IamPolicyPlaceholder);
      return value ?? whole;
    }),
  );
  mapStrings(json, [], (s, path) => {
    for (const [whole, inner = ''] of s.matchAll(/\$\{(\w+)\}/g)) {
      const placeholder = IAM_POLICY_PLACEHOLDERS.find((p) => p.toLowerCase() === inner.toLowerCase());
      if (placeholder) {
        problems.push({
          file,
          path: formatPath(path),
          message: `${whole} is an IAM policy variable, which AWS would not recognise; write {{${placeholder}}} for the vending machine to fill in`,
        });
      }
    }
    return s;
  });
  for (const placeholder of missing) {
    const need = PROVIDED_BY[placeholder];
    problems.push({
      file: referencedAt === undefined ? file : displayPath(loaded.file),
      path: referencedAt ?? '(document)',
      message: `IAM policy "${name}" uses {{${placeholder}}}, which has no value${need ? ` here: it needs ${need} in the blueprint` : ''}`,
    });
  }
  if (problems.length > 0) return { problems };

  const content = JSON.stringify(rendered);
  // IAM does not count whitespace against the size quota.
  const size = content.replace(/\s/g, '').length;
  const max = loaded.limits.iamManagedPolicyMaxChars;
  if (size > max) {
    return {
      problems: [
        {
          file,
          path: '(document)',
          message: `${size} characters after rendering${worstCase ? ' with the longest placeholder values' : ''} (whitespace not counted); an IAM managed policy may have at most ${max} (organization.limits.iamManagedPolicyMaxChars)`,
        },
      ],
    };
  }
  return { policy: { name, file, content }, problems: [] };
}

/**
 * Reads the identity policy `name` from `config/policies/iam/<name>.json`, fills in its
 * placeholders and returns it minified. Throws `ConfigInvalidError` naming the file for a
 * missing file, invalid JSON, a document that is not an identity policy (a `Principal`, no
 * `Resource`, ...), an unknown placeholder, a placeholder without a value (`{{TrainingBucket}}`
 * when there is no training bucket), or a rendered size over `limits.iamManagedPolicyMaxChars`.
 *
 * @example
 * const policy = renderIamPolicy(loadConfig(), 'sagemaker-data-scientist', {
 *   accountId: '444455556666', region: 'us-east-1', partition: 'aws',
 *   executionRoleArn: 'arn:aws:iam::444455556666:role/avm-sagemaker-execution',
 * });
 * // { name: 'sagemaker-data-scientist', file: 'config/policies/iam/sagemaker-data-scientist.json',
 * //   content: '{"Version":"2012-10-17","Statement":[...]}' }
 */
export function renderIamPolicy(loaded: LoadedConfig, name: string, vars: IamPolicyVars): IamPolicyDocument {
  const { policy, problems } = inspectIamPolicy(loaded, name, vars);
  if (policy === undefined) throw configInvalidError(problems);
  return policy;
}

/** A copy of a JSON value with `f` applied to every string, object keys included. */
function mapStrings(
  value: unknown,
  path: (string | number)[],
  f: (s: string, path: (string | number)[]) => string,
): unknown {
  if (typeof value === 'string') return f(value, path);
  if (Array.isArray(value)) return value.map((item, i) => mapStrings(item, [...path, i], f));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        f(key, [...path, key]),
        mapStrings(item, [...path, key], f),
      ]),
    );
  }
  return value;
}
