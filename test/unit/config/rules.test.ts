import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AWS_LIMITS } from '../../../lib/aws/limits.ts';
import {
  blueprintProblems,
  clearConfigCache,
  formatProblems,
  loadConfig,
  type Problem,
  readScp,
  validateConfigFile,
} from '../../../lib/config/index.ts';
import {
  configYaml,
  DEFAULT_SCPS,
  DENY_LEAVE,
  removeFixtures,
  scpOfSize,
  scpPath,
  writeFixture,
} from './fixtures.ts';

afterEach(() => {
  clearConfigCache();
  removeFixtures();
});

/** Validates and expects exactly one problem, at `path` of `file`, with a message matching `message`. */
function expectOnlyProblem(problems: Problem[], file: string, path: string, message: RegExp | string): void {
  expect(problems).toHaveLength(1);
  expect(problems[0]?.file).toBe(file);
  expect(problems[0]?.path).toBe(path);
  expect(problems[0]?.message).toMatch(message);
}

/** loadConfig must throw ConfigInvalidError whose message has the `<file>: <path>: ` line. */
function expectLoadFails(file: string, path: string, message: RegExp | string): void {
  let error: unknown;
  try {
    loadConfig(file);
  } catch (caught) {
    error = caught;
  }
  expect(error).toMatchObject({ name: 'ConfigInvalidError' });
  const text = (error as Error).message;
  expect(text).toContain(`${file}: ${path}: `);
  expect(text).toMatch(message);
}

describe('a valid fixture', () => {
  it('passes, so each test below breaks exactly one rule', () => {
    const file = writeFixture(configYaml(), DEFAULT_SCPS);
    expect(validateConfigFile(file)).toEqual([]);
    const loaded = loadConfig(file);
    expect(loaded.config.blueprints['ai-dev']).toEqual({
      description: 'Dev sandbox',
      ou: '/AI/Development',
      scps: ['deny-leave'],
      ouScps: ['guardrails'],
      tags: { Environment: 'development' },
      resourceShares: [],
      dataAccess: [],
      groups: [],
    });
  });

  it('gets defaults for the optional keys', () => {
    const file = writeFixture(
      `organization:\n  emailDomains: [example.com]\nblueprints:\n  bare:\n    ou: /\n`,
    );
    expect(validateConfigFile(file)).toEqual([]);
    const { config } = loadConfig(file);
    expect(config.organization).toEqual({
      emailDomains: ['example.com'],
      accessRoleName: 'OrganizationAccountAccessRole',
      policyNamePrefix: 'avm-',
      limits: {},
    });
    expect(config.slack).toEqual({ allowedTeamIds: [], allowedUserIds: [] });
    expect(config.blueprints.bare).toEqual({
      ou: '/',
      scps: [],
      ouScps: [],
      tags: {},
      resourceShares: [],
      dataAccess: [],
      groups: [],
    });
  });
});

