import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AWS_LIMITS } from '../../../lib/aws/limits.ts';
import {
  blueprintProblems,
  clearConfigCache,
  defaultConfigFile,
  loadConfig,
  readScp,
  validateConfigFile,
} from '../../../lib/config/index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SHIPPED = join(ROOT, 'config', 'blueprints.yaml');
const SCP_DIR = join(ROOT, 'config', 'policies', 'scp');
const scpNames = readdirSync(SCP_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => basename(name, '.json'));

afterEach(() => {
  clearConfigCache();
  delete process.env.AVM_CONFIG_FILE;
});

describe('the shipped configuration', () => {
  it('is valid: validateConfigFile finds no problem', () => {
    expect(validateConfigFile(SHIPPED)).toEqual([]);
  });

  it('is the default file, with the default AWS limits and the three AI blueprints', () => {
    delete process.env.AVM_CONFIG_FILE;
    expect(defaultConfigFile()).toBe(SHIPPED);
    const loaded = loadConfig();
    expect(loaded.file).toBe(SHIPPED);
    expect(loaded.dir).toBe(join(ROOT, 'config'));
    expect(loaded.limits).toEqual(DEFAULT_AWS_LIMITS);
    expect(Object.keys(loaded.config.blueprints)).toEqual(['ai-dev', 'ai-staging', 'ai-prod']);
    expect(loaded.config.blueprints['ai-dev']?.ou).toBe('/AI/Development');
    expect(loaded.config.organization.accessRoleName).toBe('OrganizationAccountAccessRole');
    for (const name of Object.keys(loaded.config.blueprints))
      expect(blueprintProblems(loaded, name)).toEqual([]);
  });

  it('uses every SCP file it ships, and ships every SCP it names', () => {
    const { blueprints } = loadConfig(SHIPPED).config;
    const named = new Set(Object.values(blueprints).flatMap((b) => [...b.scps, ...b.ouScps]));
    expect([...named].sort()).toEqual([...scpNames].sort());
  });

  it.each(scpNames)(
    'SCP %s is plain JSON (no comments), version 2012-10-17, well under the size limit',
    (name) => {
      const text = readFileSync(join(SCP_DIR, `${name}.json`), 'utf8');
      const json = JSON.parse(text);
      expect(json.Version).toBe('2012-10-17');
      const scp = readScp(loadConfig(SHIPPED), name);
      expect(scp.awsName).toBe(`avm-${name}`);
      expect(scp.content).toBe(JSON.stringify(json));
      expect(scp.content.length).toBeLessThan(DEFAULT_AWS_LIMITS.scpMaxChars / 2);
    },
  );

  it.each(['ai-services-only', 'ai-dev-guardrails'])(
    '%s governs with a Deny/NotAction allow-list, since an SCP Allow alone denies nothing',
    (name) => {
      const doc = JSON.parse(readScp(loadConfig(SHIPPED), name).content);
      const allowList = doc.Statement.find((s: { NotAction?: string[] }) => s.NotAction);
      expect(allowList.Effect).toBe('Deny');
      expect(allowList.NotAction).toEqual(expect.arrayContaining(['sagemaker:*', 'lambda:*', 's3:*']));
    },
  );

  it('keeps the governance statements of ai-dev-guardrails identical to ai-services-only', () => {
    // ai-dev puts one self-contained SCP on its OU; staging and prod compose ai-services-only
    // with other SCPs. The shared statements are duplicated, so they must not drift apart.
    const loaded = loadConfig(SHIPPED);
    const only = JSON.parse(readScp(loaded, 'ai-services-only').content).Statement;
    const dev = JSON.parse(readScp(loaded, 'ai-dev-guardrails').content).Statement;
    expect(dev.slice(0, only.length)).toEqual(only);
  });

  it('lets the vending machine work in new accounts: governance SCPs exempt the access role', () => {
    const loaded = loadConfig(SHIPPED);
    const role = `role/${loaded.config.organization.accessRoleName}`;
    for (const name of ['ai-services-only', 'ai-dev-guardrails', 'region-restriction']) {
      expect(readScp(loaded, name).content).toContain(role);
    }
  });
});

describe('loadConfig', () => {
  it('reads AVM_CONFIG_FILE when set', () => {
    process.env.AVM_CONFIG_FILE = 'config/blueprints.yaml';
    expect(defaultConfigFile()).toBe(join(process.cwd(), 'config', 'blueprints.yaml'));
  });

  it('caches per file and forgets on clearConfigCache; the result is frozen', () => {
    const first = loadConfig(SHIPPED);
    expect(loadConfig(SHIPPED)).toBe(first);
    clearConfigCache();
    const second = loadConfig(SHIPPED);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(Object.isFrozen(second.config.blueprints['ai-dev']?.scps)).toBe(true);
  });
});
