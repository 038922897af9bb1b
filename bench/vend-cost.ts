import { LAMBDA_GB, median, PRICE, TIME_SCALE, type Vend, vend } from './vend-sandbox.ts';

/**
 * What one successful vend costs in Step Functions transitions and Lambda time: ai-dev through
 * the real state machine, CreateAccount taking 60 s of AWS time and WaitForAccount its 15 s,
 * both scaled by TIME_SCALE. Lambda time is the handlers' measured duration, billed per ms.
 */
const VENDS = 5;
const BUDGET_TRANSITIONS = 40;

await vend(15); // warm-up: module loading and JIT are not what a warm Lambda pays
const runs: Vend[] = [];
for (let i = 0; i < VENDS; i++) runs.push(await vend(15));

const transitions = median(runs.map((r) => r.transitions));
const invocations = median(runs.map((r) => r.invocations));
const gbSeconds = median(runs.map((r) => (r.billedMs / 1000) * LAMBDA_GB));
const sfn = transitions * PRICE.transition;
const lambda = gbSeconds * PRICE.gbSecond + invocations * PRICE.request;
const usd = (value: number) => `$${value.toFixed(6)}`;

console.log(
  `\nPer-vend cost (ai-dev, ${VENDS} vends, CreateAccount 60 s and Wait 15 s of AWS time run at ×${TIME_SCALE}; medians)`,
);
console.table([
  {
    measure: 'state transitions',
    value: transitions,
    note: `goal ≤ ${BUDGET_TRANSITIONS}: ${transitions <= BUDGET_TRANSITIONS ? 'met' : 'MISSED'}`,
  },
  { measure: 'Lambda invocations', value: invocations },
  { measure: 'Lambda GB-seconds (256 MB)', value: gbSeconds.toFixed(4) },
  { measure: 'Step Functions $', value: usd(sfn), note: '$0.025 per 1,000 transitions' },
  { measure: 'Lambda $ (arm64)', value: usd(lambda), note: '$0.0000133334/GB-s + $0.20/M requests' },
  {
    measure: 'total $ per vend',
    value: usd(sfn + lambda),
    note: `${usd((sfn + lambda) * 1000)} per 1,000 vends`,
  },
]);
