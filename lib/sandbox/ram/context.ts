/** What a RAM operation handler gets: the caller, the Region of the call, RAM, the organization and IAM. */
import type { SandboxClock } from '../clock.ts';
import type { IamState } from '../iam/state.ts';
import type { Caller } from '../identity.ts';
import type { OrganizationState } from '../state.ts';
import type { JsonInput } from './input.ts';
import type { RamState } from './state.ts';

export interface RamContext {
  ram: RamState;
  org: OrganizationState;
  iam: IamState;
  clock: SandboxClock;
  caller: Caller;
  region: string;
  pageSize: number;
}

export type RamOperation = (ctx: RamContext, input: JsonInput) => Record<string, unknown>;
