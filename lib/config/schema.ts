/**
 * The schema of the blueprint file (`config/blueprints.yaml`). Strict everywhere: an unknown key
 * is an error, because a misspelt key silently ignored would vend accounts without the governance
 * someone believes they configured. Limits that depend on `organization.limits` (OU depth, SCP
 * counts, tag count) are checked by `blueprintProblems`, not here.
 */
import * as v from 'valibot';
import { ouPathProblem } from './ou-path.ts';
import { AccessEntries } from './schema-access.ts';
import { list, mapping, POLICY_NAME, positiveInteger, text, unique } from './schema-helpers.ts';

export { POLICY_NAME } from './schema-helpers.ts';
/** AWS Organizations CreatePolicy: a policy name is at most 128 characters (prefix included). */
export const AWS_POLICY_NAME_MAX_CHARS = 128;
/** Blueprint names are typed in Slack (`blueprint=ai-dev`) and stored on request records. */
export const BLUEPRINT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** CreateAccount `RoleName`. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/**
 * An email domain per CreateAccount's rules (`[a-zA-Z0-9-.]`, no leading/trailing `-` or `.`,
 * at least one dot), and additionally no empty or hyphen-edged labels, which DNS would reject anyway.
 */
export const EMAIL_DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
/** CreateAccount emails are at most 64 characters, so a longer domain than 62 can never be used. */
export const EMAIL_DOMAIN_MAX_CHARS = 62;
/** Organizations `Tag` key and value pattern (API reference). */
export const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TAG_KEY_MAX_CHARS = 128;
export const TAG_VALUE_MAX_CHARS = 256;
/**
 * Tags the vending machine adds to every account itself; the blueprint (and the request) must
 * leave room for them under the 50-tags-per-account limit.
 */
export const RESERVED_TAG_COUNT = 2;
/** Slack workspace (T…) or Enterprise Grid org (E…) ids, and user ids (U…, W…). */
export const SLACK_TEAM_ID = /^[TE][A-Z0-9]{2,20}$/;
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

export const DEFAULT_ACCESS_ROLE_NAME = 'OrganizationAccountAccessRole';
export const DEFAULT_POLICY_NAME_PREFIX = 'avm-';

const LimitsSchema = mapping('organization.limits', {
  scpMaxChars: v.optional(positiveInteger('scpMaxChars')),
  scpsPerTarget: v.optional(positiveInteger('scpsPerTarget')),
  ouMaxDepth: v.optional(positiveInteger('ouMaxDepth')),
  tagsPerAccount: v.optional(positiveInteger('tagsPerAccount')),
  iamManagedPolicyMaxChars: v.optional(positiveInteger('iamManagedPolicyMaxChars')),
  managedPoliciesPerEntity: v.optional(positiveInteger('managedPoliciesPerEntity')),
  groupInlinePolicyMaxChars: v.optional(positiveInteger('groupInlinePolicyMaxChars')),
  roleInlinePolicyMaxChars: v.optional(positiveInteger('roleInlinePolicyMaxChars')),
  bucketPolicyMaxBytes: v.optional(positiveInteger('bucketPolicyMaxBytes')),
});

const EmailDomainSchema = v.pipe(
  text('an email domain'),
  v.maxLength(
    EMAIL_DOMAIN_MAX_CHARS,
    (issue) =>
      `email domain is ${issue.input.length} characters; AWS account emails are at most 64, so the domain can be at most ${EMAIL_DOMAIN_MAX_CHARS}`,
  ),
  v.regex(
    EMAIL_DOMAIN,
    (issue) =>
      `${JSON.stringify(issue.input)} is not a valid email domain: letters, digits, "-" and "." only, at least one dot, no leading or trailing "-" or "." (write example.com, not @example.com)`,
  ),
);

export const OrganizationSchema = mapping('organization', {
  emailDomains: v.pipe(
    list('emailDomains', EmailDomainSchema),
    v.nonEmpty('emailDomains must list at least one domain; account emails must be in one of them'),
  ),
  accessRoleName: v.optional(
    v.pipe(
      text('accessRoleName'),
      v.regex(ROLE_NAME, 'accessRoleName must be 1–64 characters of letters, digits and +=,.@_-'),
    ),
    DEFAULT_ACCESS_ROLE_NAME,
  ),
  policyNamePrefix: v.optional(
    v.pipe(
      text('policyNamePrefix'),
      v.regex(POLICY_NAME, 'policyNamePrefix must be 1–100 characters of letters, digits and _.-'),
    ),
    DEFAULT_POLICY_NAME_PREFIX,
  ),
  limits: v.optional(LimitsSchema, {}),
});

