/**
 * The policy grammar IAM and S3 share: a JSON object with a Statement (one or a list), each
 * statement with Effect, Action, Resource and, in resource and trust policies, a Principal.
 * Each service words its errors differently, so this module only reads; callers decide.
 */

export type Statement = Record<string, unknown>;

export interface ParsedPolicy {
  version: unknown;
  statements: Statement[];
}

/** Versions the policy language accepts; a document without one is read as 2008-10-17. */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'];

/** The statements of a policy, or why it is not one: `syntax` (not a JSON object) or `statement`. */
export function parsePolicy(text: string): ParsedPolicy | 'syntax' | 'statement' {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'syntax';
  }
  if (!isObject(value)) return 'syntax';
  const statement = value.Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  if (statement === undefined || statements.length === 0 || !statements.every(isObject)) return 'statement';
  return { version: value.Version, statements: statements as Statement[] };
}

export interface PrincipalEntry {
  /** AWS, Service, Federated, CanonicalUser, or `*` for the bare wildcard. */
  type: string;
  value: string;
}

/** The principals a statement names, flattened; undefined when the Principal is not well formed. */
export function principalEntries(principal: unknown): PrincipalEntry[] | undefined {
  if (principal === '*') return [{ type: '*', value: '*' }];
  if (!isObject(principal)) return undefined;
  const entries: PrincipalEntry[] = [];
  for (const [type, raw] of Object.entries(principal)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0 || !values.every((v) => typeof v === 'string')) return undefined;
    for (const value of values as string[]) entries.push({ type, value });
  }
  return entries.length > 0 ? entries : undefined;
}

/** A string or a non-empty list of strings, as Action and Resource are written. */
export function stringList(value: unknown): string[] | undefined {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0 || !values.every((v) => typeof v === 'string')) return undefined;
  return values as string[];
}

/** IAM's size rule: characters without whitespace. */
export function charactersWithoutWhitespace(text: string): number {
  return text.replace(/\s/g, '').length;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
