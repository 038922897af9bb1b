/**
 * Identifiers in the formats AWS documents, so code that validates or parses them (regexes in
 * schemas, ARN builders) is exercised against realistic values.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** `^o-[a-z0-9]{10,32}$` */
export const organizationId = (): string => `o-${pick(LOWER_ALNUM, 10)}`;
/** `^r-[0-9a-z]{4,32}$` */
export const rootId = (): string => `r-${pick(LOWER_ALNUM, 4)}`;
/** `^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`; the first part is the root's suffix, as in AWS. */
export const organizationalUnitId = (rootIdValue: string): string =>
  `ou-${rootIdValue.slice(2)}-${pick(LOWER_ALNUM, 8)}`;
/** `^p-[0-9a-zA-Z_]{8,128}$` */
export const policyId = (): string => `p-${pick(LOWER_ALNUM, 8)}`;
/** `^car-[a-z0-9]{8,32}$` */
export const createAccountRequestId = (): string => `car-${pick(LOWER_ALNUM, 32)}`;
/** Twelve digits, not starting with 0 so it never looks truncated when printed as a number. */
export const accountId = (): string => `${randomInt(1, 10)}${pick('0123456789', 11)}`;
/** Temporary access key ids start with ASIA, long-term ones with AKIA. */
export const temporaryAccessKeyId = (): string => `ASIA${pick(UPPER_ALNUM, 16)}`;
export const secretAccessKey = (): string => randomBytes(30).toString('base64');
export const sessionToken = (): string => randomBytes(96).toString('base64');
/** IAM unique ids: AROA for roles. */
export const roleUniqueId = (): string => `AROA${pick(UPPER_ALNUM, 17)}`;
export const requestId = (): string => randomUUID();
/** IAM unique ids: AGPA for groups, ANPA for managed policies. */
export const groupUniqueId = (): string => `AGPA${pick(UPPER_ALNUM, 17)}`;
export const policyUniqueId = (): string => `ANPA${pick(UPPER_ALNUM, 17)}`;
/** RAM resource shares end in a UUID. */
export const uuid = (): string => randomUUID();
