/**
 * The fast slice of every reliability scenario (`npm run reliability` runs them at full size):
 * no duplicate account, no lost request, nothing left IN_PROGRESS, no unhandled exception, and
 * every run ending as expected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violations } from './scenario.ts';
import { scenarios } from './scenarios/index.ts';
import { startWorld, type World } from './world.ts';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.stop());

describe('reliability, fast slice', () => {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
    '%s: every invariant holds',
    async (_name, scenario) => {
      const result = await scenario.run('fast', world);

      expect(violations(result)).toEqual([]);
      expect(result).toMatchObject({ duplicates: 0, lost: 0, leftInProgress: 0, unhandled: 0 });
      expect(result.outcomes).toEqual(result.expectedOutcomes);
      expect(result.runs).toBeGreaterThan(0);
      expect(world.unhandledRejections).toEqual([]);
    },
  );
});
