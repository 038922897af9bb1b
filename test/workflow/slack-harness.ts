import { SIGNING_SECRET, startSlackStandIn } from '../support/slack.ts';
import { type Harness, startHarness } from './harness.ts';
import { orgView } from './org-view.ts';

export interface SlackHarness {
  h: Harness;
  /** A local HTTP server standing in for Slack's response_url and chat.postMessage. */
  slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  org: ReturnType<typeof orgView>;
  slackCommand: typeof import('../../functions/slack-command.ts').handler;
  publishRequests: typeof import('../../functions/publish-requests.ts').handler;
  stop(): Promise<void>;
}

/** The workflow harness with the Slack intake around it: signing secret, Slack stand-in, handlers. */
export async function startSlackHarness(): Promise<SlackHarness> {
  process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
  const h = await startHarness();
  const slack = await startSlackStandIn();
  return {
    h,
    slack,
    org: orgView(),
    slackCommand: (await import('../../functions/slack-command.ts')).handler,
    publishRequests: (await import('../../functions/publish-requests.ts')).handler,
    stop: async () => {
      await slack.stop();
      await h.stop();
    },
  };
}
