/**
 * Whether a role's trust policy lets a caller assume it: an Allow statement for sts:AssumeRole
 * naming the caller's account (id or `:root`), its role or its session, and no Deny doing the
 * same. Conditions are not evaluated, and the caller's own identity policy is taken to allow
 * the call (every sandbox principal is an administrator).
 */
import type { Caller } from '../identity.ts';
import { parsePolicy, principalEntries, type Statement, stringList } from '../policy-json.ts';

const ASSUME_ACTIONS = new Set(['sts:assumerole', 'sts:*', '*']);

export function trustsCaller(trustPolicy: string, caller: Caller): boolean {
  const policy = parsePolicy(trustPolicy);
  if (typeof policy === 'string') return false;
  const matching = policy.statements.filter((s) => namesAssumeRole(s) && namesCaller(s, caller));
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

function namesAssumeRole(statement: Statement): boolean {
  return (stringList(statement.Action) ?? []).some((action) => ASSUME_ACTIONS.has(action.toLowerCase()));
}

function namesCaller(statement: Statement, caller: Caller): boolean {
  const roleName = /:assumed-role\/([^/]+)\//.exec(caller.arn)?.[1];
  const account = caller.accountId;
  return (principalEntries(statement.Principal) ?? []).some(({ type, value }) => {
    if (type !== 'AWS' && type !== '*') return false;
    if (
      value === '*' ||
      value === account ||
      value === `arn:aws:iam::${account}:root` ||
      value === caller.arn
    )
      return true;
    const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
    return role?.[1] === account && role[2] === roleName;
  });
}