const SlackSchema = mapping('slack', {
  allowedTeamIds: v.optional(
    list(
      'allowedTeamIds',
      v.pipe(
        text('a Slack team id'),
        v.regex(SLACK_TEAM_ID, (i) => `${JSON.stringify(i.input)} is not a Slack team id (like T0123456789)`),
      ),
    ),
    [],
  ),
  allowedUserIds: v.optional(
    list(
      'allowedUserIds',
      v.pipe(
        text('a Slack user id'),
        v.regex(SLACK_USER_ID, (i) => `${JSON.stringify(i.input)} is not a Slack user id (like U0123456789)`),
      ),
    ),
    [],
  ),
});

const PolicyNameSchema = v.pipe(
  text('a policy name'),
  v.regex(
    POLICY_NAME,
    (issue) =>
      `${JSON.stringify(issue.input)} is not a valid policy name: 1–100 characters of letters, digits and _.- (it is the file name without .json)`,
  ),
);

const PolicyListSchema = (what: string) => v.pipe(list(what, PolicyNameSchema), unique(what));

const TagKeySchema = v.pipe(
  v.string(),
  v.minLength(1, 'a tag key must not be empty'),
  v.maxLength(TAG_KEY_MAX_CHARS, `a tag key is at most ${TAG_KEY_MAX_CHARS} characters`),
  v.regex(TAG_CHARS, 'a tag key may contain only letters, digits, spaces and _.:/=+-@'),
  v.check((key) => !/^aws:/i.test(key), 'tag keys starting with "aws:" are reserved for AWS'),
);

const TagValueSchema = v.pipe(
  v.string(
    (issue) =>
      `a tag value must be a string, got ${issue.received}; quote numbers, dates and booleans ("0123", "true") and use "" for an empty value`,
  ),
  v.maxLength(TAG_VALUE_MAX_CHARS, `a tag value is at most ${TAG_VALUE_MAX_CHARS} characters`),
  v.regex(TAG_CHARS, 'a tag value may contain only letters, digits, spaces and _.:/=+-@'),
);

const TagsSchema = v.record(
  TagKeySchema,
  TagValueSchema,
  (issue) => `tags must be a mapping of key: value, got ${issue.received}`,
);

export const BlueprintSchema = mapping('a blueprint', {
  description: v.optional(
    v.pipe(
      text('description'),
      v.minLength(1, 'description must not be empty'),
      v.maxLength(256, 'description is at most 256 characters'),
    ),
  ),
  ou: v.pipe(
    text('ou'),
    v.check(
      (path) => ouPathProblem(path) === undefined,
      (issue) => `${JSON.stringify(issue.input)} ${ouPathProblem(issue.input)}`,
    ),
  ),
  scps: v.optional(PolicyListSchema('scps'), []),
  ouScps: v.optional(PolicyListSchema('ouScps'), []),
  tags: v.optional(TagsSchema, {}),
  ...AccessEntries,
});

const BlueprintsSchema = v.pipe(
  v.record(
    v.pipe(
      v.string(),
      v.regex(
        BLUEPRINT_NAME,
        'a blueprint name must be 1–64 characters of letters, digits, "-" and "_", starting with a letter or digit',
      ),
    ),
    BlueprintSchema,
    (issue) => `blueprints must be a mapping of name: blueprint, got ${issue.received}`,
  ),
  v.check((blueprints) => Object.keys(blueprints).length > 0, 'define at least one blueprint'),
);

/**
 * The whole blueprint file. `slack` may be left out: then no Slack team is allowed and the slash
 * command refuses every request (an empty `allowedTeamIds` means the same, never "everyone").
 */
export const VendConfigSchema = mapping('the blueprint file', {
  organization: OrganizationSchema,
  slack: v.optional(SlackSchema, { allowedTeamIds: [], allowedUserIds: [] }),
  blueprints: BlueprintsSchema,
});

/** The validated blueprint file, defaults applied. */
export type VendConfig = v.InferOutput<typeof VendConfigSchema>;
/**
 * One blueprint: where the account goes, which SCPs govern it, which tags it gets, and what it
 * gets from other accounts (RAM shares, S3 data) and inside (IAM groups, SageMaker execution role).
 */
export type Blueprint = VendConfig['blueprints'][string];
