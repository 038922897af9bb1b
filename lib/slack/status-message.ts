/** The answer to `status <requestId>`: where a request is, and why it failed if it did. */
import { requestOf } from '../record/request-of.ts';
import type { RequestRecord, RequestStatus } from '../record/types.ts';
import {
  code,
  context,
  escapeText,
  fields,
  message,
  plain,
  type SlackMessage,
  section,
  slackDate,
} from './blocks.ts';

const STATUS_LABELS: Record<RequestStatus, string> = {
  REQUESTED: ':hourglass_flowing_sand: waiting to start',
  IN_PROGRESS: ':gear: in progress',
  SUCCEEDED: ':white_check_mark: succeeded',
  FAILED: ':x: failed',
};

/**
 * The answer to `status <requestId>`.
 *
 * @example
 * const record = await repo.get(command.requestId);
 * return reply(200, record ? statusMessage(record) : errorMessage(`No request ${command.requestId}.`));
 */
export function statusMessage(record: RequestRecord): SlackMessage {
  const request = requestOf(record);
  const label = STATUS_LABELS[record.status] ?? escapeText(String(record.status));
  const done = Object.entries(record.steps ?? {})
    .sort(([, a], [, b]) => (a?.completedAt ?? '').localeCompare(b?.completedAt ?? ''))
    .map(([step]) => step);
  const failure = record.status === 'FAILED' ? record.failure : undefined;
  return message('ephemeral', `Request ${escapeText(record.requestId)}: ${record.status}`, [
    section(`Request ${code(record.requestId)}: *${label}*`),
    ...fields([
      ['Account name', plain(request.accountName)],
      ['Blueprint', plain(request.blueprint)],
      ['Account id', plain(record.accountId)],
      ['OU', plain(record.ouPath ?? record.ouId)],
      ['Requested', slackDate(record.createdAt)],
      ['Updated', slackDate(record.updatedAt)],
      ['Completed', record.completedAt && slackDate(record.completedAt)],
    ]),
    ...(failure
      ? [
          section(
            `*Failed at ${escapeText(failure.step)}* ${code(failure.error)}\n${escapeText(failure.message)}`,
          ),
        ]
      : []),
    ...(done.length > 0 && record.status === 'IN_PROGRESS'
      ? [context(`Steps done: ${escapeText(done.join(', '))}`)]
      : []),
  ]);
}
