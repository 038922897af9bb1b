import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfigFile, formatProblems, validateConfigFile } from '../config/index.ts';

/** `avm validate`: every problem of the blueprint file and its policies, exit 1 if any. */
export async function validateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } }, strict: true });
  const file = values.config ? resolve(values.config) : defaultConfigFile();
  const problems = validateConfigFile(file);
  if (problems.length === 0) {
    process.stdout.write(`✔ ${file}: blueprints and policies are valid\n`);
    return 0;
  }
  process.stderr.write(
    `✘ ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${formatProblems(problems)}\n`,
  );
  return 1;
}
