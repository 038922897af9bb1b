/**
 * Hostile blueprint files and policy documents (issue 6): `validateConfigFile` never throws and
 * every problem it reports says which file, where in it, and what is wrong.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Problem, validateConfigFile } from '#lib/config/index.ts';
import { hostileString, POLLUTION_KEYS } from './arbitraries.ts';

const shippedText = readFileSync('config/blueprints.yaml', 'utf8');
const shipped = parse(shippedText) as unknown;
let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'avm-property-'));
  file = join(dir, 'blueprints.yaml');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every path into a YAML tree, as key lists. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([key, child]) => paths(child, [...at, key]))];
}

const replacement: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.jsonValue(),
  fc.constantFrom(null, true, 0, -1, 1e308, [], {}, '/', '', 'arn:aws:iam::aws:policy/x', '123456789012'),
  fc.integer({ min: 1, max: 200 }).map((depth) => {
    let nested: unknown = 'deep';
    for (let i = 0; i < depth; i++) nested = i % 2 ? [nested] : { k: nested };
    return nested;
  }),
);

type Mutation = { op: 'drop' | 'set' | 'rename' | 'copy'; pick: number; value: unknown; key: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('drop', 'set', 'rename', 'copy'),
  pick: fc.nat(),
  value: replacement,
  key: fc.oneof(fc.constantFrom(...POLLUTION_KEYS, 'ai-dev', 'scps', 'ou'), fc.string()),
});

/** Applies one mutation to a random place of the tree (in place). */
function mutate(root: Record<string, unknown>, { op, pick, value, key }: Mutation): void {
  const all = paths(root).filter((p) => p.length > 0);
  const path = all[pick % all.length] as (string | number)[];
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], root) as Record<
    string | number,
    unknown
  >;
  const last = path[path.length - 1] as string | number;
  const define = (k: string | number, v: unknown) =>
    Object.defineProperty(parent, k, { value: v, enumerable: true, configurable: true, writable: true });
  if (op === 'drop') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (op === 'set') define(last, value);
  else if (op === 'rename') {
    const old = parent[last];
    if (Array.isArray(parent)) parent.push(old);
    else {
      delete parent[last];
      define(key, old);
    }
  } else if (Array.isArray(parent)) parent.push(structuredClone(parent[last]));
  else define(`${String(last)}${key === '' ? '-copy' : key}`, structuredClone(parent[last]));
}

/** Text mutations the tree cannot express: duplicated keys, broken indentation, junk. */
const textMutation = fc.record({
  line: fc.nat(),
  op: fc.constantFrom('duplicate', 'delete', 'insert', 'indent'),
  text: hostileString,
});

function mutateText(
  text: string,
  { line, op, text: junk }: { line: number; op: string; text: string },
): string {
  const lines = text.split('\n');
  const i = line % lines.length;
  const at = lines[i] ?? '';
  if (op === 'duplicate') lines.splice(i, 0, at);
  else if (op === 'delete') lines.splice(i, 1);
  else if (op === 'insert') lines.splice(i, 0, junk);
  else lines[i] = `   ${at}`;
  return lines.join('\n');
}

function expectWellFormed(problems: Problem[]): void {
  expect(Array.isArray(problems)).toBe(true);
  for (const problem of problems) {
    expect(typeof problem.file).toBe('string');
    expect(problem.file.length).toBeGreaterThan(0);
    expect(typeof problem.path).toBe('string');
    expect(problem.path.length).toBeGreaterThan(0);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.trim().length).toBeGreaterThan(0);
  }
}

describe('validateConfigFile', () => {
  it('the shipped file is valid (the baseline the mutations start from)', () => {
    cpSync('config/policies', join(dir, 'policies'), { recursive: true });
    writeFileSync(file, shippedText);
    expect(validateConfigFile(file)).toEqual([]);
  });

  it('mutated blueprint files (dropped, renamed, copied, retyped keys; junk; deep nesting): problems with file, path and message', () => {
    cpSync('config/policies', join(dir, 'policies'), { recursive: true });
    let withProblems = 0;
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.array(textMutation, { maxLength: 2 }),
        (mutations, textMutations) => {
          const tree = structuredClone(shipped) as Record<string, unknown>;
          for (const m of mutations) mutate(tree, m);
          let text: string;
          try {
            text = stringify(tree, { aliasDuplicateObjects: false });
          } catch {
            text = JSON.stringify(tree) ?? '';
          }
          for (const m of textMutations) text = mutateText(text, m);
          writeFileSync(file, text);
          const problems = validateConfigFile(file);
          expectWellFormed(problems);
          if (problems.length > 0) withProblems++;
        },
      ),
      { numRuns: 600 },
    );
    // Most mutations break the file: the property is about real problem lists, not empty ones.
    expect(withProblems).toBeGreaterThan(300);
  });

  it('random policy documents (any JSON, junk text) in every policy file: problems with file, path and message', () => {
    cpSync('config/policies', join(dir, 'policies'), { recursive: true });
    writeFileSync(file, shippedText);
    const policyFiles = ['scp', 'iam'].flatMap((kind) =>
      readdirSync(join(dir, 'policies', kind)).map((name) => join(dir, 'policies', kind, name)),
    );
    const originals = new Map(policyFiles.map((f) => [f, readFileSync(f, 'utf8')]));
    const statement = fc.record(
      {
        Sid: hostileString,
        Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), hostileString),
        Action: fc.oneof(fc.string(), fc.array(fc.string()), fc.jsonValue()),
        NotAction: fc.oneof(fc.string(), fc.array(fc.string())),
        Resource: fc.oneof(fc.constant('*'), fc.string(), fc.array(fc.string()), fc.jsonValue()),
        Principal: fc.jsonValue(),
        Condition: fc.oneof(
          fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.jsonValue())),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    const document = fc.oneof(
      fc
        .record(
          {
            Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17'), hostileString),
            Statement: fc.oneof(fc.array(statement, { maxLength: 4 }), statement, fc.jsonValue()),
            Id: hostileString,
          },
          { requiredKeys: [] },
        )
        .map((doc) => JSON.stringify(doc)),
      fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
      hostileString,
    );
    let withProblems = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), document), { minLength: 1, maxLength: 3 }), (writes) => {
        for (const [pick, text] of writes)
          writeFileSync(policyFiles[pick % policyFiles.length] as string, text);
        try {
          const problems = validateConfigFile(file);
          expectWellFormed(problems);
          if (problems.length > 0) withProblems++;
        } finally {
          for (const [f, text] of originals) writeFileSync(f, text);
        }
      }),
      { numRuns: 400 },
    );
    expect(withProblems).toBeGreaterThan(200);
  });
});
