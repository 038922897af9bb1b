/**
 * Where policies apply: enabling the SCP type on the root (with AWS's FullAWSAccess default),
 * attaching and detaching with the per-target limits, and the two listing directions.
 */
import { AwsError, constraintViolation } from '../aws-error.ts';
import { SERVICE_CONTROL_POLICY } from '../records.ts';
import type { OrgContext, OrgOperation } from './context.ts';
import { policyTypeNotEnabled, rootNotFound, targetNotFound } from './errors.ts';
import { type Input, PATTERNS } from './input.ts';
import { paginate } from './paginate.ts';
import { findPolicy, POLICY_TYPES } from './policies.ts';
import { policySummaryOut, rootOut } from './wire.ts';

export const enablePolicyType: OrgOperation = (ctx, input) => {
  const type = readRootAndType(ctx, input);
  const status = ctx.state.policyTypeStatus(type);
  if (status === 'ENABLED') {
    throw new AwsError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
  }
  if (status !== undefined) {
    // Another enable or disable is still settling (AWS documents the call as asynchronous).
    throw new AwsError(
      'PolicyChangesInProgressException',
      'A change to this policy type is still in progress. Try the operation again later.',
    );
  }
  const delayMs = ctx.faults.policyTypeEnableDelay;
  if (delayMs > 0) {
    ctx.state.root.policyTypes.set(type, 'PENDING_ENABLE');
    ctx.clock.schedule(delayMs, () => {
      if (ctx.state.policyTypeStatus(type) === 'PENDING_ENABLE') ctx.state.enablePolicyType(type);
    });
  } else {
    ctx.state.enablePolicyType(type);
  }
  return { Root: rootOut(ctx.state) };
};

export const disablePolicyType: OrgOperation = (ctx, input) => {
  const type = readRootAndType(ctx, input);
  if (ctx.state.policyTypeStatus(type) !== 'ENABLED') throw policyTypeNotEnabled();
  ctx.state.disablePolicyType(type);
  return { Root: rootOut(ctx.state) };
};

export const attachPolicy: OrgOperation = (ctx, input) => {
  const { state, config } = ctx;
  const policy = findPolicy(ctx, input);
  const targetId = readTarget(ctx, input);
  if (state.policyTypeStatus(policy.type) !== 'ENABLED') throw policyTypeNotEnabled();
  const attached = state.policiesAttachedTo(targetId, policy.type);
  if (attached.some((p) => p.id === policy.id)) {
    throw new AwsError(
      'DuplicatePolicyAttachmentException',
      'The selected policy is already attached to the specified target.',
    );
  }
  // FullAWSAccess counts: the limit is on direct attachments, whatever their origin.
  if (policy.type === SERVICE_CONTROL_POLICY && attached.length >= config.limits.scpsPerTarget) {
    throw constraintViolation(
      'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      `You attempted to attach more than ${config.limits.scpsPerTarget} service control policies to ${targetId}.`,
    );
  }
  state.attach(policy.id, targetId);
  return {};
};

export const detachPolicy: OrgOperation = (ctx, input) => {
  const { state } = ctx;
  const policy = findPolicy(ctx, input);
  const targetId = readTarget(ctx, input);
  if (state.policyTypeStatus(policy.type) !== 'ENABLED') throw policyTypeNotEnabled();
  const attached = state.policiesAttachedTo(targetId, policy.type);
  if (!attached.some((p) => p.id === policy.id)) {
    throw new AwsError('PolicyNotAttachedException', "The policy isn't attached to the specified target.");
  }
  // Every root, OU and account keeps at least one SCP while the type is enabled.
  if (policy.type === SERVICE_CONTROL_POLICY && attached.length <= 1) {
    throw constraintViolation(
      'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      'You attempted to detach the last service control policy from a target; attach another one first.',
    );
  }
  state.detach(policy.id, targetId);
  return {};
};

export const listPoliciesForTarget: OrgOperation = (ctx, input) => {
  const targetId = readTarget(ctx, input);
  const type = input.string('Filter', { oneOf: POLICY_TYPES });
  const policies = ctx.state.policiesAttachedTo(targetId, type);
  const page = paginate(input, policies, `ListPoliciesForTarget:${targetId}:${type}`, ctx.config.pageSize);
  return { Policies: page.items.map(policySummaryOut), NextToken: page.NextToken };
};

export const listTargetsForPolicy: OrgOperation = (ctx, input) => {
  const { state } = ctx;
  const policy = findPolicy(ctx, input);
  const targets = state.targetsOf(policy.id).map((id) => {
    const account = state.accountsById.get(id);
    const ou = state.organizationalUnitsById.get(id);
    if (account) return { TargetId: id, Arn: account.arn, Name: account.name, Type: 'ACCOUNT' };
    if (ou) return { TargetId: id, Arn: ou.arn, Name: ou.name, Type: 'ORGANIZATIONAL_UNIT' };
    return { TargetId: id, Arn: state.root.arn, Name: state.root.name, Type: 'ROOT' };
  });
  const page = paginate(input, targets, `ListTargetsForPolicy:${policy.id}`, ctx.config.pageSize);
  return { Targets: page.items, NextToken: page.NextToken };
};

function readRootAndType(ctx: OrgContext, input: Input): string {
  const rootId = input.string('RootId', { pattern: PATTERNS.rootId });
  const type = input.string('PolicyType', { oneOf: POLICY_TYPES });
  if (rootId !== ctx.state.root.id) throw rootNotFound();
  if (type !== SERVICE_CONTROL_POLICY) {
    throw new AwsError(
      'PolicyTypeNotAvailableForOrganizationException',
      `The sandbox models only ${SERVICE_CONTROL_POLICY}, not ${type}.`,
    );
  }
  return type;
}

function readTarget(ctx: OrgContext, input: Input): string {
  const targetId = input.string('TargetId', {
    pattern: PATTERNS.targetId,
    patternReason: 'INVALID_PATTERN_TARGET_ID',
  });
  if (!ctx.state.isPolicyTarget(targetId)) throw targetNotFound();
  return targetId;
}
