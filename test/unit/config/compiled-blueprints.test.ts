/**
 * lib/config/blueprint-data.lambda.ts, the blueprint reader of the Lambda bundles: the data
 * compiled in at build time stands for the file only while the file's text is the one compiled.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBlueprintData } from '#lib/config/blueprint-data.lambda.ts';
import { readBlueprintData as readYaml } from '#lib/config/blueprint-data.ts';
import { PROJECT_ROOT } from '#lib/local/definition.ts';

const SHIPPED = join(PROJECT_ROOT, 'config', 'blueprints.yaml');
const global = globalThis as { AVM_COMPILED_BLUEPRINTS?: unknown };
afterEach(() => {
  delete global.AVM_COMPILED_BLUEPRINTS;
});

describe('the blueprint reader of the Lambda bundles', () => {
  it('uses the compiled data for the file it was compiled from', () => {
    const text = readFileSync(SHIPPED, 'utf8');
    const data = readYaml(SHIPPED, 'config/blueprints.yaml').data;
    global.AVM_COMPILED_BLUEPRINTS = { sha256: createHash('sha256').update(text).digest('hex'), data };
    expect(readBlueprintData(SHIPPED, 'config/blueprints.yaml')).toEqual({ data, problems: [] });
  });

  it('refuses a YAML file that differs from the compiled one, and reads a JSON one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avm-compiled-'));
    writeFileSync(join(dir, 'other.yaml'), 'organization: {}\n');
    writeFileSync(join(dir, 'other.json'), '{"organization":{}}');
    global.AVM_COMPILED_BLUEPRINTS = { sha256: 'not-this-one', data: {} };
    const yaml = readBlueprintData(join(dir, 'other.yaml'), 'other.yaml');
    expect(yaml.data).toBeUndefined();
    expect(yaml.problems[0]?.message).toContain('parses no YAML');
    expect(readBlueprintData(join(dir, 'other.json'), 'other.json')).toEqual({
      data: { organization: {} },
      problems: [],
    });
    expect(readBlueprintData(join(dir, 'missing.json'), 'missing.json').problems[0]?.message).toContain(
      'does not exist',
    );
  });
});
