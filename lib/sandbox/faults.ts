/**
 * Injected faults: what AWS does on a bad day, on demand. Injected errors take precedence over
 * the simulation (and over rate limits), so a test can force any error path deterministically.
 */
import { AwsError } from './aws-error.ts';

/** `'*'` matches every operation. Operation names are AWS's (CreateAccount, AssumeRole, PutItem). */
export interface FaultTarget {
  operation: string;
  /** Restrict to one service (organizations, sts, dynamodb, ram, iam, s3, events); default any. */
  service?: string;
}

export interface ErrorFault extends FaultTarget {
  /** AWS error name, e.g. TooManyRequestsException, ConcurrentModificationException, ServiceException. */
  error: string;
  /** How many calls fail; default 1. */
  times?: number;
  message?: string;
  /** Modelled members beside the message, e.g. `{ Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED' }`. */
  fields?: Record<string, string>;
  /** Default: the status the service's model gives the name (IAM NoSuchEntity 404, S3 NoSuchBucket 404, RAM ThrottlingException 429); else 500 for ServiceException-like names, 403 for auth errors, 400 otherwise. */
  httpStatus?: number;
}

export interface LatencyFault extends FaultTarget {
  /** Sandbox milliseconds (scaled by timeScale like all sandbox time). */
  ms: number;
  /** How many calls are delayed; default every call until `clear()`. */
  times?: number;
}

export interface LostResponseFault extends FaultTarget {
  /** How many calls lose their response; default 1. */
  times?: number;
}

/** PutEvents entries that fail one by one (`Entries[i].ErrorCode`) while the call succeeds. */
export interface EntryFault {
  /** How many entries fail; default 1. */
  times?: number;
  /** The retryable codes AWS documents are InternalFailure and ThrottlingException. */
  errorCode: 'InternalFailure' | 'ThrottlingException' | (string & {});
  message?: string;
}

const ENTRY_MESSAGES: Record<string, string> = {
  InternalFailure: 'Internal Service Failure',
  ThrottlingException: 'Rate exceeded',
};

const DEFAULT_MESSAGES: Record<string, string> = {
  TooManyRequestsException: 'You have sent too many requests in too short a period of time. Try again later.',
  ConcurrentModificationException:
    'The target of the operation is currently being modified by a different request. Try again later.',
  ServiceException:
    'AWS Organizations can\u2019t complete your request because of an internal service error. Try again later.',
  AccessDenied: 'Access denied (injected fault).',
  ThrottlingException: 'Rate exceeded',
  InternalException: 'An internal error occurred (injected fault).',
};

interface Counted<T> {
  spec: T;
  remaining: number;
}

export class FaultInjector {
  private errors: Counted<ErrorFault>[] = [];
  private latencies: Counted<LatencyFault>[] = [];
  private lostResponses: Counted<LostResponseFault>[] = [];
  private accountCreationFailures: string[] = [];
  private policyTypeEnableDelayMs = 0;
  private roleAvailabilityDelayMs: number | undefined;
  private entryFailures: Counted<EntryFault>[] = [];

  /** The next `times` matching calls fail with `error`. */
  add(fault: ErrorFault): void {
    this.errors.push({ spec: fault, remaining: fault.times ?? 1 });
  }

  /** Matching calls answer `ms` later. */
  latency(fault: LatencyFault): void {
    this.latencies.push({ spec: fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /**
   * The next `times` matching calls take effect, then the connection drops before the answer:
   * the SDK sees a network error and retries, so the operation reaches AWS twice — the
   * at-least-once case idempotent callers must survive.
   */
  loseResponse(fault: LostResponseFault): void {
    this.lostResponses.push({ spec: fault, remaining: fault.times ?? 1 });
  }

  /** The next CreateAccount is accepted but ends FAILED with this FailureReason. Calls queue up. */
  failNextAccountCreation(reason: string): void {
    this.accountCreationFailures.push(reason);
  }

  /**
   * EnablePolicyType calls from now on leave the type PENDING_ENABLE for `ms` (sandbox time) before
   * it becomes ENABLED; AWS documents the call as asynchronous without saying how long it takes.
   */
  delayPolicyTypeEnable({ ms }: { ms: number }): void {
    this.policyTypeEnableDelayMs = ms;
  }

  /**
   * Accounts created from now on are not ready for `ms` (sandbox time) after SUCCEEDED: AssumeRole
   * into their access role is denied and their IAM and S3 refuse calls — IAM eventual
   * consistency in a brand-new account (AWS-FACTS §3). Overrides the `newAccountReadyMs` option
   * until `clear()`.
   */
  delayRoleAvailability({ ms }: { ms: number }): void {
    this.roleAvailabilityDelayMs = ms;
  }

  /**
   * The next `times` PutEvents entries that would be accepted fail individually with
   * `errorCode` instead (the call still succeeds, `FailedEntryCount` > 0): the partial failure
   * a publisher must retry. Entries that fail validation are not counted.
   */
  failEntries(fault: EntryFault): void {
    this.entryFailures.push({ spec: fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.errors = [];
    this.latencies = [];
    this.lostResponses = [];
    this.accountCreationFailures = [];
    this.policyTypeEnableDelayMs = 0;
    this.roleAvailabilityDelayMs = undefined;
    this.entryFailures = [];
  }

  /** Consumes an entry fault for one PutEvents entry, if any. */
  takeEntryFailure(): { errorCode: string; message: string } | undefined {
    const entry = this.entryFailures[0];
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.entryFailures.shift();
    const { errorCode, message } = entry.spec;
    return {
      errorCode,
      message: message ?? ENTRY_MESSAGES[errorCode] ?? `Injected entry failure: ${errorCode}`,
    };
  }

  /** Consumes and returns the injected error for this call, if any. */
  takeError(service: string, operation: string): AwsError | undefined {
    const hit = this.take(this.errors, service, operation);
    if (!hit) return undefined;
    const message = hit.message ?? DEFAULT_MESSAGES[hit.error] ?? `Injected fault: ${hit.error}`;
    return new AwsError(hit.error, message, hit.fields ?? {}, hit.httpStatus);
  }

  /** Consumes and returns the injected latency for this call, 0 if none. */
  takeLatency(service: string, operation: string): number {
    return this.take(this.latencies, service, operation)?.ms ?? 0;
  }

  /** Consumes a lost-response fault for this call; true when the answer must be dropped. */
  takeLostResponse(service: string, operation: string): boolean {
    return this.take(this.lostResponses, service, operation) !== undefined;
  }

  takeAccountCreationFailure(): string | undefined {
    return this.accountCreationFailures.shift();
  }

  get policyTypeEnableDelay(): number {
    return this.policyTypeEnableDelayMs;
  }

  /** The delayRoleAvailability override; undefined means the `newAccountReadyMs` option applies. */
  get roleAvailabilityDelay(): number | undefined {
    return this.roleAvailabilityDelayMs;
  }

  private take<T extends FaultTarget>(list: Counted<T>[], service: string, operation: string): T | undefined {
    const entry = list.find(
      ({ spec, remaining }) =>
        remaining > 0 &&
        (spec.operation === '*' || spec.operation === operation) &&
        (spec.service === undefined || spec.service === service),
    );
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) list.splice(list.indexOf(entry), 1);
    return entry.spec;
  }
}
