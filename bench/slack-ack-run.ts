// Runs in a fresh process: starts the sandbox, then loads the bundled Slack handler and times it.
import { performance } from 'node:perf_hooks';
import { useLocalAws } from '../lib/local/environment.ts';
import { commandFields, SIGNING_SECRET, slackEvent } from '../test/support/slack.ts';

const [bundle, warmCalls] = [process.argv[2] as string, Number(process.argv[3] ?? 100)];
process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
const local = await useLocalAws({ sampleWorld: false });
const event = (i: number) =>
  slackEvent(
    commandFields(
      `request name=bench-${i} email=bench-${i}@example.com blueprint=ai-dev`,
      'https://hooks.slack.com/x',
    ),
  );

const t0 = performance.now();
const { handler } = (await import(bundle)) as {
  handler: (e: unknown) => Promise<{ statusCode: number; body?: string }>;
};
const t1 = performance.now();
const first = await handler(event(0));
const t2 = performance.now();
const accepted = (answer: { statusCode: number; body?: string }) =>
  answer.statusCode === 200 && /slack-[0-9a-f]{16}/.test(answer.body ?? '');
if (!accepted(first)) throw new Error(`the first call was not accepted: ${JSON.stringify(first)}`);
const warm: number[] = [];
for (let i = 1; i <= warmCalls; i++) {
  const start = performance.now();
  const answer = await handler(event(i));
  warm.push(performance.now() - start);
  if (!accepted(answer)) throw new Error(`call ${i} was not accepted: ${JSON.stringify(answer)}`);
}
await local.stop();
process.stdout.write(JSON.stringify({ initMs: t1 - t0, firstCallMs: t2 - t1, warm }));
