import { afterEach, describe, expect, it } from 'vitest';
import { clearConfigCache, validateConfigFile } from '../../../lib/config/index.ts';
import {
  ACCESS_IAM,
  ACCESS_YAML,
  ACCESS_AT as AT,
  expectOnlyProblem,
  accessFixture as fixture,
  iamPath,
  READ_LOGS,
  removeFixtures,
  writeFixture,
} from './fixtures.ts';

afterEach(() => {
  clearConfigCache();
  removeFixtures();
});

describe('groups', () => {
  const policies = `${AT}.groups[0].policies`;

  it('reports a missing policy file where the group names it', () => {
    const file = fixture('', '', {});
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${policies}[0]`,
      `IAM policy "read-logs": policy file ${iamPath(file, 'read-logs')} does not exist`,
    );
  });

  it('reports a broken policy file at the file: invalid JSON, a Principal', () => {
    const broken = fixture('', '', { 'read-logs': '{ "Version": "2012-10-17", }' });
    expectOnlyProblem(
      validateConfigFile(broken),
      iamPath(broken, 'read-logs'),
      '(document)',
      /^invalid JSON: /,
    );
    const principal = fixture('', '', {
      'read-logs': { ...READ_LOGS, Statement: [{ ...READ_LOGS.Statement[0], Principal: { AWS: '*' } }] },
    });
    expectOnlyProblem(
      validateConfigFile(principal),
      iamPath(principal, 'read-logs'),
      'Statement[0].Principal',
      'Principal is for resource policies; an identity policy applies to the group or role it is attached to, so its statements take no Principal',
    );
  });

  it('refuses an identity policy statement without Resource', () => {
    const { Resource: _, ...statement } = READ_LOGS.Statement[0] ?? {};
    const file = fixture('', '', { 'read-logs': { ...READ_LOGS, Statement: [statement] } });
    expectOnlyProblem(
      validateConfigFile(file),
      iamPath(file, 'read-logs'),
      'Statement[0]',
      'an identity policy statement needs a Resource or NotResource ("*" for all)',
    );
  });

  it('refuses an unknown placeholder, and a placeholder written as an IAM variable ($-brace)', () => {
    const unknown = fixture('', '', {
      'read-logs': JSON.stringify(READ_LOGS).replace('{{AccountId}}', '{{Account}}'),
    });
    expectOnlyProblem(
      validateConfigFile(unknown),
      iamPath(unknown, 'read-logs'),
      'Statement[0].Resource',
      /^unknown placeholder \{\{Account\}\}; known: \{\{AccountId\}\}, /,
    );
    const dollar = fixture('', '', {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      'read-logs': JSON.stringify(READ_LOGS).replace('{{AccountId}}', '${AccountId}'),
    });
    expectOnlyProblem(
      validateConfigFile(dollar),
      iamPath(dollar, 'read-logs'),
      'Statement[0].Resource',
      /\$\{AccountId\} is an IAM policy variable.*write \{\{AccountId\}\}/,
    );
  });

  it('refuses {{TrainingBucket}} in a blueprint without a training bucket, at the reference', () => {
    const withBucket = {
      ...READ_LOGS,
      Statement: [{ ...READ_LOGS.Statement[0], Resource: 'arn:{{Partition}}:s3:::{{TrainingBucket}}/*' }],
    };
    const file = fixture(
      '        trainingBucket: read-write\n    sagemakerExecutionRole:\n      dataAccess: [training-data]\n      trainingBucket: true\n',
      '    sagemakerExecutionRole:\n      dataAccess: [training-data]\n',
      { 'read-logs': withBucket },
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${policies}[0]`,
      'IAM policy "read-logs" uses {{TrainingBucket}}, which has no value here: it needs sagemakerExecutionRole.trainingBucket: true in the blueprint',
    );
  });

  it('refuses a policy over 6,144 characters once rendered with the longest values; the limit can be raised', () => {
    const padded = (n: number) => ({
      ...READ_LOGS,
      Statement: [
        { ...READ_LOGS.Statement[0], Action: Array.from({ length: n }, (_, i) => `logs:GetLogEvents${i}`) },
      ],
    });
    const file = fixture('', '', { 'read-logs': padded(300) });
    const problems = validateConfigFile(file);
    expectOnlyProblem(
      problems,
      iamPath(file, 'read-logs'),
      '(document)',
      /^\d+ characters after rendering with the longest placeholder values \(whitespace not counted\); an IAM managed policy may have at most 6144 \(organization\.limits\.iamManagedPolicyMaxChars\)$/,
    );
    const raised = writeFixture(
      ACCESS_YAML.replace(
        '  policyNamePrefix: avm-\n',
        '  policyNamePrefix: avm-\n  limits: { iamManagedPolicyMaxChars: 20000 }\n',
      ),
      {},
      { 'read-logs': padded(300) },
    );
    expect(validateConfigFile(raised)).toEqual([]);
  });

  it('refuses more than 10 managed policies on a group', () => {
    const arns = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(', ');
    const file = fixture('arn:aws:iam::aws:policy/AmazonSageMakerReadOnly]', `${arns}]`);
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      policies,
      '11 managed policies; IAM allows at most 10 attached to one group (organization.limits.managedPoliciesPerEntity)',
    );
  });

  it('refuses a customer managed policy ARN and a non-name', () => {
    const file = fixture(
      'arn:aws:iam::aws:policy/AmazonSageMakerReadOnly',
      'arn:aws:iam::123456789012:policy/mine',
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${policies}[1]`,
      /is not an AWS managed policy ARN.*config\/policies\/iam/,
    );
  });

  it('refuses passExecutionRole and trainingBucket without an execution role', () => {
    const file = fixture(
      '    sagemakerExecutionRole:\n      dataAccess: [training-data]\n      trainingBucket: true\n',
      '',
    );
    expect(validateConfigFile(file)).toEqual([
      {
        file,
        path: `${AT}.groups[0].passExecutionRole`,
        message:
          'there is no role to pass: add sagemakerExecutionRole to this blueprint, or set passExecutionRole: false',
      },
      {
        file,
        path: `${AT}.groups[0].trainingBucket`,
        message:
          'there is no training bucket: set sagemakerExecutionRole.trainingBucket: true in this blueprint, or remove trainingBucket',
      },
    ]);
  });

  it('refuses two groups whose names differ only in case', () => {
    const file = fixture(
      '    sagemakerExecutionRole:\n',
      '      - name: Data-Scientists\n    sagemakerExecutionRole:\n',
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${AT}.groups[1].name`,
      /defined twice \(also groups\[0\]\); IAM group names are case-insensitive/,
    );
  });
});

