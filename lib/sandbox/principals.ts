/**
 * Whether a principal named in a trust or bucket policy exists. AWS resolves role ARNs to the
 * role when the policy is saved and refuses the policy ("Invalid principal in policy") when
 * there is no such role. The sandbox can only answer for accounts whose IAM it simulates; a
 * role in any other account is taken on trust.
 */
import type { IamState } from './iam/state.ts';
import type { PrincipalEntry } from './policy-json.ts';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]+)$/;
const ASSUMED_ROLE_ARN = /^arn:aws:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/;
const ACCOUNT = /^(\d{12})$|^arn:aws:iam::(\d{12}):root$/;
const USER_ARN = /^arn:aws:iam::(\d{12}):user\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/;
const SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

export function principalExists(iam: IamState, { type, value }: PrincipalEntry): boolean {
  if (value === '*') return type === '*' || type === 'AWS';
  switch (type) {
    case 'AWS':
      return awsPrincipalExists(iam, value);
    case 'Service':
      return SERVICE.test(value);
    case 'Federated':
    case 'CanonicalUser':
      return value.length > 0;
    default:
      return false;
  }
}

function awsPrincipalExists(iam: IamState, value: string): boolean {
  if (ACCOUNT.test(value)) return true;
  const role = ROLE_ARN.exec(value) ?? ASSUMED_ROLE_ARN.exec(value);
  if (role) {
    const [, accountId = '', name = ''] = role;
    return !iam.knows(accountId) || iam.findRole(accountId, name) !== undefined;
  }
  // The sandbox models no IAM users: one in a simulated account does not exist.
  const user = USER_ARN.exec(value);
  if (user) return !iam.knows(user[1] ?? '');
  return false;
}
