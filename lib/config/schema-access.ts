/**
 * The cross-account keys of a blueprint: `resourceShares` (AWS RAM), `dataAccess` (S3 in another
 * account, through a bucket policy and a role), `groups` (IAM groups) and
 * `sagemakerExecutionRole`. The format of each value is checked here; rules across entries,
 * policy files and AWS limits are checked by `blueprintProblems` (see access-checks.ts).
 */
import * as v from 'valibot';
import { isAwsManagedPolicyArn } from './iam-names.ts';
import { parseArn } from './ram.ts';
import { dataPrefixProblem, s3BucketNameProblem } from './s3-names.ts';
import { boolean, checkedText, list, mapping, POLICY_NAME, text, unique } from './schema-helpers.ts';

/** An AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;
/** AWS RAM CreateResourceShare `name`, restricted to characters that are safe in logs and tags. */
export const RESOURCE_SHARE_NAME = /^[\w .:-]{1,255}$/;
/** A dataAccess entry name; it becomes part of the role name `avm-data-<name>`. */
export const DATA_ACCESS_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** IAM CreateGroup `GroupName`. */
export const GROUP_NAME = /^[\w+=,.@-]{1,128}$/;

const AccountIdSchema = (what: string) =>
  v.pipe(
    text(what),
    v.regex(ACCOUNT_ID, (issue) => `${what} must be a 12-digit AWS account id in quotes, got ${issue.input}`),
  );

const AccessSchema = (what: string) =>
  v.picklist(
    ['read', 'read-write'],
    (issue) => `${what} must be "read" or "read-write", got ${issue.received}`,
  );

const ResourceArnSchema = v.pipe(
  text('a resource ARN'),
  v.check(
    (arn) => parseArn(arn) !== undefined,
    (issue) =>
      `${JSON.stringify(issue.input)} is not an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)`,
  ),
);

const ResourceShareSchema = mapping('a resource share', {
  name: v.pipe(
    text('name'),
    v.regex(
      RESOURCE_SHARE_NAME,
      'a resource share name is 1–255 characters of letters, digits, spaces and _.:-',
    ),
  ),
  ownerAccount: v.optional(AccountIdSchema('ownerAccount')),
  resourceArns: v.pipe(
    list('resourceArns', ResourceArnSchema),
    v.nonEmpty('resourceArns must list at least one resource'),
    unique('resourceArns'),
  ),
});

const DataAccessSchema = mapping('a dataAccess entry', {
  name: v.pipe(
    text('name'),
    v.regex(
      DATA_ACCESS_NAME,
      'a dataAccess name is 1–40 characters of lowercase letters, digits and "-", starting with a letter or digit (it names the role avm-data-<name>)',
    ),
  ),
  bucket: checkedText('bucket', (name) => {
    const problem = s3BucketNameProblem(name);
    return problem && `bucket ${JSON.stringify(name)} ${problem}`;
  }),
  bucketAccount: AccountIdSchema('bucketAccount'),
  prefix: checkedText('prefix', (prefix) => {
    const problem = dataPrefixProblem(prefix);
    return problem && `prefix ${JSON.stringify(prefix)} ${problem}`;
  }),
  access: AccessSchema('access'),
});

const AwsManagedPolicyArnSchema = checkedText('a managed policy', (arn) =>
  isAwsManagedPolicyArn(arn)
    ? undefined
    : `${JSON.stringify(arn)} is not an AWS managed policy ARN (arn:aws:iam::aws:policy/<name>); put your own policies in config/policies/iam/`,
);

const GroupPolicySchema = checkedText('a policy', (policy) => {
  if (policy.startsWith('arn:')) {
    return isAwsManagedPolicyArn(policy)
      ? undefined
      : `${JSON.stringify(policy)} is not an AWS managed policy ARN (arn:aws:iam::aws:policy/<name>); put your own policies in config/policies/iam/<name>.json and list <name>`;
  }
  return POLICY_NAME.test(policy)
    ? undefined
    : `${JSON.stringify(policy)} is neither a policy file name (letters, digits and _.-, without .json) nor an AWS managed policy ARN`;
});

const GroupSchema = mapping('a group', {
  name: v.pipe(
    text('name'),
    v.regex(GROUP_NAME, 'an IAM group name is 1–128 characters of letters, digits and +=,.@_-'),
  ),
  policies: v.optional(v.pipe(list('policies', GroupPolicySchema), unique('policies')), []),
  passExecutionRole: v.optional(boolean('passExecutionRole'), false),
  trainingBucket: v.optional(AccessSchema('trainingBucket')),
});

const ExecutionRoleSchema = mapping('sagemakerExecutionRole', {
  dataAccess: v.optional(v.pipe(list('dataAccess', text('a dataAccess name')), unique('dataAccess')), []),
  trainingBucket: v.optional(boolean('trainingBucket'), false),
  managedPolicies: v.optional(
    v.pipe(list('managedPolicies', AwsManagedPolicyArnSchema), unique('managedPolicies')),
    [],
  ),
});

/** The cross-account entries of a blueprint, spread into `BlueprintSchema`. */
export const AccessEntries = {
  resourceShares: v.optional(list('resourceShares', ResourceShareSchema), []),
  dataAccess: v.optional(list('dataAccess', DataAccessSchema), []),
  groups: v.optional(list('groups', GroupSchema), []),
  sagemakerExecutionRole: v.optional(ExecutionRoleSchema),
};

/** An AWS RAM resource share created for each new account. */
export type ResourceShareConfig = v.InferOutput<typeof ResourceShareSchema>;
/** Cross-account S3 access: a bucket policy in `bucketAccount` and the role `avm-data-<name>` in the new account. */
export type DataAccessConfig = v.InferOutput<typeof DataAccessSchema>;
/** An IAM group created in the new account. */
export type GroupConfig = v.InferOutput<typeof GroupSchema>;
/** The SageMaker execution role created in the new account. */
export type ExecutionRoleConfig = v.InferOutput<typeof ExecutionRoleSchema>;
