/**
 * What an Organizations operation handler gets: the state it reads and changes, the caller, the
 * configured limits, and the sandbox clock and faults for asynchronous behaviour.
 */
import type { AwsLimits } from '../../aws/limits.ts';
import type { SandboxClock } from '../clock.ts';
import type { FaultInjector } from '../faults.ts';
import type { Caller } from '../identity.ts';
import type { OrganizationState } from '../state.ts';
import type { Input } from './input.ts';

export interface OrganizationsConfig {
  limits: AwsLimits;
  /** Accounts per organization, management account included. */
  accountLimit: number;
  /** Sandbox ms a CreateAccount stays IN_PROGRESS. */
  createAccountLatencyMs: number;
  /** Sandbox ms after SUCCEEDED during which a new account is not ready (AssumeRole denied). */
  newAccountReadyMs: number;
  /** Largest page a List operation returns, whatever MaxResults asks for. */
  pageSize: number;
}

export interface OrgContext {
  state: OrganizationState;
  config: OrganizationsConfig;
  clock: SandboxClock;
  faults: FaultInjector;
  caller: Caller;
}

/** One Organizations operation: validated input in, the JSON output shape of the API out. */
export type OrgOperation = (ctx: OrgContext, input: Input) => Record<string, unknown>;
