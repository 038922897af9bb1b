import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  ACCOUNT_VENDED,
  ACCOUNT_VENDING_FAILED,
  failedDetail,
  putEvent,
  vendedDetail,
} from '../events/outcome.ts';
import { requestOf } from '../record/request-of.ts';
import type { RequestRecord } from '../record/types.ts';
import { outcomeMessage } from '../slack/messages.ts';
import { notifySlack } from '../slack/notify.ts';
import type { StepDeps } from './deps.ts';

export interface Outcome {
  status: 'SUCCEEDED' | 'FAILED';
  requestId?: string;
  /** RecordFailure: false when the record belongs to another execution (it will tell). */
  recorded?: boolean;
  step?: string;
  error?: string;
  cause?: string;
}

export interface NotifyDeps extends StepDeps {
  events: EventBridgeClient;
  busName: string;
  slackBotToken(): Promise<string | undefined>;
  /** Slack's Web API base URL (a stand-in server in tests). */
  slackApiUrl?: string;
}

export interface NotifyOutput {
  event?: string;
  slack?: string;
  skipped?: string;
}

/**
 * Tells the requester how the vend ended: an `Account Vended` or `Account Vending Failed`
 * event on the bus, and for a Slack request a message to its response_url (or chat.postMessage
 * once that has run out). What was sent is written into the record first thing after sending,
 * so a retried Notify does not send it again. Slack being unreachable never fails a vend.
 */
export async function notify(outcome: Outcome, execution: string, deps: NotifyDeps): Promise<NotifyOutput> {
  const record = outcome.requestId ? await deps.repo.get(outcome.requestId) : undefined;
  if (outcome.requestId && (!record || record.owner !== execution)) {
    // The record is another execution's (a duplicate delivery that failed): that one tells.
    return { skipped: `request ${outcome.requestId} is not owned by this execution` };
  }
  const notifications = { ...record?.notifications };
  const output: NotifyOutput = {};

  if (notifications.event) {
    output.event = notifications.event.eventId;
  } else {
    const [detailType, detail] = eventFor(outcome, record, execution);
    const eventId = await putEvent(deps.events, deps.busName, detailType, detail);
    notifications.event = { at: new Date().toISOString(), detailType, eventId };
    if (record) await deps.repo.recordNotification(record.requestId, execution, notifications);
    output.event = eventId;
  }

  if (record?.slack && !notifications.slack) {
    const result = await notifySlack(record.slack, outcomeMessage(record), {
      ...(await botToken(deps)),
      ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}),
    });
    notifications.slack = {
      at: new Date().toISOString(),
      via: result.via,
      ok: result.ok,
      ...(result.error ? { error: result.error } : {}),
    };
    await deps.repo.recordNotification(record.requestId, execution, notifications, result.responseUrlUses);
    output.slack = result.ok ? `sent via ${result.via}` : `not sent: ${result.error}`;
  }
  return output;
}

function eventFor(
  outcome: Outcome,
  record: RequestRecord | undefined,
  execution: string,
): [string, Record<string, unknown>] {
  if (outcome.status === 'SUCCEEDED' && record) return [ACCOUNT_VENDED, vendedDetail(record, execution)];
  const failure = record?.failure ?? {
    step: outcome.step ?? 'Unknown',
    error: outcome.error ?? 'UnknownError',
    message: outcome.cause ?? 'no details',
  };
  const request = record
    ? requestOf(record)
    : { ...(outcome.requestId ? { requestId: outcome.requestId } : {}) };
  return [ACCOUNT_VENDING_FAILED, failedDetail(request, failure, execution, record?.accountId)];
}

async function botToken(deps: NotifyDeps): Promise<{ botToken?: string }> {
  try {
    const token = await deps.slackBotToken();
    return token ? { botToken: token } : {};
  } catch {
    return {}; // Parameter Store unreachable: the response_url may still work.
  }
}
