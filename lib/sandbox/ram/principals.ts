/**
 * Who a share can be with: a 12-digit account, the organization, an OU, an IAM role or user,
 * or a service principal (AWS-FACTS §2). Whether the principal is inside the organization
 * decides between direct access and an invitation, and whether a share restricted to the
 * organization may include it at all.
 */
import type { RamContext } from './context.ts';
import { invalidParameter, malformedArn, operationNotPermitted, unknownResource } from './errors.ts';

export interface CheckedPrincipal {
  id: string;
  /** Inside the caller's organization. */
  internal: boolean;
  /** The organization or an OU: needs sharing with AWS Organizations. */
  organizational: boolean;
}

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^arn:aws:organizations::\d{12}:organization\/(o-[a-z0-9]{10,32})$/;
const OU = /^arn:aws:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const IAM = /^arn:aws:iam::(\d{12}):(role|user)\/.+$/;
const SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;

export function checkPrincipal(ctx: RamContext, principal: string): CheckedPrincipal {
  const { org, caller } = ctx;
  const ownerInOrg = org.accountsById.has(caller.accountId);
  const inOrg = (account: string) => ownerInOrg && org.accountsById.has(account);
  if (ACCOUNT.test(principal)) {
    // UNCONFIRMED wording; RAM refuses to share a resource with its own owner.
    if (principal === caller.accountId)
      throw invalidParameter(`The resource share owner ${principal} cannot also be a principal.`);
    return { id: principal, internal: inOrg(principal), organizational: false };
  }
  const organization = ORGANIZATION.exec(principal);
  const ou = OU.exec(principal);
  if (organization || ou) {
    if (!ownerInOrg || (organization && principal !== org.arn))
      throw unknownResource(`Organization ${organization?.[1] ?? ''} could not be found.`);
    if (ou && !org.organizationalUnitsById.has(ou[1] ?? ''))
      throw unknownResource(`OrganizationalUnit ${ou[1]} could not be found.`);
    // UNCONFIRMED: the exact error for an organization principal while sharing is off.
    if (!ctx.ram.sharingWithOrganizationEnabled) {
      throw operationNotPermitted(
        'Sharing with an organization or OU requires sharing with AWS Organizations: call EnableSharingWithAwsOrganization from the management account.',
      );
    }
    return { id: principal, internal: true, organizational: true };
  }
  const iam = IAM.exec(principal);
  if (iam) return { id: principal, internal: inOrg(iam[1] ?? ''), organizational: false };
  if (SERVICE.test(principal)) return { id: principal, internal: true, organizational: false };
  if (principal.startsWith('arn:')) throw malformedArn(principal);
  throw invalidParameter(`Principal ID ${principal} is malformed. Verify the ID and try again.`);
}

/** Accounts a principal association reaches: for OTHER-ACCOUNTS views. */
export function principalIncludes(ctx: RamContext, principal: string, accountId: string): boolean {
  if (principal === accountId) return true;
  const { org } = ctx;
  if (!org.accountsById.has(accountId)) return false;
  if (principal === org.arn) return true;
  const ou = OU.exec(principal)?.[1];
  if (ou) {
    for (let parent = org.parentOf(accountId); parent; parent = org.parentOf(parent))
      if (parent === ou) return true;
    return false;
  }
  return IAM.exec(principal)?.[1] === accountId;
}
