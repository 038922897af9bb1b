import { afterEach, describe, expect, it } from 'vitest';
import {
  blueprintProblems,
  clearConfigCache,
  loadConfig,
  validateConfigFile,
} from '../../../lib/config/index.ts';
import {
  ACCESS_YAML,
  ACCESS_AT as AT,
  expectOnlyProblem,
  accessFixture as fixture,
  removeFixtures,
  writeFixture,
} from './fixtures.ts';

afterEach(() => {
  clearConfigCache();
  removeFixtures();
});

describe('the cross-account keys', () => {
  it('are valid in the fixture, with their defaults applied', () => {
    const file = fixture();
    expect(validateConfigFile(file)).toEqual([]);
    const blueprint = loadConfig(file).config.blueprints.ai;
    expect(blueprint?.groups[0]).toEqual({
      name: 'data-scientists',
      policies: ['read-logs', 'arn:aws:iam::aws:policy/AmazonSageMakerReadOnly'],
      passExecutionRole: true,
      trainingBucket: 'read-write',
    });
    expect(blueprint?.sagemakerExecutionRole).toEqual({
      dataAccess: ['training-data'],
      trainingBucket: true,
      managedPolicies: [],
    });
    expect(blueprint?.resourceShares[0]?.ownerAccount).toBe('222222222222');
  });

  it('are optional: a group gets passExecutionRole false and no policies; no execution role', () => {
    const file = writeFixture(
      'organization:\n  emailDomains: [example.com]\nblueprints:\n  b:\n    ou: /B\n    groups: [{ name: readers }]\n',
    );
    expect(validateConfigFile(file)).toEqual([]);
    const blueprint = loadConfig(file).config.blueprints.b;
    expect(blueprint?.groups).toEqual([{ name: 'readers', policies: [], passExecutionRole: false }]);
    expect(blueprint?.sagemakerExecutionRole).toBeUndefined();
  });

  it('reject unknown keys in their entries', () => {
    const file = fixture('        access: read\n', '        access: read\n        acess: read\n');
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${AT}.dataAccess[0].acess`,
      'unknown key; a dataAccess entry allows: name, bucket, bucketAccount, prefix, access',
    );
  });
});

describe('resourceShares', () => {
  const arn = (n: number) => `${AT}.resourceShares[0].resourceArns[${n}]`;

  it('refuses an S3 bucket, suggesting a dataAccess entry', () => {
    const file = fixture('pipeline/train', 'pipeline/train\n          - arn:aws:s3:::ml-data-333333333333');
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      arn(1),
      'AWS RAM cannot share S3 buckets or objects; use a dataAccess entry (bucket policy + role)',
    );
    expect(blueprintProblems(loadConfig(file), 'ai')).toEqual(validateConfigFile(file));
  });

  it('refuses an AMI, suggesting launch permissions', () => {
    const file = fixture(
      'arn:aws:sagemaker:us-east-1:222222222222:pipeline/train',
      'arn:aws:ec2:us-east-1:222222222222:image/ami-0abcdef1234567890',
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      arn(0),
      'AWS RAM cannot share AMIs; grant AMI launch permissions (ec2:ModifyImageAttribute) instead',
    );
  });

  it('refuses another type RAM does not share, pointing to the list', () => {
    const file = fixture('pipeline/train', 'endpoint/serve');
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      arn(0),
      'AWS RAM cannot share sagemaker:endpoint; see the list of shareable resources (https://docs.aws.amazon.com/ram/latest/userguide/shareable.html)',
    );
  });

  it('refuses a resource of another account than ownerAccount', () => {
    const file = fixture('us-east-1:222222222222:pipeline', 'us-east-1:444444444444:pipeline');
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      arn(0),
      'the resource belongs to account 444444444444, not ownerAccount 222222222222; a share can only hold resources of the account that creates it',
    );
  });

  it('without ownerAccount, refuses resources of two accounts in one share', () => {
    const file = fixture(
      '        ownerAccount: "222222222222"\n        resourceArns:\n          - arn:aws:sagemaker:us-east-1:222222222222:pipeline/train',
      '        resourceArns:\n          - arn:aws:sagemaker:us-east-1:111111111111:pipeline/train',
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      arn(1),
      /belongs to account 222222222222, but the first one to 111111111111; a share holds the resources of one account/,
    );
  });

  it('refuses resources of two Regions in one share (RAM is Regional)', () => {
    const file = fixture(
      'us-east-1:222222222222:sagemaker-catalog',
      'eu-west-1:222222222222:sagemaker-catalog',
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      arn(1),
      /is in eu-west-1, but the first one in us-east-1; AWS RAM shares are Regional/,
    );
  });

  it('refuses a string that is not an ARN (a schema error: loadConfig refuses the file)', () => {
    const file = fixture(
      'arn:aws:sagemaker:us-east-1:222222222222:pipeline/train',
      'sagemaker pipeline train',
    );
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      arn(0),
      '"sagemaker pipeline train" is not an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)',
    );
    expect(() => loadConfig(file)).toThrow(`${arn(0)}: `);
  });

  it('requires at least one resource, a 12-digit ownerAccount, and unique names', () => {
    const empty = fixture(
      /resourceArns:\n[^\n]+\n[^\n]+\n/.exec(ACCESS_YAML)?.[0] ?? 'x',
      'resourceArns: []\n',
    );
    expectOnlyProblem(
      validateConfigFile(empty),
      empty,
      `${AT}.resourceShares[0].resourceArns`,
      'resourceArns must list at least one resource',
    );
    const unquoted = fixture('ownerAccount: "222222222222"', 'ownerAccount: 222222222222');
    expectOnlyProblem(
      validateConfigFile(unquoted),
      unquoted,
      `${AT}.resourceShares[0].ownerAccount`,
      /ownerAccount must be a string, got 222222222222/,
    );
    const twice = fixture(
      '    dataAccess:\n',
      '      - name: pipelines\n        resourceArns: [arn:aws:glue:us-east-1:111111111111:catalog]\n    dataAccess:\n',
    );
    expectOnlyProblem(
      validateConfigFile(twice),
      twice,
      `${AT}.resourceShares[1].name`,
      'resource share "pipelines" is defined twice (also resourceShares[0])',
    );
  });
});

describe('dataAccess', () => {
  it.each([
    ['ML-Data', 'may contain only lowercase letters, digits, "." and "-"'],
    ['ml_data', 'may contain only lowercase letters, digits, "." and "-"'],
    ['ab', 'is 2 characters; a bucket name has 3–63'],
    ['-ml-data', 'must begin and end with a lowercase letter or digit'],
    ['ml..data', 'must not contain two adjacent dots'],
    ['192.168.5.4', 'must not look like an IP address'],
    ['xn--ml-data', 'must not start with "xn--" (reserved by S3)'],
    ['ml-data-s3alias', 'must not end with "-s3alias" (reserved by S3)'],
  ])('refuses the bucket name %j', (bucket, message) => {
    const file = fixture('bucket: ml-data-333333333333', `bucket: "${bucket}"`);
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${AT}.dataAccess[0].bucket`,
      `bucket ${JSON.stringify(bucket)} ${message}`,
    );
  });

  it.each([
    ['/datasets/', /must not start with "\/"; S3 keys have no leading slash \(write datasets\/\)/],
    ['datasets', /must end with "\/" \(write datasets\/\)/],
    ['data*/', /must not contain "\*"/],
    ['a//b/', /empty segment/],
    [`${'p'.repeat(512)}/`, /is 513 characters; at most 512/],
  ])('refuses the prefix %j', (prefix, message) => {
    const file = fixture('prefix: datasets/', `prefix: "${prefix}"`);
    expectOnlyProblem(validateConfigFile(file), file, `${AT}.dataAccess[0].prefix`, message);
  });

  it('accepts "" as the prefix: the whole bucket', () => {
    expect(validateConfigFile(fixture('prefix: datasets/', 'prefix: ""'))).toEqual([]);
  });

  it('refuses a name that cannot name the role avm-data-<name>, and a name used twice', () => {
    const upper = fixture('- name: training-data', '- name: Training_Data');
    expectOnlyProblem(validateConfigFile(upper), upper, `${AT}.dataAccess[0].name`, /avm-data-<name>/);
    const entry = / {6}- name: training-data\n(?: {8}.+\n)+/.exec(ACCESS_YAML)?.[0] ?? 'x';
    const twice = fixture(entry, `${entry}${entry.replace('access: read', 'access: read-write')}`);
    expectOnlyProblem(
      validateConfigFile(twice),
      twice,
      `${AT}.dataAccess[1].name`,
      'dataAccess "training-data" is defined twice (also dataAccess[0]); each entry names its own role',
    );
  });

  it('refuses an access other than read or read-write', () => {
    const file = fixture('access: read\n', 'access: write\n');
    expectOnlyProblem(
      validateConfigFile(file),
      file,
      `${AT}.dataAccess[0].access`,
      'access must be "read" or "read-write", got "write"',
    );
  });
});
