import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { AwsUnavailableError, EventPublishError } from '../errors.ts';
import { requestOf } from '../record/request-of.ts';
import type { RequestRecord } from '../record/types.ts';
import { ACCOUNT_RETRY_REQUESTED } from '../request/retry.ts';

export { ACCOUNT_RETRY_REQUESTED };

export const EVENT_SOURCE = 'account-vending';
export const ACCOUNT_REQUESTED = 'Account Requested';
export const ACCOUNT_VENDED = 'Account Vended';
export const ACCOUNT_VENDING_FAILED = 'Account Vending Failed';

/**
 * The EventBridge pattern of the rule that starts the state machine (serverless.yml says the
 * same): new requests, and retries of FAILED or stuck ones.
 */
export const VEND_RULE_PATTERN = {
  source: [EVENT_SOURCE],
  'detail-type': [ACCOUNT_REQUESTED, ACCOUNT_RETRY_REQUESTED],
};

export interface Failure {
  step: string;
  error: string;
  message: string;
}

/** `Account Vended`: the request, the account, and everything that was set up for it. */
export function vendedDetail(record: RequestRecord, executionArn: string): Record<string, unknown> {
  return {
    ...requestOf(record),
    accountId: record.accountId,
    ou: { id: record.ouId, path: record.ouPath },
    scps: record.scps ?? [],
    ouScps: record.ouScps ?? [],
    shares: record.shares ?? [],
    groups: record.groups ?? [],
    executionRoleArn: record.executionRoleArn,
    trainingBucket: record.trainingBucket,
    dataAccess: record.dataRoles ?? [],
    bucketPolicySids: record.bucketPolicySids ?? [],
    completedAt: record.completedAt,
    executionArn,
  };
}

/** `Account Vending Failed`: the request, the failed step, the error name and a readable message. */
export function failedDetail(
  request: Record<string, unknown>,
  failure: Failure,
  executionArn: string,
  accountId?: string,
): Record<string, unknown> {
  return {
    ...request,
    failedStep: failure.step,
    error: failure.error,
    message: failure.message,
    ...(accountId ? { accountId } : {}),
    executionArn,
  };
}

/**
 * Puts one event on the bus. PutEvents can fail per entry while the call succeeds: a failed
 * entry is an error here, retryable when AWS says so (InternalFailure, ThrottlingException).
 */
export async function putEvent(
  events: EventBridgeClient,
  bus: string,
  detailType: string,
  detail: Record<string, unknown>,
): Promise<string> {
  const { Entries = [], FailedEntryCount = 0 } = await events.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: bus, Source: EVENT_SOURCE, DetailType: detailType, Detail: JSON.stringify(detail) },
      ],
    }),
  );
  const entry = Entries[0];
  if (FailedEntryCount > 0 || !entry?.EventId) {
    const message = `EventBridge did not take the ${detailType} event: ${entry?.ErrorCode} ${entry?.ErrorMessage ?? ''}`;
    if (entry?.ErrorCode === 'InternalFailure' || entry?.ErrorCode === 'ThrottlingException') {
      throw new AwsUnavailableError(message);
    }
    throw new EventPublishError(message);
  }
  return entry.EventId;
}
