import { afterEach, describe, expect, it } from 'vitest';
import {
  clearConfigCache,
  IAM_POLICY_PLACEHOLDERS,
  type IamPolicyVars,
  loadConfig,
  renderIamPolicy,
} from '../../../lib/config/index.ts';
import { ACCESS_IAM, ACCESS_YAML, iamPath, READ_LOGS, removeFixtures, writeFixture } from './fixtures.ts';

afterEach(() => {
  clearConfigCache();
  removeFixtures();
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
const USERNAME = '${aws:username}';
const VARS: IamPolicyVars = { accountId: '444455556666', region: 'eu-west-1', partition: 'aws' };

/** A valid identity policy using every placeholder and an IAM policy variable. */
const ALL_PLACEHOLDERS = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PassRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: '{{ExecutionRoleArn}}',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    },
    {
      Sid: 'Bucket',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [`arn:{{Partition}}:s3:::{{TrainingBucket}}/home/${USERNAME}/*`],
      Condition: {
        StringEquals: { 'aws:RequestedRegion': '{{Region}}', 'aws:ResourceAccount': '{{AccountId}}' },
      },
    },
  ],
};

function loaded(iam: Record<string, object | string>) {
  return loadConfig(writeFixture(ACCESS_YAML, {}, { ...ACCESS_IAM, ...iam }));
}

describe('renderIamPolicy', () => {
  it('fills in every placeholder, leaves IAM variables alone, and minifies', () => {
    const config = loaded({ all: ALL_PLACEHOLDERS });
    const policy = renderIamPolicy(config, 'all', {
      ...VARS,
      executionRoleArn: 'arn:aws:iam::444455556666:role/avm-sagemaker-execution',
      trainingBucket: 'avm-training-444455556666-eu-west-1',
    });
    expect(policy.name).toBe('all');
    expect(policy.file).toBe(iamPath(config.file, 'all'));
    expect(policy.content).not.toMatch(/\s|\{\{/);
    expect(JSON.parse(policy.content)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          ...ALL_PLACEHOLDERS.Statement[0],
          Resource: 'arn:aws:iam::444455556666:role/avm-sagemaker-execution',
        },
        {
          ...ALL_PLACEHOLDERS.Statement[1],
          Resource: [`arn:aws:s3:::avm-training-444455556666-eu-west-1/home/${USERNAME}/*`],
          Condition: {
            StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 'aws:ResourceAccount': '444455556666' },
          },
        },
      ],
    });
  });

  it('escapes values as JSON strings, and fills placeholders in keys too', () => {
    const config = loaded({
      keyed: {
        ...READ_LOGS,
        Statement: [
          { ...READ_LOGS.Statement[0], Condition: { StringEquals: { 'aws:ResourceTag/{{Region}}': 'x' } } },
        ],
      },
    });
    const policy = renderIamPolicy(config, 'keyed', { ...VARS, region: 'a"b' });
    expect(JSON.parse(policy.content).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/a"b': 'x' },
    });
  });

  it('refuses a placeholder with no value, naming the file and what provides it', () => {
    const config = loaded({ all: ALL_PLACEHOLDERS });
    const file = iamPath(config.file, 'all');
    expect(() => renderIamPolicy(config, 'all', VARS)).toThrow(
      `${file}: (document): IAM policy "all" uses {{ExecutionRoleArn}}, which has no value here: it needs sagemakerExecutionRole in the blueprint`,
    );
    expect(() =>
      renderIamPolicy(config, 'all', { ...VARS, executionRoleArn: 'arn:aws:iam::1:role/r' }),
    ).toThrow(
      /uses \{\{TrainingBucket\}\}, which has no value here: it needs sagemakerExecutionRole\.trainingBucket: true/,
    );
  });

  it('throws ConfigInvalidError for a missing file, invalid JSON, a Principal, an unknown placeholder', () => {
    const config = loaded({
      broken: '{',
      principal: { ...READ_LOGS, Statement: [{ ...READ_LOGS.Statement[0], Principal: '*' }] },
      unknown: JSON.stringify(READ_LOGS).replace('{{Partition}}', '{{partition}}'),
    });
    const cases: [string, RegExp][] = [
      ['missing', /missing\.json: \(file\): the policy document for IAM policy "missing" does not exist/],
      ['broken', /broken\.json: \(document\): invalid JSON/],
      ['principal', /principal\.json: Statement\[0\]\.Principal: Principal is for resource policies/],
      ['unknown', /unknown\.json: Statement\[0\]\.Resource: unknown placeholder \{\{partition\}\}/],
      ['../scp/x', /"\.\.\/scp\/x" is not a valid policy name/],
    ];
    for (const [name, message] of cases) {
      let error: unknown;
      try {
        renderIamPolicy(config, name, VARS);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ name: 'ConfigInvalidError' });
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses a rendered policy over the limit, not counting whitespace', () => {
    // The padding goes into a Sid, so the rendered size is known exactly.
    const base = JSON.stringify({ ...READ_LOGS, Statement: [{ ...READ_LOGS.Statement[0], Sid: '' }] })
      .replace('{{Partition}}', 'aws')
      .replace('{{AccountId}}', VARS.accountId).length;
    const ofSize = (n: number) => ({
      ...READ_LOGS,
      Statement: [{ ...READ_LOGS.Statement[0], Sid: 'S'.repeat(n - base) }],
    });
    const config = loaded({ exact: ofSize(6144), over: ofSize(6145) });
    expect(renderIamPolicy(config, 'exact', VARS).content).toHaveLength(6144);
    expect(() => renderIamPolicy(config, 'over', VARS)).toThrow(
      /over\.json: \(document\): 6145 characters after rendering \(whitespace not counted\); an IAM managed policy may have at most 6144/,
    );
  });

  it('documents exactly the placeholders it fills in', () => {
    expect(IAM_POLICY_PLACEHOLDERS).toEqual([
      'AccountId',
      'Region',
      'Partition',
      'ExecutionRoleArn',
      'TrainingBucket',
    ]);
  });
});
