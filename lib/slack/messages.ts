/**
 * The slash command's replies, in Block Kit. Every value that came from a user or the config is
 * escaped; every message sets `response_type`.
 */
import type { LoadedConfig } from '../config/index.ts';
import { requestOf } from '../record/request-of.ts';
import type { RequestRecord } from '../record/types.ts';
import {
  code,
  context,
  escapeText,
  fields,
  lines,
  message,
  plain,
  type SlackMessage,
  section,
} from './blocks.ts';
import { USAGE } from './command.ts';
import { statusMessage } from './status-message.ts';

export type { Block, ResponseType, SlackMessage } from './blocks.ts';
export { type OutcomeOptions, outcomeMessage } from './outcome-message.ts';
export { statusMessage };

/** What the accepted message shows of a request. */
export interface AcceptedRequest {
  accountName: string;
  email?: string;
  blueprint: string;
  tags?: Record<string, string>;
}

/**
 * The immediate answer to `request`: what was understood and what happens next.
 *
 * @example
 * return reply(200, acceptedMessage('r-123', { accountName: 'ml-a', email: 'a@example.com', blueprint: 'ai-dev' }));
 */
export function acceptedMessage(
  requestId: string,
  request: AcceptedRequest,
  command = '/vend',
): SlackMessage {
  const tags = Object.entries(request.tags ?? {}).map(([key, value]) => `${key}=${value}`);
  return message(
    'ephemeral',
    `Request ${escapeText(requestId)} accepted: ${escapeText(request.accountName)}`,
    [
      section(`:inbox_tray: *Request accepted* ${code(requestId)}`),
      ...fields([
        ['Account name', escapeText(request.accountName)],
        ['Email', request.email && escapeText(request.email)],
        ['Blueprint', escapeText(request.blueprint)],
        ['Tags', tags.length > 0 ? escapeText(tags.join(', ')) : undefined],
      ]),
      context(
        `I'll post the result here, usually within a few minutes. Check on it with ${code(`${command} status ${requestId}`)}.`,
      ),
    ],
  );
}

/**
 * The immediate answer to `retry` once the retry is on its way: what failed, and what happens next.
 *
 * @example
 * return reply(200, retryRequestedMessage(record, payload.command));
 */
export function retryRequestedMessage(record: RequestRecord, command = '/vend'): SlackMessage {
  const { requestId, failure } = record;
  const name = plain(requestOf(record).accountName);
  return message('ephemeral', `Retry of request ${escapeText(requestId)} requested`, [
    section(`:repeat: *Retry requested* ${code(requestId)}${name ? ` (${name})` : ''}`),
    ...fields([
      ['Failed step', failure && escapeText(failure.step)],
      ['Error', failure && code(failure.error)],
      ['Account id', plain(record.accountId)],
      ['Attempts so far', record.attempts ? String(record.attempts) : undefined],
    ]),
    context(
      `It carries on from where it stopped${record.accountId ? ', on the same account' : ''}, and nothing done so far is done twice. The new result is posted where the first one was; check on it with ${code(`${command} status ${requestId}`)}.`,
    ),
  ]);
}

/**
 * The answer to `retry` for a request that is not FAILED: why nothing was retried, above its status.
 *
 * @example
 * return reply(200, retryNotNeededMessage(`Request r-1 is still running.`, record));
 */
export function retryNotNeededMessage(notice: string, record: RequestRecord): SlackMessage {
  return message('ephemeral', escapeText(notice), [
    section(`:information_source: ${escapeText(notice)}`),
    ...statusMessage(record).blocks,
  ]);
}

/**
 * The answer to `blueprints`: each blueprint's name, description and OU.
 *
 * @example
 * return reply(200, blueprintsMessage(loadConfig(), payload.command));
 */
export function blueprintsMessage(loaded: Pick<LoadedConfig, 'config'>, command = '/vend'): SlackMessage {
  const entries = Object.entries(loaded.config.blueprints);
  const list = entries.map(
    ([name, blueprint]) =>
      `*${escapeText(name)}*${blueprint.description ? ` — ${escapeText(blueprint.description)}` : ''} · OU ${code(blueprint.ou)}`,
  );
  return message(
    'ephemeral',
    `${entries.length} blueprints: ${escapeText(entries.map(([n]) => n).join(', '))}`,
    [
      section(`*Blueprints you can request* (${entries.length})`),
      ...lines(list),
      context(`Request one with ${code(`${command} ${USAGE.request}`)}`),
    ],
  );
}

/**
 * The answer to `help` and to empty text.
 *
 * @example
 * return reply(200, helpMessage(payload.command));
 */
export function helpMessage(command = '/vend'): SlackMessage {
  const usage = (verb: keyof typeof USAGE) => code(`${command} ${USAGE[verb]}`);
  return message('ephemeral', `${escapeText(command)}: request, status, retry, blueprints, help`, [
    section(`*${escapeText(command)}* gives AI/ML teams a prepared AWS account, made from a blueprint.`),
    section(
      [
        `${usage('request')}\nAsk for an account. Quote values with spaces (${code('name="ML team A"')}); ${code(`${command} request <name> <email> <blueprint>`)} works too.`,
        `${usage('status')}\nWhere a request is.`,
        `${usage('retry')}\nTry a FAILED request of yours again, from where it stopped, on the same account.`,
        `${usage('blueprints')}\nThe blueprints you can ask for.`,
        `${usage('help')}\nThis message.`,
      ].join('\n'),
    ),
    context(
      `Example: ${code(`${command} request name=ml-team-a email=ml-team-a@example.com blueprint=ai-dev tag=Team=ML`)}`,
    ),
  ]);
}

/**
 * An ephemeral error reply; the text should say what was wrong and how to fix it.
 *
 * @example
 * if (command.kind === 'invalid') return reply(200, errorMessage(`${command.message}. Try /vend help.`));
 */
export function errorMessage(problem: string): SlackMessage {
  return message('ephemeral', escapeText(problem), [section(`:warning: ${escapeText(problem)}`)]);
}
