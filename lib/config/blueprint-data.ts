/**
 * The blueprint file as data: read and parsed from YAML, not yet validated. The Lambda bundles
 * swap this module for blueprint-data.lambda.ts (lib/build/esbuild-plugins.mjs), so they carry the
 * file compiled to data at build time instead of a YAML parser.
 */
import { LineCounter, parseDocument } from 'yaml';
import { readBlueprintText } from './blueprint-text.ts';
import type { Problem } from './problems.ts';

/**
 * Reads `absolute` (shown as `file` in problems) and parses it as YAML (JSON is YAML too).
 * `data` is set only when there are no problems.
 *
 * @example readBlueprintData('/work/main/config/blueprints.yaml', 'config/blueprints.yaml').data
 */
export function readBlueprintData(absolute: string, file: string): { data?: unknown; problems: Problem[] } {
  const text = readBlueprintText(absolute, file);
  if (typeof text !== 'string') return text;

  // prettyErrors off: we add the position ourselves, keeping one problem per line.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => {
        const at = error.pos[0] >= 0 ? lineCounter.linePos(error.pos[0]) : undefined;
        return {
          file,
          path: at ? `line ${at.line}, column ${at.col}` : '(yaml)',
          message: `YAML syntax error: ${error.message.split('\n')[0]}`,
        };
      }),
    };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), problems: [] };
  } catch (error) {
    // e.g. an alias bomb or an alias to an undefined anchor
    return { problems: [{ file, path: '(yaml)', message: `YAML error: ${(error as Error).message}` }] };
  }
}
