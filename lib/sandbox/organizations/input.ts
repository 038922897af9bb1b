/**
 * Reads request members the way the Organizations front end validates them: a missing required
 * member, a length or pattern violation or an unknown enum value is an InvalidInputException
 * whose `Reason` says which rule failed, before the operation looks at any state.
 */
import type { AwsLimits } from '../../aws/limits.ts';
import { AwsError, constraintViolation, invalidInput } from '../aws-error.ts';

export interface StringRule {
  min?: number;
  max?: number;
  /** Anchored pattern the value must match. */
  pattern?: RegExp;
  /** Reason reported for a pattern mismatch; default INVALID_PATTERN. */
  patternReason?: string;
  oneOf?: readonly string[];
}

const ROOT = 'r-[0-9a-z]{4,32}';
const OU = 'ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}';
const ACCOUNT = '\\d{12}';
const POLICY = 'p-[0-9a-zA-Z_]{8,128}';
const anyOf = (...parts: string[]) => new RegExp(`^(?:${parts.join('|')})$`);

/** ID patterns from the Organizations model, anchored. */
export const PATTERNS = {
  accountId: anyOf(ACCOUNT),
  rootId: anyOf(ROOT),
  ouId: anyOf(OU),
  parentId: anyOf(ROOT, OU),
  childId: anyOf(ACCOUNT, OU),
  policyId: anyOf(POLICY),
  targetId: anyOf(ROOT, ACCOUNT, OU),
  resourceId: anyOf(ROOT, ACCOUNT, OU, POLICY),
  createAccountRequestId: /^car-[a-z0-9]{8,32}$/,
};

// Tag characters AWS allows across services: letters, numbers, spaces and _ . : / = + - @
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export class Input {
  constructor(private readonly raw: Record<string, unknown>) {}

  string(name: string, rule: StringRule = {}): string {
    const value = this.optionalString(name, rule);
    if (value === undefined) throw invalidInput('INPUT_REQUIRED', `You must specify a value for ${name}.`);
    return value;
  }

  optionalString(name: string, rule: StringRule = {}): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw serialization(name, 'a string');
    checkString(name, value, rule);
    return value;
  }

  optionalInteger(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(name, 'an integer');
    return value;
  }

  optionalStringList(name: string, rule: StringRule = {}): string[] | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      throw serialization(name, 'a list of strings');
    for (const item of value as string[]) checkString(name, item, rule);
    return value as string[];
  }

  /**
   * Tags as a record. Any invalid tag fails the whole request (AWS-FACTS §1: "the whole request
   * fails and no account is created"); the count limit is checked by the caller, which knows
   * how many tags the resource already has.
   */
  tags(name = 'Tags'): Record<string, string> {
    const value = this.raw[name];
    if (value === undefined || value === null) return {};
    if (!Array.isArray(value)) throw serialization(name, 'a list of tags');
    const tags: Record<string, string> = {};
    for (const tag of value as unknown[]) {
      const { Key: key, Value: tagValue } = (tag ?? {}) as Record<string, unknown>;
      if (typeof key !== 'string') throw invalidInput('INPUT_REQUIRED', 'Each tag must have a Key.');
      // The value may be "" but not missing or null.
      if (typeof tagValue !== 'string') throw invalidInput('INPUT_REQUIRED', `Tag ${key} must have a Value.`);
      checkString('Tag key', key, { min: 1, max: 128, pattern: TAG_CHARS });
      checkString('Tag value', tagValue, { max: 256, pattern: TAG_CHARS });
      if (key.toLowerCase().startsWith('aws:')) {
        throw invalidInput(
          'INVALID_SYSTEM_TAGS_PARAMETER',
          'Tag keys starting with aws: are reserved for AWS.',
        );
      }
      if (key in tags) throw invalidInput('DUPLICATE_TAG_KEY', `Tag key ${key} appears more than once.`);
      tags[key] = tagValue;
    }
    return tags;
  }
}

export function checkString(name: string, value: string, rule: StringRule): void {
  if (rule.min !== undefined && value.length < rule.min) {
    throw invalidInput('MIN_LENGTH_EXCEEDED', `You provided a value for ${name} that is too short.`);
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw invalidInput('MAX_LENGTH_EXCEEDED', `You provided a value for ${name} that is too long.`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw invalidInput(
      rule.patternReason ?? 'INVALID_PATTERN',
      `You provided a value for ${name} that does not match the required pattern.`,
    );
  }
  if (rule.oneOf && !rule.oneOf.includes(value)) {
    throw invalidInput('INVALID_ENUM', `You specified an invalid value for ${name}: ${value}.`);
  }
}

/** Tags on one resource after adding `added` to `existing` keys must stay within the limit. */
export function checkTagCount(
  limits: AwsLimits,
  existing: Iterable<string>,
  added: Record<string, string>,
): void {
  const keys = new Set([...existing, ...Object.keys(added)]);
  if (keys.size > limits.tagsPerAccount) {
    throw constraintViolation(
      'MAX_TAG_LIMIT_EXCEEDED',
      `You have exceeded the maximum number of tags allowed on this resource (${limits.tagsPerAccount}).`,
    );
  }
}

function serialization(name: string, expected: string): AwsError {
  return new AwsError('SerializationException', `${name} must be ${expected}.`);
}
