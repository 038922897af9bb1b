import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamoDbClient } from '#lib/aws/clients.ts';
import { readSecret } from '#lib/aws/secrets.ts';
import { loadConfig } from '#lib/config/index.ts';
import { requireEnv } from '#lib/env.ts';
import { logger } from '#lib/handler.ts';
import { handleSlackCommand } from '#lib/intake/slack-command.ts';
import { RequestRepository } from '#lib/record/repository.ts';
import { reply } from '#lib/slack/http.ts';
import { errorMessage } from '#lib/slack/messages.ts';

// Created at cold start: the 3-second budget is for answering, not for setting up.
const repo = new RequestRepository(dynamoDbClient(), requireEnv('REQUESTS_TABLE'));

/** The /vend slash command behind the HTTP API route (Slack → API Gateway → here). */
export async function handler(event: APIGatewayProxyEventV2) {
  try {
    const result = await handleSlackCommand(event, {
      signingSecret: () => readSecret('SLACK_SIGNING_SECRET'),
      repo,
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
