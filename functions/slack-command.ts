import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamoDbClient } from '#lib/aws/clients.ts';
import { readSecret } from '#lib/aws/secrets.ts';
import { loadConfig } from '#lib/config/index.ts';
import { requireEnv } from '#lib/env.ts';
import { ACCOUNT_RETRY_REQUESTED, putEvent } from '#lib/events/outcome.ts';
import { logger } from '#lib/handler.ts';
import { handleSlackCommand } from '#lib/intake/slack-command.ts';
import { RequestRepository } from '#lib/record/repository.ts';
import { reply } from '#lib/slack/http.ts';
import { errorMessage } from '#lib/slack/messages.ts';

// Created at cold start: the 3-second budget is for answering, not for setting up.
const repo = new RequestRepository(dynamoDbClient(), requireEnv('REQUESTS_TABLE'));
const events = new EventBridgeClient({});
const busName = requireEnv('EVENT_BUS_NAME');

/** The /vend slash command behind the HTTP API route (Slack → API Gateway → here). */
export async function handler(event: APIGatewayProxyEventV2) {
  try {
    const result = await handleSlackCommand(event, {
      signingSecret: () => readSecret('SLACK_SIGNING_SECRET'),
      repo,
      // The event `avm retry` puts: the rule starts the state machine, whose Claim takes the request over.
      requestRetry: async (requestId) => {
        const eventId = await putEvent(events, busName, ACCOUNT_RETRY_REQUESTED, { requestId });
        logger.info('Retry requested from Slack', { requestId, eventId });
        return eventId;
      },
      config: loadConfig(),
    });
    logger.info('Slack command answered', { statusCode: result.statusCode });
    return result;
  } catch (error) {
    // Slack shows a bare "failed with the error http_service_error" for a 5xx: say what happened.
    logger.error('Slack command failed', {
      errorName: (error as Error).name,
      errorMessage: (error as Error).message,
    });
    return reply(
      200,
      errorMessage('The account vending machine could not take the command just now; please try again.'),
    );
  }
}
