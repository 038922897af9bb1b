import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LoadedConfig } from '../config/index.ts';
import { isVendError } from '../errors.ts';
import type { RequestRepository } from '../record/repository.ts';
import { checkRequestAgainstConfig } from '../request/check.ts';
import { parseRequest } from '../request/parse.ts';
import { parseCommandText } from '../slack/command.ts';
import { header, parseSlashCommand, rawBody, reply } from '../slack/http.ts';
import {
  acceptedMessage,
  blueprintsMessage,
  errorMessage,
  helpMessage,
  statusMessage,
} from '../slack/messages.ts';
import { verifySlackSignature } from '../slack/signature.ts';

export interface SlackCommandDeps {
  signingSecret(): Promise<string | undefined>;
  repo: RequestRepository;
  config: LoadedConfig;
  now?: () => Date;
}

/**
 * The `/vend` slash command. The signature and its timestamp are checked over the raw body
 * before anything else; then the workspace and user allow-lists; then the command. A request
 * is validated completely before its `REQUESTED` record is written — the table's stream starts
 * the vend — and the answer goes back at once, well within Slack's 3 seconds.
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
