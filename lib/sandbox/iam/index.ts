/**
 * IAM over awsQuery, per account: every call acts on the IAM of the caller's account (the
 * management account for the default principal, a member account after AssumeRole). IAM is
 * global, so the Region of the request does not matter.
 */
import type { AwsLimits } from '../../aws/limits.ts';
import { AwsError } from '../aws-error.ts';
import { QueryProtocol } from '../protocol-query.ts';
import type { SandboxService, ServiceCall, WireResponse } from '../service.ts';
import type { OrganizationState } from '../state.ts';
import type { IamOperation } from './context.ts';
import * as entity from './entity-policies.ts';
import { IAM_ERROR_STATUSES } from './errors.ts';
import * as groups from './groups.ts';
import { QueryInput } from './input.ts';
import * as policies from './managed-policies.ts';
import * as roles from './roles.ts';
import type { IamState } from './state.ts';

const OPERATIONS: Record<string, IamOperation> = {
  CreateRole: roles.createRole,
  GetRole: roles.getRole,
  UpdateRole: roles.updateRole,
  UpdateAssumeRolePolicy: roles.updateAssumeRolePolicy,
  DeleteRole: roles.deleteRole,
  ListRoles: roles.listRoles,
  PutRolePolicy: entity.putPolicy('role'),
  GetRolePolicy: entity.getPolicy('role'),
  ListRolePolicies: entity.listPolicies('role'),
  DeleteRolePolicy: entity.deletePolicy('role'),
  AttachRolePolicy: entity.attachPolicy('role'),
  DetachRolePolicy: entity.detachPolicy('role'),
  ListAttachedRolePolicies: entity.listAttachedPolicies('role'),
  CreateGroup: groups.createGroup,
  GetGroup: groups.getGroup,
  ListGroups: groups.listGroups,
  DeleteGroup: groups.deleteGroup,
  PutGroupPolicy: entity.putPolicy('group'),
  GetGroupPolicy: entity.getPolicy('group'),
  ListGroupPolicies: entity.listPolicies('group'),
  DeleteGroupPolicy: entity.deletePolicy('group'),
  AttachGroupPolicy: entity.attachPolicy('group'),
  DetachGroupPolicy: entity.detachPolicy('group'),
  ListAttachedGroupPolicies: entity.listAttachedPolicies('group'),
  CreatePolicy: policies.createPolicy,
  GetPolicy: policies.getPolicy,
  DeletePolicy: policies.deletePolicy,
  GetPolicyVersion: policies.getPolicyVersion,
  CreatePolicyVersion: policies.createPolicyVersion,
  SetDefaultPolicyVersion: policies.setDefaultPolicyVersion,
  DeletePolicyVersion: policies.deletePolicyVersion,
  ListPolicyVersions: policies.listPolicyVersions,
  ListPolicies: policies.listPolicies,
};

export const MODELLED_IAM_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export interface IamDeps {
  iam: IamState;
  org: OrganizationState;
  limits: AwsLimits;
}

export function iamService(deps: IamDeps): SandboxService {
  const protocol = new QueryProtocol('https://iam.amazonaws.com/doc/2010-05-08/', IAM_ERROR_STATUSES);
  return {
    protocol,
    async handle(call: ServiceCall): Promise<WireResponse> {
      const operation = OPERATIONS[call.operation];
      if (!operation) {
        throw new AwsError(
          'InvalidAction',
          `The sandbox does not model IAM action ${call.operation}. Modelled: ${MODELLED_IAM_OPERATIONS.join(', ')}.`,
        );
      }
      // A brand-new account's IAM is not usable at once (AWS-FACTS §3, eventual consistency). AWS
      // documents no error for this window; InvalidClientTokenId is what a key unknown to the
      // account's IAM gets, so the sandbox answers with it. UNCONFIRMED.
      if (!deps.org.isAccountReady(call.caller.accountId)) {
        throw new AwsError(
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
          {},
          403,
        );
      }
      const input = new QueryInput(protocol.parse(call.body));
      const ctx = {
        iam: deps.iam,
        account: deps.iam.account(call.caller.accountId),
        caller: call.caller,
        limits: deps.limits,
      };
      const output = operation(ctx, input);
      return output === undefined
        ? protocol.empty(call.operation, call.requestId)
        : protocol.result(call.operation, output, call.requestId);
    },
  };
}
