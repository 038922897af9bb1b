/**
 * Trusted access for AWS services (EnableAWSServiceAccess). RAM's EnableSharingWithAwsOrganization
 * turns on `ram.amazonaws.com` here, and RAM reads its org-sharing switch from here too, so
 * either way of enabling it is seen by both APIs.
 */
import type { OrgOperation } from './context.ts';
import { paginate } from './paginate.ts';

const SERVICE_PRINCIPAL = { min: 1, max: 128, pattern: /^[\w+=,.@-]*$/ };
const epochSeconds = (date: Date): number => date.getTime() / 1000;

export const enableAwsServiceAccess: OrgOperation = (ctx, input) => {
  const principal = input.string('ServicePrincipal', SERVICE_PRINCIPAL);
  if (!ctx.state.serviceAccess.has(principal)) ctx.state.serviceAccess.set(principal, new Date());
  return {};
};

export const disableAwsServiceAccess: OrgOperation = (ctx, input) => {
  ctx.state.serviceAccess.delete(input.string('ServicePrincipal', SERVICE_PRINCIPAL));
  return {};
};

export const listAwsServiceAccessForOrganization: OrgOperation = (ctx, input) => {
  const enabled = [...ctx.state.serviceAccess]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([ServicePrincipal, date]) => ({ ServicePrincipal, DateEnabled: epochSeconds(date) }));
  const page = paginate(input, enabled, 'ListAWSServiceAccessForOrganization', ctx.config.pageSize);
  return { EnabledServicePrincipals: page.items, NextToken: page.NextToken };
};
