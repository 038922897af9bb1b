/**
 * AWS RAM over restJson1, per owner account and Region: resource shares with principals and
 * resources, client-token idempotency, and the switch for sharing with AWS Organizations.
 * What is modelled and what is not is described in associations.ts, resources.ts and
 * idempotency.ts.
 */
import { AwsError } from '../aws-error.ts';
import type { SandboxClock } from '../clock.ts';
import type { IamState } from '../iam/state.ts';
import { RestJsonProtocol, type RestRoute } from '../protocol-rest-json.ts';
import type { SandboxService, ServiceCall, WireResponse } from '../service.ts';
import type { OrganizationState } from '../state.ts';
import * as associations from './associations.ts';
import type { RamOperation } from './context.ts';
import { RAM_ERROR_STATUSES } from './errors.ts';
import { JsonInput } from './input.ts';
import { enableSharingWithAwsOrganization } from './organization.ts';
import * as shares from './shares.ts';
import type { RamState } from './state.ts';

const OPERATIONS: Record<string, RamOperation> = {
  EnableSharingWithAwsOrganization: enableSharingWithAwsOrganization,
  CreateResourceShare: shares.createResourceShare,
  GetResourceShares: shares.getResourceShares,
  DeleteResourceShare: shares.deleteResourceShare,
  AssociateResourceShare: associations.associateResourceShare,
  DisassociateResourceShare: associations.disassociateResourceShare,
  GetResourceShareAssociations: associations.getResourceShareAssociations,
  ListResources: associations.listResources,
};

export const MODELLED_RAM_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

/** Every RAM operation's route (`POST /createresourceshare`), so unmodelled ones are named too. */
const RAM_OPERATION_NAMES = [
  'AcceptResourceShareInvitation',
  'AssociateResourceShare',
  'AssociateResourceSharePermission',
  'CreatePermission',
  'CreatePermissionVersion',
  'CreateResourceShare',
  'DisassociateResourceShare',
  'DisassociateResourceSharePermission',
  'EnableSharingWithAwsOrganization',
  'GetPermission',
  'GetResourcePolicies',
  'GetResourceShareAssociations',
  'GetResourceShareInvitations',
  'GetResourceShares',
  'ListPendingInvitationResources',
  'ListPermissionAssociations',
  'ListPermissions',
  'ListPermissionVersions',
  'ListPrincipals',
  'ListReplacePermissionAssociationsWork',
  'ListResources',
  'ListResourceSharePermissions',
  'ListResourceTypes',
  'ListSourceAssociations',
  'PromotePermissionCreatedFromPolicy',
  'PromoteResourceShareCreatedFromPolicy',
  'RejectResourceShareInvitation',
  'ReplacePermissionAssociations',
  'SetDefaultPermissionVersion',
  'TagResource',
  'UntagResource',
  'UpdateResourceShare',
];
const DELETE_OPERATIONS = new Set(['DeletePermission', 'DeletePermissionVersion', 'DeleteResourceShare']);
const ROUTES: RestRoute[] = [...RAM_OPERATION_NAMES, ...DELETE_OPERATIONS].map((operation) => ({
  method: DELETE_OPERATIONS.has(operation) ? 'DELETE' : 'POST',
  path: `/${operation.toLowerCase()}`,
  operation,
}));

export interface RamDeps {
  ram: RamState;
  org: OrganizationState;
  iam: IamState;
  clock: SandboxClock;
  pageSize: number;
}

export function ramService(deps: RamDeps): SandboxService {
  const protocol = new RestJsonProtocol({ routes: ROUTES, errorStatuses: RAM_ERROR_STATUSES });
  return {
    protocol,
    async handle(call: ServiceCall): Promise<WireResponse> {
      const operation = OPERATIONS[call.operation];
      if (!operation) {
        throw new AwsError(
          'UnknownOperationException',
          `The sandbox does not model RAM operation ${call.operation}. Modelled: ${MODELLED_RAM_OPERATIONS.join(', ')}.`,
          {},
          400,
        );
      }
      const input = new JsonInput(protocol.parse(call.body, call.query));
      const output = operation({ ...deps, caller: call.caller, region: call.region }, input);
      return protocol.result(output, call.requestId);
    },
  };
}
