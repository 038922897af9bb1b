/**
 * EnableSharingWithAwsOrganization: management account only; turns on the organization's
 * trusted access for RAM and creates RAM's service-linked role in the management account, as
 * AWS does (AWS-FACTS §2).
 */
import * as ids from '../ids.ts';
import type { RamOperation } from './context.ts';
import { operationNotPermitted } from './errors.ts';
import { RAM_SERVICE_PRINCIPAL } from './state.ts';

const SERVICE_LINKED_ROLE = 'AWSServiceRoleForResourceAccessManager';
const SERVICE_LINKED_POLICY =
  'arn:aws:iam::aws:policy/aws-service-role/AWSResourceAccessManagerServiceRolePolicy';

export const enableSharingWithAwsOrganization: RamOperation = (ctx) => {
  const { org, iam, caller } = ctx;
  if (caller.accountId !== org.managementAccountId) {
    throw operationNotPermitted(
      'EnableSharingWithAwsOrganization can be called only from the management account of the organization.',
    );
  }
  if (!org.serviceAccess.has(RAM_SERVICE_PRINCIPAL)) org.serviceAccess.set(RAM_SERVICE_PRINCIPAL, new Date());
  const management = iam.account(org.managementAccountId);
  if (!management.roles.has(SERVICE_LINKED_ROLE.toLowerCase())) {
    iam.putRole(management, {
      name: SERVICE_LINKED_ROLE,
      path: `/aws-service-role/${RAM_SERVICE_PRINCIPAL}/`,
      id: ids.roleUniqueId(),
      trustPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: RAM_SERVICE_PRINCIPAL }, Action: 'sts:AssumeRole' },
        ],
      }),
      attachedPolicies: [SERVICE_LINKED_POLICY],
    });
  }
  return { returnValue: true };
};
