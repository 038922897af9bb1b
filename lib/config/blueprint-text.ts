import { readFileSync } from 'node:fs';
import type { Problem } from './problems.ts';

/** The blueprint file's text, or the problem of a file that cannot be read. */
export function readBlueprintText(absolute: string, file: string): string | { problems: Problem[] } {
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
    return { problems: [{ file, path: '(file)', message: `the blueprint file ${why}` }] };
  }
}
