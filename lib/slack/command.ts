/**
 * The grammar of the slash command's text (DESIGN.md, "Slack"). Syntax only: whether the name,
 * email and blueprint are acceptable is decided by `parseRequest` and the blueprint config.
 */
import { REQUEST_ID } from '../request/schema.ts';
import { type Token, tokenize } from './tokenize.ts';

export type Command =
  | { kind: 'request'; accountName: string; email: string; blueprint: string; tags?: Record<string, string> }
  | { kind: 'status'; requestId: string }
  | { kind: 'retry'; requestId: string }
  | { kind: 'blueprints' }
  | { kind: 'help' }
  | { kind: 'invalid'; message: string };

/** One line of usage per verb, shared with the help message. */
export const USAGE = {
  request: 'request name=<account name> email=<email> blueprint=<blueprint> [tag=Key=Value ...]',
  status: 'status <request id>',
  retry: 'retry <request id>',
  blueprints: 'blueprints',
  help: 'help',
} as const;

const FIELDS = ['name', 'email', 'blueprint'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Parses the text after the command. Empty text means `help`. Verbs and keys ignore case;
 * values may be quoted (`name="ml team"`); Slack's email and link markup is unwrapped.
 *
 * @example
 * parseCommandText('request name=ml-a email=<mailto:a@example.com|a@example.com> blueprint=ai-dev tag=Team=ML');
 * // { kind: 'request', accountName: 'ml-a', email: 'a@example.com', blueprint: 'ai-dev', tags: { Team: 'ML' } }
 * parseCommandText('request ml-a a@example.com ai-dev'); // the same, positionally, without tags
 * parseCommandText('status r-123'); // { kind: 'status', requestId: 'r-123' }
 * parseCommandText('retry r-123'); // { kind: 'retry', requestId: 'r-123' }
 */
export function parseCommandText(text: string): Command {
  const split = tokenize(text);
  if (!split.ok) return invalid(split.message);
  const [first, ...args] = split.tokens;
  if (first === undefined) return { kind: 'help' };
  const verb = first.value.toLowerCase();
  switch (verb) {
    case 'help':
      return { kind: 'help' };
    case 'blueprints':
      return args.length === 0 ? { kind: 'blueprints' } : invalid(`blueprints takes no arguments`);
    case 'status':
      if (args.length === 1 && args[0]?.value) return { kind: 'status', requestId: args[0].value };
      return invalid(
        `${args.length === 0 ? 'status needs' : 'status takes one'} request id: ${USAGE.status}`,
      );
    case 'retry':
      return parseRetryArgs(args);
    case 'request':
      return parseRequestArgs(args);
    default:
      if (first.eq !== -1) return invalid(`start with the verb: ${USAGE.request}`);
      return invalid(`unknown command "${first.value}": use request, status, retry, blueprints or help`);
  }
}

/**
 * Exactly one well-formed request id. There is no force from Slack: taking over a request stuck
 * IN_PROGRESS is for an operator (`avm retry --force`), who can see whether its execution ended.
 */
function parseRetryArgs(args: Token[]): Command {
  const [id, ...extra] = args.map((token) => token.value);
  if (id === undefined) return invalid(`retry needs the request id: ${USAGE.retry}`);
  if ([id, ...extra].some((word) => /^-*force$/i.test(word))) {
    return invalid(
      'there is no forced retry from Slack: a request stuck IN_PROGRESS is taken over by an operator with `avm retry <request id> --force`',
    );
  }
  if (extra.length > 0)
    return invalid(`retry takes one request id, not "${extra.join(' ')}": ${USAGE.retry}`);
  if (!REQUEST_ID.test(id)) {
    return invalid(`"${id}" is not a request id (1–64 characters of A-Z, a-z, 0-9, _ and -): ${USAGE.retry}`);
  }
  return { kind: 'retry', requestId: id };
}

/** Positional values first (name, email, blueprint), then key=value pairs in any order. */
function parseRequestArgs(args: Token[]): Command {
  const fields: Partial<Record<Field, string>> = {};
  const tags = new Map<string, string>();
  let positional = 0;
  let keyed = false;
  for (const { value, eq } of args) {
    if (eq === -1) {
      if (keyed) return invalid(`"${value}" has no key: write name=, email=, blueprint= or tag=Key=Value`);
      const field = FIELDS[positional++];
      if (field === undefined) return invalid(`too many values at "${value}": ${USAGE.request}`);
      if (value === '') return invalid(`the ${field} is empty`);
      fields[field] = value;
      continue;
    }
    keyed = true;
    const key = value.slice(0, eq).toLowerCase();
    const rest = value.slice(eq + 1);
    if (key === 'tag') {
      const tagEq = rest.indexOf('=');
      if (tagEq < 1) return invalid(`bad tag "${rest}": write tag=Key=Value`);
      const tagKey = rest.slice(0, tagEq);
      if (tags.has(tagKey)) return invalid(`duplicate tag "${tagKey}"`);
      tags.set(tagKey, rest.slice(tagEq + 1));
    } else if (!isField(key)) {
      return invalid(`unknown key "${key}=": use name=, email=, blueprint= or tag=Key=Value`);
    } else if (fields[key] !== undefined) {
      return invalid(`duplicate key "${key}=": give it once`);
    } else if (rest === '') {
      return invalid(`${key}= has no value`);
    } else {
      fields[key] = rest;
    }
  }
  const { name, email, blueprint } = fields;
  if (name === undefined || email === undefined || blueprint === undefined) {
    const missing = FIELDS.filter((field) => fields[field] === undefined).map((field) => `${field}=`);
    return invalid(`missing ${missing.join(', ')}: ${USAGE.request}`);
  }
  return {
    kind: 'request',
    accountName: name,
    email,
    blueprint,
    ...(tags.size > 0 ? { tags: Object.fromEntries(tags) } : {}),
  };
}

function isField(key: string): key is Field {
  return (FIELDS as readonly string[]).includes(key);
}

function invalid(message: string): Command {
  return { kind: 'invalid', message };
}
