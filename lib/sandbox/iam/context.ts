/** What an IAM operation handler gets: the caller's account IAM, the whole IAM (for principals), limits. */
import type { AwsLimits } from '../../aws/limits.ts';
import type { Caller } from '../identity.ts';
import type { XmlValue } from '../protocol-query.ts';
import type { QueryInput } from './input.ts';
import type { IamAccount } from './records.ts';
import type { IamState } from './state.ts';

export interface IamContext {
  iam: IamState;
  /** IAM of the caller's account: the only account an IAM call acts on. */
  account: IamAccount;
  caller: Caller;
  limits: AwsLimits;
}

/** One IAM action: members in, the Result element's content out; undefined for no result. */
export type IamOperation = (ctx: IamContext, input: QueryInput) => Record<string, XmlValue> | undefined;
