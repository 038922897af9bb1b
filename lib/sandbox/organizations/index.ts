/**
 * AWS Organizations over awsJson1_1: the operation table, who may call what, and the glue from
 * a wire request to a handler. Operations missing from the table answer
 * UnknownOperationException naming the gap, so an unmodelled call fails loudly in tests.
 */
import { AwsError } from '../aws-error.ts';
import type { SandboxClock } from '../clock.ts';
import type { FaultInjector } from '../faults.ts';
import { JsonProtocol } from '../protocol-json.ts';
import type { SandboxService, ServiceCall, WireResponse } from '../service.ts';
import type { OrganizationState } from '../state.ts';
import * as accounts from './accounts.ts';
import type { OrganizationsConfig, OrgOperation } from './context.ts';
import { Input } from './input.ts';
import * as policies from './policies.ts';
import * as attachments from './policy-attachments.ts';
import * as serviceAccess from './service-access.ts';
import * as structure from './structure.ts';
import * as tags from './tags.ts';

export type { OrganizationsConfig } from './context.ts';

/**
 * The management account may call everything; a member account only DescribeOrganization.
 * (AWS also allows delegated administrators some reads; the sandbox has none.)
 */
const MEMBER_ALLOWED = new Set(['DescribeOrganization']);

const OPERATIONS: Record<string, OrgOperation> = {
  DescribeOrganization: structure.describeOrganization,
  ListRoots: structure.listRoots,
  CreateOrganizationalUnit: structure.createOrganizationalUnit,
  DescribeOrganizationalUnit: structure.describeOrganizationalUnit,
  ListOrganizationalUnitsForParent: structure.listOrganizationalUnitsForParent,
  ListChildren: structure.listChildren,
  ListParents: structure.listParents,
  CreateAccount: accounts.createAccount,
  DescribeCreateAccountStatus: accounts.describeCreateAccountStatus,
  ListCreateAccountStatus: accounts.listCreateAccountStatus,
  DescribeAccount: accounts.describeAccount,
  ListAccounts: accounts.listAccounts,
  ListAccountsForParent: accounts.listAccountsForParent,
  MoveAccount: accounts.moveAccount,
  ListPolicies: policies.listPolicies,
  DescribePolicy: policies.describePolicy,
  CreatePolicy: policies.createPolicy,
  UpdatePolicy: policies.updatePolicy,
  DeletePolicy: policies.deletePolicy,
  EnablePolicyType: attachments.enablePolicyType,
  DisablePolicyType: attachments.disablePolicyType,
  AttachPolicy: attachments.attachPolicy,
  DetachPolicy: attachments.detachPolicy,
  ListPoliciesForTarget: attachments.listPoliciesForTarget,
  ListTargetsForPolicy: attachments.listTargetsForPolicy,
  ListTagsForResource: tags.listTagsForResource,
  TagResource: tags.tagResource,
  UntagResource: tags.untagResource,
  EnableAWSServiceAccess: serviceAccess.enableAwsServiceAccess,
  DisableAWSServiceAccess: serviceAccess.disableAwsServiceAccess,
  ListAWSServiceAccessForOrganization: serviceAccess.listAwsServiceAccessForOrganization,
};

export const MODELLED_ORGANIZATIONS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export interface OrganizationsDeps {
  state: OrganizationState;
  config: OrganizationsConfig;
  clock: SandboxClock;
  faults: FaultInjector;
}

export function organizationsService(deps: OrganizationsDeps): SandboxService {
  const protocol = new JsonProtocol({
    version: '1.1',
    targetPrefix: 'AWSOrganizationsV20161128',
    messageKey: 'Message',
  });
  return {
    protocol,
    async handle(call: ServiceCall): Promise<WireResponse> {
      const operation = OPERATIONS[call.operation];
      if (!operation) {
        throw new AwsError(
          'UnknownOperationException',
          `The sandbox does not model Organizations operation ${call.operation}. Modelled: ${MODELLED_ORGANIZATIONS_OPERATIONS.join(', ')}.`,
        );
      }
      if (call.caller.accountId !== deps.state.managementAccountId && !MEMBER_ALLOWED.has(call.operation)) {
        throw new AwsError('AccessDeniedException', "You don't have permissions to access this resource.");
      }
      const input = new Input(protocol.parse(call.body));
      const output = operation({ ...deps, caller: call.caller }, input);
      return protocol.result(output, call.requestId);
    },
  };
}
