import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as v from 'valibot';
import { readSecret } from '#lib/aws/secrets.ts';
import { requireEnv } from '#lib/env.ts';
import { logger, stepHandler } from '#lib/handler.ts';
import { defaultDeps } from '#lib/steps/deps.ts';
import { parseStepInput } from '#lib/steps/input.ts';
import { notify } from '#lib/steps/notify.ts';

const Input = v.object({
  execution: v.string(),
  outcome: v.object({
    status: v.picklist(['SUCCEEDED', 'FAILED']),
    requestId: v.optional(v.string()),
    recorded: v.optional(v.boolean()),
    step: v.optional(v.string()),
    error: v.optional(v.string()),
    cause: v.optional(v.string()),
  }),
});

let events: EventBridgeClient | undefined;

/** Notify: the outcome event on the bus, and the Slack message for requests from Slack. */
export const handler = stepHandler('Notify', async (event: unknown) => {
  const { execution, outcome } = parseStepInput('Notify', Input, event);
  events ??= new EventBridgeClient({});
  const result = await notify(outcome, execution, {
    ...defaultDeps(),
    events,
    busName: requireEnv('EVENT_BUS_NAME'),
    slackBotToken: () => readSecret('SLACK_BOT_TOKEN'),
    ...(process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {}),
  });
  logger.info('Requester notified', { requestId: outcome.requestId, ...result });
  return result;
});