describe('the blueprint file', () => {
  it('reports a missing file', () => {
    const file = `${writeFixture('')}.missing`;
    expectOnlyProblem(validateConfigFile(file), file, '(file)', /does not exist/);
    expectLoadFails(file, '(file)', /does not exist/);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const file = writeFixture('organization:\n  emailDomains: [example.com\nblueprints: {}\n');
    const problems = validateConfigFile(file);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.file).toBe(file);
    expect(problems[0]?.path).toMatch(/^line \d+, column \d+$/);
    expect(problems[0]?.message).toMatch(/^YAML syntax error: /);
    expectLoadFails(file, problems[0]?.path ?? '', /YAML syntax error/);
  });

  it('reports a duplicate key as a YAML error', () => {
    const file = writeFixture(configYaml({ organization: '  policyNamePrefix: x-\n' }), DEFAULT_SCPS);
    expect(validateConfigFile(file)[0]).toMatchObject({ path: 'line 5, column 3', message: /unique/ });
  });

  it('reports an empty file as not a mapping', () => {
    const file = writeFixture('');
    expectOnlyProblem(validateConfigFile(file), file, '(root)', /must be a mapping/);
  });

  it('rejects an unknown top-level key', () => {
    const file = writeFixture(`${configYaml()}\nextras: true\n`, DEFAULT_SCPS);
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'extras',
      /unknown key; the blueprint file allows: organization, slack, blueprints/,
    );
    expectLoadFails(file, 'extras', /unknown key/);
  });

  it('rejects an unknown blueprint key, listing the keys a blueprint allows', () => {
    const file = writeFixture(
      configYaml({ blueprints: '\n  ai-dev:\n    ou: /AI\n    resourceShare: []\n' }),
      DEFAULT_SCPS,
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'blueprints.ai-dev.resourceShare',
      'unknown key; a blueprint allows: description, ou, scps, ouScps, tags, resourceShares, dataAccess, groups, sagemakerExecutionRole',
    );
  });

  it('rejects an unknown key under organization and under limits', () => {
    const file = writeFixture(
      configYaml({ organization: '  limits: { scpMaxBytes: 5120 }\n' }),
      DEFAULT_SCPS,
    );
    expectOnlyProblem(validateConfigFile(file), file, 'organization.limits.scpMaxBytes', /unknown key/);
  });

  it('requires organization and blueprints, and at least one blueprint', () => {
    const file = writeFixture('slack: {}\n');
    const problems = validateConfigFile(file);
    expect(problems.map((p) => p.path)).toEqual(['organization', 'blueprints']);
    const empty = writeFixture(configYaml({ blueprints: ' {}\n' }));
    expectOnlyProblem(validateConfigFile(empty), empty, 'blueprints', /at least one blueprint/);
  });

  it('reports every problem at once, in the ConfigInvalidError message too', () => {
    const file = writeFixture(
      configYaml({
        organization: '  limits: { ouMaxDepth: 0 }\n',
        blueprints: '\n  a:\n    ou: AI\n  b:\n    ou: /B\n    tags: { "aws:x": y }\n',
      }),
    );
    const problems = validateConfigFile(file);
    expect(problems.map((p) => p.path)).toEqual([
      'organization.limits.ouMaxDepth',
      'blueprints.a.ou',
      'blueprints.b.tags["aws:x"]',
    ]);
    expect(() => loadConfig(file)).toThrow(formatProblems(problems));
  });
});

describe('organization', () => {
  it.each([
    ['@example.com'],
    ['example'],
    ['-example.com'],
    ['example.com.'],
    ['.example.com'],
    ['exa_mple.com'],
    ['example..com'],
  ])('rejects the email domain %j', (domain) => {
    const file = writeFixture(configYaml().replace('[example.com]', `["${domain}"]`), DEFAULT_SCPS);
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'organization.emailDomains[0]',
      `${JSON.stringify(domain)} is not a valid email domain`,
    );
  });

  it('accepts multi-label domains with hyphens and digits', () => {
    const file = writeFixture(
      configYaml().replace('[example.com]', '[ml-team.example.co.uk, 1x.io]'),
      DEFAULT_SCPS,
    );
    expect(validateConfigFile(file)).toEqual([]);
  });

  it('rejects a domain too long for any 64-character account email', () => {
    const domain = `${'a'.repeat(60)}.com`;
    const file = writeFixture(configYaml().replace('[example.com]', `[${domain}]`), DEFAULT_SCPS);
    expectOnlyProblem(validateConfigFile(file), file, 'organization.emailDomains[0]', /at most 62/);
  });

  it('requires at least one email domain', () => {
    const file = writeFixture(configYaml().replace('[example.com]', '[]'), DEFAULT_SCPS);
    expectOnlyProblem(validateConfigFile(file), file, 'organization.emailDomains', /at least one domain/);
  });

  it('rejects an invalid access role name', () => {
    const file = writeFixture(
      configYaml().replace('OrganizationAccountAccessRole', 'Org Access Role'),
      DEFAULT_SCPS,
    );
    expectOnlyProblem(validateConfigFile(file), file, 'organization.accessRoleName', /1–64 characters/);
  });

  it('rejects a non-integer or zero limit', () => {
    const file = writeFixture(
      configYaml({ organization: '  limits: { scpsPerTarget: 2.5, scpMaxChars: "big" }\n' }),
      DEFAULT_SCPS,
    );
    expect(validateConfigFile(file)).toMatchObject([
      { path: 'organization.limits.scpMaxChars', message: 'scpMaxChars must be a number, got "big"' },
      { path: 'organization.limits.scpsPerTarget', message: 'scpsPerTarget must be a whole number' },
    ]);
  });

  it('rejects a policy name that would be too long in AWS with the prefix', () => {
    const name = 'n'.repeat(100);
    const file = writeFixture(
      configYaml({
        organization: `  policyNamePrefix: ${'p'.repeat(29)}\n`,
        blueprints: `\n  a:\n    ou: /A\n    ouScps: [${name}]\n`,
      }).replace('  policyNamePrefix: avm-\n', ''),
      { [name]: DENY_LEAVE },
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'blueprints.a.ouScps[0]',
      /129 characters; AWS allows 128/,
    );
  });
});

