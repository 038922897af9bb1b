import type { World } from './world.ts';

/** `fast`: the slice `npm test` runs, a few seconds; `full`: what `npm run reliability` runs. */
export type Size = 'fast' | 'full';

export interface ScenarioResult {
  scenario: string;
  /** Workflow executions started (or, for hostile input, inputs tried). */
  runs: number;
  /** What the runs ended as, e.g. `{ SUCCEEDED: 40, FAILED: 12 }`. */
  outcomes: Record<string, number>;
  /** What they should have ended as; a difference is a failure of the scenario. */
  expectedOutcomes: Record<string, number>;
  /** Accounts in the organization beyond one per request (by email or `avm:request-id` tag). */
  duplicates: number;
  /** Requests with no record, or a record no execution will ever finish (REQUESTED). */
  lost: number;
  /** Records still IN_PROGRESS once every execution has ended. */
  leftInProgress: number;
  /** Errors that escaped a handler under a name the ASL does not know, and unhandled rejections. */
  unhandled: number;
  /** Each case that did not go as expected, for a person to read. */
  problems: string[];
  /**
   * Defects the scenario measures that are known and not fixed yet, outside the invariants of
   * the table: reported every run, so they stay in sight until they are gone.
   */
  knownIssues?: string[];
  notes?: string;
}

export interface Scenario {
  name: string;
  /** One line: what is done to the vending machine and what must hold. */
  description: string;
  /** Sizes of the two slices, for the report and the docs. */
  sizes: Record<Size, string>;
  run(size: Size, world: World): Promise<ScenarioResult>;
}

/** Whether a result keeps every invariant: the zeros, and the outcomes expected. */
export function violations(result: ScenarioResult): string[] {
  const found: string[] = [];
  for (const key of ['duplicates', 'lost', 'leftInProgress', 'unhandled'] as const)
    if (result[key] !== 0) found.push(`${key}: ${result[key]}`);
  const keys = new Set([...Object.keys(result.outcomes), ...Object.keys(result.expectedOutcomes)]);
  for (const key of keys)
    if ((result.outcomes[key] ?? 0) !== (result.expectedOutcomes[key] ?? 0))
      found.push(`${key}: ${result.outcomes[key] ?? 0}, expected ${result.expectedOutcomes[key] ?? 0}`);
  found.push(...result.problems);
  return found;
}

/** A result with nothing counted yet. */
export function emptyResult(scenario: string, expectedOutcomes: Record<string, number> = {}): ScenarioResult {
  return {
    scenario,
    runs: 0,
    outcomes: {},
    expectedOutcomes,
    duplicates: 0,
    lost: 0,
    leftInProgress: 0,
    unhandled: 0,
    problems: [],
  };
}

/** Adds one to `counts[key]`. */
export function count(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** With RELIABILITY_TRACE=1, one line per case on stderr: what ran and how long it took. */
export async function traced<T>(label: string, run: () => Promise<T>): Promise<T> {
  if (!process.env.RELIABILITY_TRACE) return run();
  const started = Date.now();
  try {
    return await run();
  } finally {
    process.stderr.write(`  ${label}: ${Date.now() - started} ms\n`);
  }
}
