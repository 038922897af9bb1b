import { CREATE_ACCOUNT_MS, median, TIME_SCALE, type Vend, vend } from './vend-sandbox.ts';

/**
 * Where a vend's time goes beyond AWS's own: wall time minus CreateAccount's 60 s, split by
 * step from the execution's event timestamps. Waits and CreateAccount run at ×TIME_SCALE and
 * are shown scaled back; handler time is real (the sandbox answers other AWS calls at once).
 */
const VENDS = 5;

const runs: Vend[] = [];
for (let i = 0; i < VENDS; i++) runs.push(await vend(15));
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const steps = [...(runs[0]?.stepMs.keys() ?? [])];
const wall = median(runs.map((r) => r.wallMs));
const tasks = steps.filter((s) => !s.startsWith('Wait'));
const taskTotal = median(runs.map((r) => tasks.reduce((sum, s) => sum + (r.stepMs.get(s) ?? 0), 0)));

console.log(
  `\nOverhead beyond AWS (${VENDS} vends; CreateAccount 60 s, WaitForAccount 15 s, run at ×${TIME_SCALE}; real-time-equivalent medians)`,
);
console.table([
  ...steps.map((step) => ({
    step,
    median: ms(median(runs.map((r) => r.stepMs.get(step) ?? 0))),
    ...(step === 'CheckAccount' || step.startsWith('Wait')
      ? { note: `${median(runs.map((r) => r.polls))} polls, summed` }
      : {}),
  })),
  { step: 'all Tasks (our handlers)', median: ms(taskTotal) },
  { step: 'wall time of the vend', median: ms(wall) },
  { step: 'AWS time (CreateAccount latency)', median: ms(CREATE_ACCOUNT_MS) },
  {
    step: 'overhead beyond AWS',
    median: ms(wall - CREATE_ACCOUNT_MS),
    note: `${((wall / CREATE_ACCOUNT_MS - 1) * 100).toFixed(1)} % of AWS time`,
  },
]);
