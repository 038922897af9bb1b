/**
 * Building blocks of the blueprint schema, so every message names the value it is about and
 * what is allowed instead of valibot's generic "Invalid type".
 */
import * as v from 'valibot';

/** Policy names are file names under `config/policies/<kind>/<name>.json`. */
export const POLICY_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * A strict mapping whose messages name what it is and which keys are allowed.
 *
 * @example
 * mapping('a group', { name: text('name') }); // { nmae: x } → 'unknown key; a group allows: name'
 */
export function mapping<const E extends v.ObjectEntries>(what: string, entries: E) {
  const allowed = Object.keys(entries).join(', ');
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `unknown key; ${what} allows: ${allowed}`;
    // A missing required key is reported at the key itself, with expected = '"key"'.
    if (issue.expected?.startsWith('"')) return `is required in ${what}`;
    return `${what} must be a mapping (key: value), got ${issue.received}`;
  });
}

/** @example text('bucket') // 42 → 'bucket must be a string, got 42' */
export function text(what: string) {
  return v.string((issue) => `${what} must be a string, got ${issue.received}`);
}

/** @example list('groups', GroupSchema) // {} → 'groups must be a list, got Object' */
export function list<T extends v.GenericSchema>(what: string, item: T) {
  return v.array(item, (issue) => `${what} must be a list, got ${issue.received}`);
}

/** A list check: no item twice. @example v.pipe(list('scps', text('an SCP')), unique('scps')) */
export function unique(what: string) {
  return v.check(
    (items: string[]) => new Set(items).size === items.length,
    (issue: v.CheckIssue<string[]>) => {
      const items = issue.input;
      const dup = items.find((item, i) => items.indexOf(item) !== i);
      return `${what} lists ${JSON.stringify(dup)} more than once`;
    },
  );
}

/** @example positiveInteger('ouMaxDepth') // 2.5 → 'ouMaxDepth must be a whole number' */
export function positiveInteger(what: string) {
  return v.pipe(
    v.number((issue) => `${what} must be a number, got ${issue.received}`),
    v.integer(`${what} must be a whole number`),
    v.minValue(1, `${what} must be at least 1`),
  );
}

/** @example boolean('trainingBucket') // "yes" → 'trainingBucket must be true or false, got "yes"' */
export function boolean(what: string) {
  return v.boolean((issue) => `${what} must be true or false, got ${issue.received}`);
}

/**
 * A string checked by a function returning why it is wrong (or `undefined`).
 *
 * @example checkedText('prefix', dataPrefixProblem)
 */
export function checkedText(what: string, problem: (value: string) => string | undefined) {
  return v.pipe(
    text(what),
    v.check(
      (value) => problem(value) === undefined,
      (issue) => problem(issue.input) ?? '',
    ),
  );
}
