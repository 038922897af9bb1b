/**
 * IAM's checks on policy documents: identity policies (inline and managed) and role trust
 * policies. Messages are the ones IAM answers with; where the exact wording is not known the
 * error code is still right (MalformedPolicyDocument).
 */

import {
  charactersWithoutWhitespace,
  POLICY_VERSIONS,
  parsePolicy,
  principalEntries,
  stringList,
} from '../policy-json.ts';
import { principalExists } from '../principals.ts';
import { limitExceeded, malformedPolicyDocument } from './errors.ts';
import type { IamState } from './state.ts';

/** Trust policy quota (ACLSizePerRole), default 2,048 characters without whitespace (AWS-FACTS §3). */
export const ROLE_TRUST_POLICY_MAX_CHARS = 2_048;

export type DocumentKind = 'identity' | 'trust';

export function checkPolicyDocument(iam: IamState, text: string, kind: DocumentKind): void {
  const policy = parsePolicy(text);
  if (policy === 'syntax' || policy === 'statement')
    throw malformedPolicyDocument('Syntax errors in policy.');
  if (policy.version !== undefined && !POLICY_VERSIONS.includes(policy.version as string))
    throw malformedPolicyDocument('The policy failed legacy parsing');
  for (const statement of policy.statements) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw malformedPolicyDocument(
        statement.Effect === undefined
          ? 'Missing required field Effect.'
          : `Invalid effect: ${String(statement.Effect)}`,
      );
    }
    if (!stringList(statement.Action) && !stringList(statement.NotAction))
      throw malformedPolicyDocument('Policy statement must contain actions.');
    const principal = statement.Principal ?? statement.NotPrincipal;
    if (kind === 'identity') {
      if (principal !== undefined)
        throw malformedPolicyDocument('Policy document should not specify a principal.');
      if (!stringList(statement.Resource) && !stringList(statement.NotResource))
        throw malformedPolicyDocument('Policy statement must contain resources.');
      continue;
    }
    if (statement.Resource !== undefined || statement.NotResource !== undefined)
      throw malformedPolicyDocument('Has prohibited field Resource.');
    if (principal === undefined) throw malformedPolicyDocument('Missing required field Principal.');
    const entries = principalEntries(principal);
    if (!entries) throw malformedPolicyDocument('Invalid principal in policy.');
    const invalid = entries.find((entry) => !principalExists(iam, entry));
    if (invalid)
      throw malformedPolicyDocument(
        `Invalid principal in policy: "${invalid.type.toUpperCase()}":"${invalid.value}"`,
      );
  }
}

export function checkTrustPolicySize(text: string): void {
  if (charactersWithoutWhitespace(text) > ROLE_TRUST_POLICY_MAX_CHARS)
    throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${ROLE_TRUST_POLICY_MAX_CHARS}`);
}

/** RFC 3986 percent-encoding, as IAM returns every policy document. */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