describe('sagemakerExecutionRole', () => {
  it('refuses a dataAccess name the blueprint does not define', () => {
    const file = fixture('dataAccess: [training-data]', 'dataAccess: [training-data, model-artifacts]');
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${AT}.sagemakerExecutionRole.dataAccess[1]`,
      'no dataAccess entry named "model-artifacts"; defined: training-data',
    );
  });

  it('refuses more managed policies than the limit, which organization.limits can change', () => {
    const arns = Array.from({ length: 3 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(', ');
    const yaml = ACCESS_YAML.replace(
      '      trainingBucket: true\n',
      `      trainingBucket: true\n      managedPolicies: [${arns}]\n`,
    );
    expect(validateConfigFile(writeFixture(yaml, {}, ACCESS_IAM))).toEqual([]);
    const file = writeFixture(
      yaml.replace(
        '  policyNamePrefix: avm-\n',
        '  policyNamePrefix: avm-\n  limits: { managedPoliciesPerEntity: 2 }\n',
      ),
      {},
      ACCESS_IAM,
    );
    // The group has 2 policies: still within the lowered limit.
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${AT}.sagemakerExecutionRole.managedPolicies`,
      '3 managed policies; IAM allows at most 2 attached to one role (organization.limits.managedPoliciesPerEntity)',
    );
  });

  it('accepts only AWS managed policy ARNs', () => {
    const file = fixture(
      '      trainingBucket: true\n',
      '      trainingBucket: true\n      managedPolicies: [AmazonSageMakerFullAccess]\n',
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${AT}.sagemakerExecutionRole.managedPolicies[0]`,
      /"AmazonSageMakerFullAccess" is not an AWS managed policy ARN/,
    );
  });
});
