/**
 * blueprint-data.ts as bundled for Lambda, without a YAML parser: lib/build/esbuild-plugins.mjs
 * parses config/blueprints.yaml at build time and defines AVM_COMPILED_BLUEPRINTS as its data
 * and the SHA-256 of its text. The file AVM_CONFIG_FILE names is still read, and used as that
 * data when its text is the one compiled in; a JSON blueprint file is parsed as it is.
 */
import { createHash } from 'node:crypto';
import { readBlueprintText } from './blueprint-text.ts';
import type { Problem } from './problems.ts';

/** Set by the bundler (esbuild `define`); undefined when this module runs unbundled. */
declare const AVM_COMPILED_BLUEPRINTS: { sha256: string; data: unknown } | undefined;

function compiled(): { sha256: string; data: unknown } | undefined {
  return typeof AVM_COMPILED_BLUEPRINTS === 'undefined' ? undefined : AVM_COMPILED_BLUEPRINTS;
}

/** Same contract as blueprint-data.ts `readBlueprintData`. */
export function readBlueprintData(absolute: string, file: string): { data?: unknown; problems: Problem[] } {
  const text = readBlueprintText(absolute, file);
  if (typeof text !== 'string') return text;
  const embedded = compiled();
  if (embedded && createHash('sha256').update(text).digest('hex') === embedded.sha256) {
    // A copy: the loader freezes what it returns, and the embedded data may be read again.
    return { data: structuredClone(embedded.data), problems: [] };
  }
  if (absolute.endsWith('.json')) {
    try {
      return { data: JSON.parse(text), problems: [] };
    } catch (error) {
      return {
        problems: [{ file, path: '(json)', message: `JSON syntax error: ${(error as Error).message}` }],
      };
    }
  }
  return {
    problems: [
      {
        file,
        path: '(file)',
        message:
          'this Lambda bundle parses no YAML: it holds config/blueprints.yaml as compiled at build time, and this file differs from it (package again, or point AVM_CONFIG_FILE at a JSON file)',
      },
    ],
  };
}
