/** The parts of an IAM or bucket policy document the vending machine reads and writes. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
  [key: string]: unknown;
}

export interface PolicyDocument {
  Version: string;
  Id?: string;
  Statement: PolicyStatement[];
}

export function policy(statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** Parses a policy document, accepting a single Statement object as AWS does; URL-decodes if needed. */
export function parsePolicy(text: string): PolicyDocument {
  const raw = text.trimStart().startsWith('{') ? text : decodeURIComponent(text);
  const parsed = JSON.parse(raw) as {
    Version?: string;
    Id?: string;
    Statement?: PolicyStatement | PolicyStatement[];
  };
  const statements = parsed.Statement === undefined ? [] : [parsed.Statement].flat();
  return { ...parsed, Version: parsed.Version ?? '2012-10-17', Statement: statements };
}

/** Whether two policy texts say the same thing, regardless of whitespace, key order or encoding. */
export function samePolicy(a: string | undefined, b: string | PolicyDocument): boolean {
  if (a === undefined) return false;
  try {
    return canonical(parsePolicy(a)) === canonical(typeof b === 'string' ? parsePolicy(b) : b);
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