describe('slack', () => {
  it('rejects ids that are not Slack team or user ids', () => {
    const file = writeFixture(
      configYaml({ slack: '\nslack:\n  allowedTeamIds: [acme]\n  allowedUserIds: [U123ABC, bob]\n' }),
      DEFAULT_SCPS,
    );
    expect(validateConfigFile(file)).toMatchObject([
      { path: 'slack.allowedTeamIds[0]', message: /not a Slack team id/ },
      { path: 'slack.allowedUserIds[1]', message: /not a Slack user id/ },
    ]);
  });
});

describe('blueprint names, OU paths and SCP lists', () => {
  it('rejects a blueprint name with characters Slack users cannot type safely', () => {
    const file = writeFixture(configYaml({ blueprints: '\n  "ai dev":\n    ou: /AI\n' }));
    expectOnlyProblem(validateConfigFile(file), file, 'blueprints["ai dev"]', /blueprint name/);
  });

  it.each([
    ['AI/Development', 'must be an absolute path'],
    ['/AI//Development', 'has an empty segment'],
    ['/AI/Development/', 'must not end with "/"'],
  ])('rejects the OU path %j', (ou, message) => {
    const file = writeFixture(configYaml().replace('/AI/Development', ou), DEFAULT_SCPS);
    expectOnlyProblem(validateConfigFile(file), file, 'blueprints.ai-dev.ou', `"${ou}" ${message}`);
    expectLoadFails(file, 'blueprints.ai-dev.ou', message);
  });

  it('requires an ou', () => {
    const file = writeFixture(configYaml({ blueprints: '\n  a:\n    description: no ou\n' }));
    expectOnlyProblem(validateConfigFile(file), file, 'blueprints.a.ou', 'is required in a blueprint');
  });

  it('rejects an OU path deeper than 5 levels (a limit check: loadConfig still loads it)', () => {
    const file = writeFixture(configYaml().replace('/AI/Development', '/A/B/C/D/E/F'), DEFAULT_SCPS);
    const problems = validateConfigFile(file);
    expectOnlyProblem(
      problems,
      file,
      'blueprints.ai-dev.ou',
      /is 6 OUs deep; AWS Organizations allows at most 5/,
    );
    expect(blueprintProblems(loadConfig(file), 'ai-dev')).toEqual(problems);
  });

  it('accepts exactly 5 levels', () => {
    const file = writeFixture(configYaml().replace('/AI/Development', '/A/B/C/D/E'), DEFAULT_SCPS);
    expect(validateConfigFile(file)).toEqual([]);
  });

  it('rejects a policy name that is not a plain file name', () => {
    const file = writeFixture(configYaml().replace('[deny-leave]', '[../deny-leave]'), DEFAULT_SCPS);
    expectOnlyProblem(validateConfigFile(file), file, 'blueprints.ai-dev.scps[0]', /not a valid policy name/);
  });

  it('rejects an SCP listed twice', () => {
    const file = writeFixture(configYaml().replace('[deny-leave]', '[deny-leave, deny-leave]'), DEFAULT_SCPS);
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'blueprints.ai-dev.scps',
      'scps lists "deny-leave" more than once',
    );
  });
});

