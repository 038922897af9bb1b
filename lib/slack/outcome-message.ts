/**
 * The message that tells the requester how a vend ended: what the new account got, or where it
 * failed and what to do about it.
 */
import { requestOf } from '../record/request-of.ts';
import type { FailureDetails, RequestRecord } from '../record/types.ts';
import {
  code,
  escapeText,
  fields,
  lines,
  message,
  plain,
  type ResponseType,
  type SlackMessage,
  section,
  slackDate,
} from './blocks.ts';
import { statusMessage } from './status-message.ts';

export interface OutcomeOptions {
  /** The slash command, for the advice in failure messages. */
  command?: string;
  /** Default `ephemeral`: only the requester sees it (chat.postMessage ignores this). */
  responseType?: ResponseType;
}

/**
 * The outcome of a finished request; a request still running gets its status instead.
 *
 * @example
 * await notifySlack(record.slack, outcomeMessage(record), { botToken });
 */
export function outcomeMessage(record: RequestRecord, options: OutcomeOptions = {}): SlackMessage {
  const { command = '/vend', responseType = 'ephemeral' } = options;
  if (record.status === 'SUCCEEDED') return succeeded(record, responseType);
  if (record.status === 'FAILED') return failed(record, responseType, command);
  return statusMessage(record);
}

function succeeded(record: RequestRecord, responseType: ResponseType): SlackMessage {
  const name = nameOf(record);
  const list = (items: string[] | undefined) =>
    items?.length ? items.map(escapeText).join(', ') : undefined;
  const scps = [
    record.scps?.length ? `account: ${list(record.scps)}` : '',
    record.ouScps?.length ? `OU: ${list(record.ouScps)}` : '',
  ].filter(Boolean);
  const details = [
    scps.length > 0 ? `*SCPs* ${scps.join(' · ')}` : '',
    ...(record.shares ?? []).map(
      (share) =>
        `*RAM share* ${escapeText(share.name)} from ${escapeText(share.ownerAccount)} (${share.resourceArns.length} resources)`,
    ),
    record.groups?.length ? `*IAM groups* ${list(record.groups)}` : '',
    record.executionRoleArn ? `*SageMaker execution role* ${code(record.executionRoleArn)}` : '',
    record.trainingBucket ? `*Training bucket* ${code(record.trainingBucket)}` : '',
    ...(record.dataRoles ?? []).map(
      (role) =>
        `*Data access* ${escapeText(role.name)}: ${escapeText(role.access)} on ${code(`s3://${role.bucket}/${role.prefix}`)} through ${code(role.roleArn)}`,
    ),
  ].filter(Boolean);
  return message(responseType, `Account ${name} is ready: ${escapeText(record.accountId ?? '')}`, [
    section(`:white_check_mark: *Account ${name} is ready* ${code(record.requestId)}`),
    ...fields([
      ['Account id', record.accountId && escapeText(record.accountId)],
      ['OU', plain(record.ouPath ?? record.ouId)],
      ['Blueprint', plain(requestOf(record).blueprint)],
      ['Completed', record.completedAt && slackDate(record.completedAt)],
    ]),
    ...lines(details),
  ]);
}

function failed(record: RequestRecord, responseType: ResponseType, command: string): SlackMessage {
  const name = nameOf(record);
  const failure: FailureDetails = record.failure ?? {
    step: 'Unknown',
    error: 'UnknownError',
    message: 'no details were recorded',
    at: record.updatedAt,
  };
  return message(responseType, `Could not vend account ${name}: ${escapeText(failure.message)}`, [
    section(`:x: *Could not vend account ${name}* ${code(record.requestId)}`),
    ...fields([
      ['Failed step', escapeText(failure.step)],
      ['Error', code(failure.error)],
      ['Account id', record.accountId && escapeText(record.accountId)],
      ['Blueprint', plain(requestOf(record).blueprint)],
    ]),
    section(`*What went wrong*\n${escapeText(failure.message)}`),
    section(`*What to do next*\n${nextStep(record, failure, command)}`),
  ]);
}

/** Advice by what failed: a request the user can fix, an account half set up, or anything else. */
function nextStep(record: RequestRecord, failure: FailureDetails, command: string): string {
  const id = code(record.requestId);
  const retry = code(`${command} retry ${record.requestId}`);
  if (failure.error === 'InvalidRequestError') {
    return `Fix the request and send it again; ${code(`${command} blueprints`)} lists what you can ask for.`;
  }
  if (failure.error === 'EmailAlreadyInUseError') {
    return 'That email already belongs to an AWS account: request again with another address.';
  }
  if (record.accountId) {
    return `Account ${escapeText(record.accountId)} exists but is not fully set up, and its email is now taken: do not request it again. Once the cause is fixed (ask the platform team), ${retry} finishes it on the same account.`;
  }
  return `Ask the platform team to look at request ${id}; once they have fixed the cause, ${retry} carries on from where it stopped.`;
}

function nameOf(record: RequestRecord): string {
  return plain(requestOf(record).accountName) ?? code(record.requestId);
}
