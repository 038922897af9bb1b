import { blueprintProblems, formatProblems, type LoadedConfig } from '../config/index.ts';
import { ConfigInvalidError } from '../errors.ts';

/**
 * Refuses a blueprint that breaks an AWS limit before any AWS call: Claim checks all of it so
 * no account is created for a blueprint that cannot be applied; later steps re-check their part
 * in case the configuration changed in between.
 */
export function assertBlueprintValid(
  config: LoadedConfig,
  name: string,
  part: 'all' | 'ou' | 'scps' = 'all',
): void {
  const problems = blueprintProblems(config, name).filter((problem) => {
    const isOu = /\.ou$/.test(problem.path);
    return part === 'all' || (part === 'ou' ? isOu : !isOu);
  });
  if (problems.length > 0) {
    throw new ConfigInvalidError(`Blueprint "${name}" cannot be applied:\n${formatProblems(problems)}`);
  }
}
