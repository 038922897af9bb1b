import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AWS_LIMITS } from '../../../lib/aws/limits.ts';
import {
  blueprintProblems,
  clearConfigCache,
  defaultConfigFile,
  isAwsManagedPolicyArn,
  loadConfig,
  readScp,
  renderIamPolicy,
  validateConfigFile,
} from '../../../lib/config/index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SHIPPED = join(ROOT, 'config', 'blueprints.yaml');
const SCP_DIR = join(ROOT, 'config', 'policies', 'scp');
const IAM_DIR = join(ROOT, 'config', 'policies', 'iam');
const jsonNames = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => basename(name, '.json'));
const scpNames = jsonNames(SCP_DIR);
const iamNames = jsonNames(IAM_DIR);

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

describe('the shipped cross-account examples', () => {
  const vars = { accountId: '444455556666', region: 'us-east-1', partition: 'aws' };

  it('uses every IAM policy file it ships, and ships every one it names', () => {
    const { blueprints } = loadConfig(SHIPPED).config;
    const named = new Set(
      Object.values(blueprints)
        .flatMap((b) => b.groups.flatMap((g) => g.policies))
        .filter((p) => !isAwsManagedPolicyArn(p)),
    );
    expect([...named].sort()).toEqual([...iamNames].sort());
    expect(iamNames).toEqual(
      expect.arrayContaining(['sagemaker-data-scientist', 'sagemaker-ml-engineer', 'sagemaker-read-only']),
    );
  });

  it.each(iamNames)(
    'IAM policy %s renders for any account, well under the size limit, without admin rights',
    (name) => {
      const policy = renderIamPolicy(loadConfig(SHIPPED), name, vars);
      expect(policy.content).not.toContain('{{');
      expect(policy.content).toContain(':444455556666:');
      expect(policy.content.length).toBeLessThan(DEFAULT_AWS_LIMITS.iamManagedPolicyMaxChars * 0.8);
      const actions = JSON.parse(policy.content).Statement.flatMap(
        (s: { Effect: string; Action: string | string[] }) => (s.Effect === 'Allow' ? [s.Action].flat() : []),
      );
      // No administration: no IAM, no wildcard services, no SageMaker domain or user management.
      expect(actions.filter((a: string) => /^(iam:|\*$|[a-z-]+:\*$)|Domain$|UserProfile$/.test(a))).toEqual(
        [],
      );
    },
  );

  it('gives ai-dev the documented sample: a pipeline share, read-only datasets, two SageMaker groups', () => {
    const dev = loadConfig(SHIPPED).config.blueprints['ai-dev'];
    expect(dev?.resourceShares).toEqual([
      {
        name: expect.any(String),
        ownerAccount: '222222222222',
        resourceArns: ['arn:aws:sagemaker:us-east-1:222222222222:pipeline/train-foundation-model'],
      },
    ]);
    expect(dev?.dataAccess).toEqual([
      {
        name: 'training-data',
        bucket: 'ml-data-333333333333',
        bucketAccount: '333333333333',
        prefix: 'datasets/',
        access: 'read',
      },
    ]);
    expect(dev?.groups).toEqual([
      {
        name: 'data-scientists',
        policies: ['sagemaker-data-scientist'],
        passExecutionRole: true,
        trainingBucket: 'read-write',
      },
      { name: 'ml-engineers', policies: ['sagemaker-ml-engineer'], passExecutionRole: true },
    ]);
    expect(dev?.sagemakerExecutionRole).toEqual({
      dataAccess: ['training-data'],
      trainingBucket: true,
      managedPolicies: [],
    });
  });

  it('gives ai-staging read-only data and ai-prod read-write model artifacts', () => {
    const { blueprints } = loadConfig(SHIPPED).config;
    expect(blueprints['ai-staging']?.dataAccess.map((d) => d.access)).toEqual(['read']);
    expect(blueprints['ai-prod']?.dataAccess.map((d) => [d.name, d.prefix, d.access])).toEqual([
      ['model-artifacts', 'models/', 'read-write'],
      ['training-data', 'datasets/', 'read'],
    ]);
    expect(blueprints['ai-prod']?.groups.map((g) => [g.name, g.policies])).toEqual([
      ['ml-engineers', ['sagemaker-ml-engineer']],
      ['readers', ['sagemaker-read-only']],
    ]);
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
