import { isAbsolute, relative } from 'node:path';
import type * as v from 'valibot';
import { ConfigInvalidError } from '../errors.ts';

/**
 * One thing wrong with the blueprint configuration or a policy document.
 * `file` is the file to edit (shown relative to the working directory when inside it),
 * `path` where in it (`blueprints.ai-dev.ou`, `Statement[0].Effect`, `line 3, column 5`,
 * or `(file)` / `(document)` / `(root)` for the whole thing), `message` what to change.
 */
export interface Problem {
  file: string;
  path: string;
  message: string;
}

/**
 * Renders problems one per line as `<file>: <path>: <message>`, the form editors and CI logs
 * understand. Used for `ConfigInvalidError` messages and by `avm validate`.
 *
 * @example
 * formatProblems([{ file: 'config/blueprints.yaml', path: 'blueprints.ai-dev.ou', message: 'must start with "/"' }]);
 * // 'config/blueprints.yaml: blueprints.ai-dev.ou: must start with "/"'
 */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n');
}

/** Drops repeated problems (the same policy file checked for several blueprints), keeping first-seen order. */
export function dedupeProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}\0${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The error steps throw when configuration breaks a rule: its message lists every problem,
 * so the failure recorded for the request tells the platform engineer everything to fix at once.
 *
 * @example
 * const problems = blueprintProblems(loaded, 'ai-dev');
 * if (problems.length > 0) throw configInvalidError(problems);
 */
export function configInvalidError(problems: readonly Problem[]): InstanceType<typeof ConfigInvalidError> {
  return new ConfigInvalidError(formatProblems(dedupeProblems(problems)));
}

/** Shows a file relative to the working directory when it is inside it: shorter and clickable in terminals. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * Joins a path of object keys and array indexes the way people write them:
 * `['blueprints', 'ai-dev', 'scps', 0]` → `blueprints.ai-dev.scps[0]`; keys with other characters
 * are quoted (`tags["aws:env"]`) so a dot inside a key is not mistaken for nesting.
 */
export function formatPath(keys: readonly (string | number)[]): string {
  let out = '';
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** Turns schema issues into problems located by their path in the document. */
export function issueProblems(file: string, issues: readonly v.BaseIssue<unknown>[]): Problem[] {
  return issues.map((issue) => ({
    file,
    path: formatPath((issue.path ?? []).map((item) => item.key as string | number)),
    message: issue.message,
  }));
}
