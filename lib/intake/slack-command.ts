import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LoadedConfig } from '../config/index.ts';
import { isVendError } from '../errors.ts';
import type { RequestRepository } from '../record/repository.ts';
import { requestOf } from '../record/request-of.ts';
import type { RequestRecord } from '../record/types.ts';
import { checkRequestAgainstConfig } from '../request/check.ts';
import { parseRequest } from '../request/parse.ts';
import { STUCK_AFTER_MS } from '../request/retry.ts';
import { parseCommandText } from '../slack/command.ts';
import { header, parseSlashCommand, rawBody, reply } from '../slack/http.ts';
import {
  acceptedMessage,
  blueprintsMessage,
  errorMessage,
  helpMessage,
  retryNotNeededMessage,
  retryRequestedMessage,
  type SlackMessage,
  statusMessage,
} from '../slack/messages.ts';
import { verifySlackSignature } from '../slack/signature.ts';

export interface SlackCommandDeps {
  signingSecret(): Promise<string | undefined>;
  repo: RequestRepository;
  /** Puts an `Account Retry Requested` event (no force) for the request on the bus; the event id. */
  requestRetry(requestId: string): Promise<string>;
  config: LoadedConfig;
  now?: () => Date;
}

/**
 * The `/vend` slash command. The signature and its timestamp are checked over the raw body
 * before anything else; then the workspace and user allow-lists; then the command. A request
 * is validated completely before its `REQUESTED` record is written — the table's stream starts
 * the vend — and the answer goes back at once, well within Slack's 3 seconds. A retry is one
 * read and one event: the state machine's Claim takes the request over.
 */
export async function handleSlackCommand(
  event: APIGatewayProxyEventV2,
  deps: SlackCommandDeps,
): Promise<APIGatewayProxyStructuredResultV2> {
  const now = deps.now?.() ?? new Date();
  const secret = await deps.signingSecret();
  if (!secret) return reply(500, { error: 'The Slack signing secret is not configured' });
  const body = rawBody(event);
  const check = verifySlackSignature({
    rawBody: body,
    timestamp: header(event, 'x-slack-request-timestamp'),
    signature: header(event, 'x-slack-signature'),
    signingSecret: secret,
    nowSeconds: Math.floor(now.getTime() / 1000),
  });
  if (!check.ok) return reply(401, { error: check.reason });

  const slash = parseSlashCommand(body);
  if (slash.kind === 'ssl_check') return reply(200);
  if (slash.kind === 'invalid') return reply(200, errorMessage(slash.message));

  const { allowedTeamIds = [], allowedUserIds = [] } = deps.config.config.slack ?? {};
  if (!allowedTeamIds.includes(slash.team_id)) {
    return reply(
      200,
      errorMessage(`This Slack workspace (${slash.team_id}) is not allowed to request AWS accounts.`),
    );
  }
  if (allowedUserIds.length > 0 && !allowedUserIds.includes(slash.user_id)) {
    return reply(200, errorMessage('You are not on the list of people who may request AWS accounts.'));
  }

  const command = parseCommandText(slash.text);
  switch (command.kind) {
    case 'help':
      return reply(200, helpMessage(slash.command));
    case 'invalid':
      return reply(200, errorMessage(`${command.message}. Try \`${slash.command} help\`.`));
    case 'blueprints':
      return reply(200, blueprintsMessage(deps.config, slash.command));
    case 'status': {
      const record = await deps.repo.get(command.requestId);
      if (!record) return reply(200, errorMessage(`No request with id ${command.requestId}.`));
      return reply(200, statusMessage(record));
    }
    case 'retry':
      return reply(200, await retry(command.requestId, slash.user_id, slash.command, deps));
    case 'request': {
      const requestId = `slack-${randomBytes(8).toString('hex')}`;
      try {
        const request = parseRequest(
          {
            requestId,
            accountName: command.accountName,
            email: command.email,
            blueprint: command.blueprint,
            ...(command.tags ? { tags: command.tags } : {}),
            requestedBy: { source: 'slack', id: slash.user_id },
          },
          requestId,
        );
        checkRequestAgainstConfig(request, deps.config);
        await deps.repo.insertRequested(request, {
          teamId: slash.team_id,
          channelId: slash.channel_id,
          userId: slash.user_id,
          responseUrl: slash.response_url,
          requestedAt: now.toISOString(),
          responseUrlUses: 0,
        });
        return reply(200, acceptedMessage(requestId, request, slash.command));
      } catch (error) {
        if (isVendError(error)) return reply(200, errorMessage(error.message));
        if (error instanceof ConditionalCheckFailedException) {
          return reply(200, errorMessage('That request id is already taken; please send the command again.'));
        }
        throw error;
      }
    }
  }
}

/** How long a request must sit unchanged before `avm retry --force` takes it over, e.g. `2 h 15 min`. */
const STUCK_AFTER = `${Math.floor(STUCK_AFTER_MS / 3_600_000)} h ${(STUCK_AFTER_MS / 60_000) % 60} min`;

/**
 * `retry <requestId>`: only the Slack user who made the request, and only a FAILED one. The
 * event is the one `avm retry` puts, without force: a request stuck IN_PROGRESS is an
 * operator's to take over, once they know its execution has ended. Claim checks the status
 * again, with a conditional write, so a retry racing another one does nothing.
 */
async function retry(
  requestId: string,
  userId: string,
  command: string,
  deps: SlackCommandDeps,
): Promise<SlackMessage> {
  const record = await deps.repo.get(requestId);
  if (!record) return errorMessage(`No request with id ${requestId}.`);
  if (!requestedBySlackUser(record, userId)) {
    return errorMessage(
      `Only the person who made request ${requestId} can retry it from Slack; ask them, or the platform team (\`avm retry ${requestId}\`).`,
    );
  }
  switch (record.status) {
    case 'FAILED':
      await deps.requestRetry(requestId);
      return retryRequestedMessage(record, command);
    case 'SUCCEEDED':
      return retryNotNeededMessage(
        `Request ${requestId} is done: account ${record.accountId ?? '(unknown)'} is ready, so there is nothing to retry.`,
        record,
      );
    case 'IN_PROGRESS':
      return retryNotNeededMessage(
        `Request ${requestId} is still running, so there is nothing to retry. If it has not moved for more than ${STUCK_AFTER} (its run has certainly ended then), ask the platform team to take it over with \`avm retry ${requestId} --force\`.`,
        record,
      );
    default:
      return retryNotNeededMessage(
        `Request ${requestId} has not started yet (${record.status}), so there is nothing to retry. If it does not start within a few minutes, ask the platform team to look at it.`,
        record,
      );
  }
}

/** Whether the record's request came from Slack, from this user. */
function requestedBySlackUser(record: RequestRecord, userId: string): boolean {
  const by = requestOf(record).requestedBy as { source?: unknown; id?: unknown } | undefined;
  return by?.source === 'slack' && by.id === userId;
}
