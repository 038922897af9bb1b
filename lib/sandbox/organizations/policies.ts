/**
 * Policy documents: create, read, update, delete. Only service control policies are modelled;
 * the content checks (JSON, size in characters as sent — SDK saves keep whitespace) follow
 * AWS-FACTS §1 "SCPs".
 */
import type { AwsLimits } from '../../aws/limits.ts';
import { AwsError, constraintViolation, invalidInput } from '../aws-error.ts';
import { SERVICE_CONTROL_POLICY } from '../records.ts';
import type { OrgContext, OrgOperation } from './context.ts';
import { policyNotFound } from './errors.ts';
import { checkTagCount, type Input, PATTERNS } from './input.ts';
import { paginate } from './paginate.ts';
import { policyOut, policySummaryOut } from './wire.ts';

/** Every PolicyType the current model knows; only SERVICE_CONTROL_POLICY has behaviour here. */
export const POLICY_TYPES = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
  'SECURITYHUB_CSPM_POLICY',
  'INSPECTOR_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
  'GUARDDUTY_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
] as const;

/** SCPs per organization (AWS-FACTS §1). */
const MAX_POLICIES = 10_000;

export const listPolicies: OrgOperation = (ctx, input) => {
  const type = input.string('Filter', { oneOf: POLICY_TYPES });
  const policies = [...ctx.state.policiesById.values()].filter((p) => p.type === type);
  const page = paginate(input, policies, `ListPolicies:${type}`, ctx.config.pageSize);
  return { Policies: page.items.map(policySummaryOut), NextToken: page.NextToken };
};

export const describePolicy: OrgOperation = (ctx, input) => ({ Policy: policyOut(findPolicy(ctx, input)) });

export const createPolicy: OrgOperation = (ctx, input) => {
  const { state, config } = ctx;
  const content = input.string('Content', { min: 1 });
  const description = input.string('Description', { max: 512 });
  const name = input.string('Name', { min: 1, max: 128 });
  const type = input.string('Type', { oneOf: POLICY_TYPES });
  const tags = input.tags();
  checkTagCount(config.limits, [], tags);
  if (type !== SERVICE_CONTROL_POLICY) {
    throw invalidInput(
      'INVALID_ENUM_POLICY_TYPE',
      `The sandbox models only ${SERVICE_CONTROL_POLICY}, not ${type}.`,
    );
  }
  checkContent(content, config.limits);
  checkNameFree(ctx, name, type);
  if (state.policiesById.size >= MAX_POLICIES) {
    throw constraintViolation(
      'POLICY_NUMBER_LIMIT_EXCEEDED',
      'You attempted to exceed the number of policies allowed.',
    );
  }
  const policy = state.addPolicy({ name, description, type, content });
  state.setTags(policy.id, tags);
  return { Policy: policyOut(policy) };
};

export const updatePolicy: OrgOperation = (ctx, input) => {
  const policy = findPolicy(ctx, input);
  const name = input.optionalString('Name', { min: 1, max: 128 });
  const description = input.optionalString('Description', { max: 512 });
  const content = input.optionalString('Content', { min: 1 });
  refuseAwsManaged(policy.awsManaged);
  if (content !== undefined) checkContent(content, ctx.config.limits);
  if (name !== undefined && name !== policy.name) checkNameFree(ctx, name, policy.type);
  if (name !== undefined) policy.name = name;
  if (description !== undefined) policy.description = description;
  if (content !== undefined) policy.content = content;
  return { Policy: policyOut(policy) };
};

export const deletePolicy: OrgOperation = (ctx, input) => {
  const policy = findPolicy(ctx, input);
  refuseAwsManaged(policy.awsManaged);
  if (ctx.state.targetsOf(policy.id).length > 0) {
    throw new AwsError(
      'PolicyInUseException',
      'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    );
  }
  ctx.state.policiesById.delete(policy.id);
  ctx.state.tagsById.delete(policy.id);
  return {};
};

export function findPolicy(ctx: OrgContext, input: Input) {
  const policy = ctx.state.policiesById.get(input.string('PolicyId', { pattern: PATTERNS.policyId }));
  if (!policy) throw policyNotFound();
  return policy;
}

/** Size first (characters, whitespace included), then syntax, as a caller minifying would need. */
function checkContent(content: string, limits: AwsLimits): void {
  if (content.length > limits.scpMaxChars) {
    throw constraintViolation(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      `The policy document has ${content.length} characters; service control policies allow at most ${limits.scpMaxChars}.`,
    );
  }
  if (!isScpDocument(content)) {
    throw new AwsError(
      'MalformedPolicyDocumentException',
      "The provided policy document doesn't meet the requirements of the specified policy type.",
    );
  }
}

/**
 * Plain JSON (no comments) with at least one statement whose Effect is Allow or Deny. AWS checks
 * more of the SCP grammar; the sandbox checks only what it is sure AWS rejects.
 */
function isScpDocument(content: string): boolean {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    return false;
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return false;
  const statement = (document as Record<string, unknown>).Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  return (
    statements.length > 0 &&
    statements.every(
      (s) =>
        s !== null &&
        typeof s === 'object' &&
        ['Allow', 'Deny'].includes((s as Record<string, unknown>).Effect as string),
    )
  );
}

function checkNameFree(ctx: OrgContext, name: string, type: string): void {
  if ([...ctx.state.policiesById.values()].some((p) => p.type === type && p.name === name)) {
    throw new AwsError('DuplicatePolicyException', 'A policy with the same name already exists.');
  }
}

function refuseAwsManaged(awsManaged: boolean): void {
  if (awsManaged) {
    throw invalidInput(
      'IMMUTABLE_POLICY',
      "You specified a policy that is managed by AWS and can't be modified.",
    );
  }
}
