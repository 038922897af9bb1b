/**
 * Burst: many requests at once under AWS's account-creation quota (5 in progress, CreateAccount
 * at 0.1/s), which the sandbox enforces on a scaled clock. Admission control must get every one
 * through without AWS refusing a single CreateAccount and without a 6th creation in progress.
 */
import { execFile } from 'node:child_process';
import type { Scenario, ScenarioResult } from '../scenario.ts';

const SIZES = { fast: 10, full: 200 } as const;

export const burst: Scenario = {
  name: 'burst',
  description:
    'N requests at once under the quota → all SUCCEEDED, ≤ 5 creations in progress, CreateAccount never throttled',
  sizes: { fast: `${SIZES.fast} requests`, full: `${SIZES.full} requests` },
  async run(size) {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'test/reliability/burst-run.ts', String(SIZES[size])],
        { maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 },
        (error, out, err) =>
          error ? reject(new Error(`burst run failed: ${error.message}\n${err}`)) : resolve(out),
      );
    });
    const line = stdout.trim().split('\n').at(-1) ?? '';
    return (JSON.parse(line) as { result: ScenarioResult }).result;
  },
};