describe('tags', () => {
  it('rejects a key starting with aws:, in any case', () => {
    const file = writeFixture(
      configYaml().replace('Environment: development', 'AWS:CreatedBy: me'),
      DEFAULT_SCPS,
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'blueprints.ai-dev.tags["AWS:CreatedBy"]',
      'tag keys starting with "aws:" are reserved for AWS',
    );
  });

  it('rejects values that YAML reads as numbers, with a hint to quote them', () => {
    const file = writeFixture(
      configYaml().replace('Environment: development', 'CostCenter: 0123'),
      DEFAULT_SCPS,
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'blueprints.ai-dev.tags.CostCenter',
      /got 123; quote numbers/,
    );
  });

  it('rejects over-long keys and values and characters outside the AWS tag set', () => {
    const file = writeFixture(
      configYaml().replace(
        'Environment: development',
        `${'k'.repeat(129)}: v, Long: ${'v'.repeat(257)}, "Team#": a, Owner: "a;b", Empty: ""`,
      ),
      DEFAULT_SCPS,
    );
    expect(validateConfigFile(file)).toMatchObject([
      { path: `blueprints.ai-dev.tags.${'k'.repeat(129)}`, message: /at most 128/ },
      { path: 'blueprints.ai-dev.tags.Long', message: /at most 256/ },
      { path: 'blueprints.ai-dev.tags["Team#"]', message: /tag key may contain only/ },
      { path: 'blueprints.ai-dev.tags.Owner', message: /tag value may contain only/ },
    ]);
  });

  it('allows at most 48 tags: 50 per account, 2 set by the vending machine', () => {
    const tags = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `T${i}: v`).join(', ')} }`;
    const ok = writeFixture(configYaml().replace('{ Environment: development }', tags(48)), DEFAULT_SCPS);
    expect(validateConfigFile(ok)).toEqual([]);
    const tooMany = writeFixture(
      configYaml().replace('{ Environment: development }', tags(49)),
      DEFAULT_SCPS,
    );
    expectOnlyProblem(
      validateConfigFile(tooMany),
      tooMany,
      'blueprints.ai-dev.tags',
      '49 tags; at most 48, since AWS allows 50 per account and the vending machine adds 2 of its own',
    );
  });
});

describe('SCP documents', () => {
  it('reports a missing policy file where the blueprint names it; readScp names the file', () => {
    const file = writeFixture(configYaml(), { guardrails: DENY_LEAVE });
    const missing = scpPath(file, 'deny-leave');
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'blueprints.ai-dev.scps[0]',
      `SCP "deny-leave": policy file ${missing} does not exist`,
    );
    expect(() => readScp(loadConfig(file), 'deny-leave')).toThrow(`${missing}: (file): `);
  });

  it('reports invalid JSON (a comment) with the JSON.parse message and the line', () => {
    const file = writeFixture(configYaml(), {
      ...DEFAULT_SCPS,
      guardrails: '{\n  // no comments in JSON\n  "Version": "2012-10-17"\n}',
    });
    const problems = validateConfigFile(file);
    expectOnlyProblem(
      problems,
      file.replace('blueprints.yaml', 'policies/scp/guardrails.json'),
      '(document)',
      /^invalid JSON: /,
    );
    expect(problems[0]?.message).toMatch(/line 2/);
    expect(() => readScp(loadConfig(file), 'guardrails')).toThrow(
      /guardrails\.json: \(document\): invalid JSON/,
    );
  });

  it('reports a document that is not an IAM policy, at the offending element', () => {
    const file = writeFixture(configYaml(), {
      ...DEFAULT_SCPS,
      guardrails: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Maybe', Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', Resource: '*' },
          { Effect: 'Deny', Action: '*', Principal: '*' },
          { Effect: 'Deny', Action: [] },
        ],
      },
    });
    const policy = scpPath(file, 'guardrails');
    const problems = validateConfigFile(file);
    expect(problems.every((p) => p.file === policy)).toBe(true);
    expect(problems).toMatchObject([
      { path: 'Statement[0].Effect', message: 'Effect must be "Allow" or "Deny", got "Maybe"' },
      { path: 'Statement[1]', message: 'a statement needs exactly one of Action or NotAction' },
      { path: 'Statement[2].Principal', message: /unknown key; an SCP statement allows/ },
      { path: 'Statement[3].Action', message: /non-empty list/ },
    ]);
  });

  it('accepts a single Statement object and a NotAction statement', () => {
    const file = writeFixture(configYaml(), {
      ...DEFAULT_SCPS,
      guardrails: {
        Version: '2012-10-17',
        Statement: { Effect: 'Deny', NotAction: ['s3:*'], Resource: '*' },
      },
    });
    expect(validateConfigFile(file)).toEqual([]);
    expect(readScp(loadConfig(file), 'guardrails').content).toBe(
      '{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":["s3:*"],"Resource":"*"}}',
    );
  });

  it('requires Version 2012-10-17', () => {
    const file = writeFixture(configYaml(), {
      ...DEFAULT_SCPS,
      guardrails: { ...DENY_LEAVE, Version: '2008-10-17' },
    });
    expectOnlyProblem(
      validateConfigFile(file),
      scpPath(file, 'guardrails'),
      'Version',
      /must be "2012-10-17"/,
    );
  });

  it('rejects a policy over 10,240 characters after minification, saying the size and the limit', () => {
    const file = writeFixture(configYaml(), { ...DEFAULT_SCPS, guardrails: scpOfSize(10_241) });
    expectOnlyProblem(
      validateConfigFile(file),
      scpPath(file, 'guardrails'),
      '(document)',
      '10241 characters after minification; an SCP may have at most 10240 (organization.limits.scpMaxChars)',
    );
    expect(() => readScp(loadConfig(file), 'guardrails')).toThrow(/10241 characters/);
  });

  it('counts minified characters: a pretty-printed 10,240-character policy passes', () => {
    const file = writeFixture(configYaml(), { ...DEFAULT_SCPS, guardrails: scpOfSize(10_240) });
    expect(validateConfigFile(file)).toEqual([]);
    expect(readScp(loadConfig(file), 'guardrails').content).toHaveLength(10_240);
  });

  it('applies organization.limits: scpMaxChars 5120 makes a 6,000-character policy fail', () => {
    const scps = { ...DEFAULT_SCPS, guardrails: scpOfSize(6000) };
    expect(validateConfigFile(writeFixture(configYaml(), scps))).toEqual([]);
    const file = writeFixture(configYaml({ organization: '  limits: { scpMaxChars: 5120 }\n' }), scps);
    expect(loadConfig(file).limits).toEqual({ ...DEFAULT_AWS_LIMITS, scpMaxChars: 5120 });
    expectOnlyProblem(
      validateConfigFile(file),
      scpPath(file, 'guardrails'),
      '(document)',
      /6000 characters.*at most 5120/,
    );
  });

  it('reports a broken policy once, however many blueprints use it', () => {
    const file = writeFixture(
      configYaml({
        blueprints: '\n  a:\n    ou: /A\n    scps: [bad]\n  b:\n    ou: /B\n    ouScps: [bad]\n',
      }),
      { bad: '{' },
    );
    expect(validateConfigFile(file)).toHaveLength(1);
  });

  it('gives awsName as prefix + name', () => {
    const file = writeFixture(configYaml(), DEFAULT_SCPS);
    expect(readScp(loadConfig(file), 'deny-leave')).toMatchObject({
      name: 'deny-leave',
      awsName: 'avm-deny-leave',
      file: scpPath(file, 'deny-leave'),
      content: JSON.stringify(DENY_LEAVE),
    });
  });
});

describe('SCPs per target', () => {
  const names = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const docs = (list: string[]) => Object.fromEntries(list.map((name) => [name, DENY_LEAVE]));

  it('rejects 10 SCPs on one account: with FullAWSAccess that is 11, over 10', () => {
    const file = writeFixture(
      configYaml({ blueprints: `\n  a:\n    ou: /A\n    scps: [${names(10).join(', ')}]\n` }),
      docs(names(10)),
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'blueprints.a.scps',
      '10 SCPs plus FullAWSAccess make 11 on the account; AWS allows at most 10 attached to one account',
    );
  });

  it('accepts 9 SCPs on one account', () => {
    const file = writeFixture(
      configYaml({ blueprints: `\n  a:\n    ou: /A\n    scps: [${names(9).join(', ')}]\n` }),
      docs(names(9)),
    );
    expect(validateConfigFile(file)).toEqual([]);
  });

  it('counts the ouScps of every blueprint sharing an OU, and reports it on each of them', () => {
    const a = names(5, 'a');
    const b = names(5, 'b');
    const file = writeFixture(
      configYaml({
        blueprints: `
  one:
    ou: /AI/Shared
    ouScps: [${a.join(', ')}]
  two:
    ou: /AI/Shared
    ouScps: [${b.join(', ')}, a0]
  elsewhere:
    ou: /AI/Other
    ouScps: [a0]
`,
      }),
      docs([...a, ...b]),
    );
    const problems = validateConfigFile(file);
    expect(problems.map((p) => p.path)).toEqual(['blueprints.one.ouScps', 'blueprints.two.ouScps']);
    expect(problems[0]?.message).toBe(
      'OU /AI/Shared would carry 10 SCPs (ouScps of blueprints one, two placed there) plus FullAWSAccess, 11 in all; AWS allows at most 10 attached to one OU',
    );
    // Each blueprint alone would fit.
    expect(
      validateConfigFile(
        writeFixture(
          configYaml({ blueprints: `\n  one:\n    ou: /X\n    ouScps: [${a.join(', ')}]\n` }),
          docs(a),
        ),
      ),
    ).toEqual([]);
  });

  it('applies organization.limits.scpsPerTarget', () => {
    const file = writeFixture(
      configYaml({ organization: '  limits: { scpsPerTarget: 5 }\n' }).replace(
        '[deny-leave]',
        `[${names(5).join(', ')}]`,
      ),
      {
        ...DEFAULT_SCPS,
        ...docs(names(5)),
      },
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      'blueprints.ai-dev.scps',
      /make 6 on the account; AWS allows at most 5/,
    );
  });
});

describe('blueprintProblems', () => {
  it('reports an unknown blueprint', () => {
    const file = writeFixture(configYaml(), DEFAULT_SCPS);
    expect(blueprintProblems(loadConfig(file), 'nope')).toEqual([
      { file, path: 'blueprints.nope', message: 'no such blueprint; defined: ai-dev' },
    ]);
    expect(blueprintProblems(loadConfig(file), 'toString')).toHaveLength(1);
  });
});

describe('formatProblems', () => {
  it('prints one "<file>: <path>: <message>" line per problem', () => {
    expect(
      formatProblems([
        { file: 'config/blueprints.yaml', path: 'blueprints.ai-dev.ou', message: 'bad' },
        { file: 'config/policies/scp/x.json', path: '(document)', message: 'worse' },
      ]),
    ).toBe(
      'config/blueprints.yaml: blueprints.ai-dev.ou: bad\nconfig/policies/scp/x.json: (document): worse',
    );
  });
});

describe('organization.limits', () => {
  it('can override every AWS limit', () => {
    const overrides = Object.fromEntries(Object.keys(DEFAULT_AWS_LIMITS).map((key, i) => [key, 1000 + i]));
    const file = writeFixture(
      configYaml({ organization: `  limits: ${JSON.stringify(overrides)}\n` }),
      DEFAULT_SCPS,
    );
    expect(validateConfigFile(file)).toEqual([]);
    expect(loadConfig(file).limits).toEqual(overrides);
  });
});
