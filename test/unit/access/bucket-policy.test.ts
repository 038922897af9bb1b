import { describe, expect, it } from 'vitest';
import { mergeBucketPolicy } from '#lib/access/bucket-policy.ts';
import { parsePolicy } from '#lib/access/policy-document.ts';
import { ouScopedBucketStatements, s3Statements } from '#lib/access/s3-statements.ts';

const theirs = [
  {
    Sid: 'AnalyticsRead',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::444444444444:root' },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::ml-data/reports/*',
  },
  {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: 'arn:aws:s3:::ml-data/*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
];
const existing = JSON.stringify({ Version: '2012-10-17', Id: 'DataLake', Statement: theirs });
const grant = { partition: 'aws', bucket: 'ml-data', prefix: 'datasets/', access: 'read' as const };
const role = { AWS: 'arn:aws:iam::123456789012:role/avm-data-training-data' };

describe('mergeBucketPolicy', () => {
  it('appends our statements and keeps every other statement, in order and unchanged', () => {
    const ours = s3Statements(grant, 'AvmData123456789012TrainingData', role);
    const { document, changed } = mergeBucketPolicy(existing, ours);
    expect(changed).toBe(true);
    expect(document.Id).toBe('DataLake');
    expect(document.Statement.slice(0, 2)).toEqual(theirs);
    expect(document.Statement.slice(2).map((s) => s.Sid)).toEqual([
      'AvmData123456789012TrainingDataObjects',
      'AvmData123456789012TrainingDataList',
    ]);
  });

  it('is a no-op when run again', () => {
    const ours = s3Statements(grant, 'AvmData123456789012TrainingData', role);
    const once = mergeBucketPolicy(existing, ours).document;
    const twice = mergeBucketPolicy(JSON.stringify(once), ours);
    expect(twice.changed).toBe(false);
    expect(twice.document).toEqual(once);
  });

  it('replaces only our own statement in place when the grant changes', () => {
    const read = s3Statements(grant, 'AvmX', role);
    const first = mergeBucketPolicy(existing, read).document;
    const tail = {
      Sid: 'AddedLater',
      Effect: 'Allow' as const,
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::ml-data/public/*',
    };
    const withTail = JSON.stringify({ ...first, Statement: [...first.Statement, tail] });

    const { document, changed } = mergeBucketPolicy(
      withTail,
      s3Statements({ ...grant, access: 'read-write' }, 'AvmX', role),
    );

    expect(changed).toBe(true);
    expect(document.Statement.map((s) => s.Sid)).toEqual([
      'AnalyticsRead',
      undefined,
      'AvmXObjects',
      'AvmXList',
      'AddedLater',
    ]);
    expect(document.Statement[2]?.Action).toContain('s3:PutObject');
  });

  it('drops our retired statements, and only those, keeping the place of the others', () => {
    const old = s3Statements(grant, 'AvmData123456789012TrainingData', role);
    const withOld = JSON.stringify(mergeBucketPolicy(existing, old).document);
    const shared = s3Statements(grant, 'AvmShared', '*');

    const { document, changed } = mergeBucketPolicy(withOld, shared, [
      'AvmData123456789012TrainingDataObjects',
      'AvmData123456789012TrainingDataList',
      'AvmDataNotThere',
    ]);

    expect(changed).toBe(true);
    expect(document.Statement).toEqual([...theirs, ...shared]);
    const again = mergeBucketPolicy(JSON.stringify(document), shared, [
      'AvmData123456789012TrainingDataList',
    ]);
    expect(again.changed).toBe(false);
  });

  it('never drops a retired Sid that is also one of the statements to put', () => {
    const shared = s3Statements(grant, 'AvmShared', '*');
    const { document } = mergeBucketPolicy(existing, shared, ['AvmSharedList']);
    expect(document.Statement.map((s) => s.Sid)).toEqual([
      'AnalyticsRead',
      undefined,
      'AvmSharedObjects',
      'AvmSharedList',
    ]);
  });

  it('starts a policy for a bucket that has none, and reads URL-encoded or single-statement policies', () => {
    expect(mergeBucketPolicy(undefined, s3Statements(grant, 'A', role)).document.Statement).toHaveLength(2);
    const single = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: theirs[0] }));
    expect(parsePolicy(single).Statement).toEqual([theirs[0]]);
  });
});

describe('s3Statements', () => {
  it('limits listing to the prefix and object actions to keys under it', () => {
    const [objects, list] = s3Statements(grant, 'S');
    expect(objects).toMatchObject({
      Resource: 'arn:aws:s3:::ml-data/datasets/*',
      Action: expect.not.arrayContaining(['s3:PutObject']),
    });
    expect(list).toMatchObject({
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::ml-data',
      Condition: { StringLike: { 's3:prefix': ['datasets/*'] } },
    });
    expect(objects).not.toHaveProperty('Principal');
  });
  it('grants the whole bucket without a prefix condition when the prefix is empty', () => {
    const [objects, list] = s3Statements({ ...grant, prefix: '', access: 'read-write' }, 'S');
    expect(objects?.Resource).toBe('arn:aws:s3:::ml-data/*');
    expect(objects?.Action).toContain('s3:DeleteObject');
    expect(list).not.toHaveProperty('Condition');
  });
});

describe('ouScopedBucketStatements', () => {
  const scope = {
    organizationId: 'o-a1b2c3d4e5',
    ouOrgPath: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/',
    roleNames: ['avm-data-training-data', 'avm-sagemaker-execution'],
  };
  const who = {
    StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': [scope.ouOrgPath] },
    ArnLike: {
      'aws:PrincipalArn': [
        'arn:aws:iam::*:role/avm-data-training-data',
        'arn:aws:iam::*:role/avm-sagemaker-execution',
      ],
    },
  };

  it("grants the entry's actions to the named roles of the OU's accounts, whoever asks", () => {
    const [objects, list] = ouScopedBucketStatements(grant, 'S', scope);
    expect(objects).toEqual({ ...s3Statements(grant, 'S')[0], Principal: '*', Condition: who });
    expect(list).toEqual({
      ...s3Statements(grant, 'S')[1],
      Principal: '*',
      Condition: { StringLike: { 's3:prefix': ['datasets/*'] }, ...who },
    });
  });

  it('has the same size for any number of accounts: no account id appears in it', () => {
    const text = JSON.stringify(ouScopedBucketStatements({ ...grant, access: 'read-write' }, 'S', scope));
    expect(text).not.toMatch(/\d{12}/);
    expect(Buffer.byteLength(text)).toBeLessThan(1_500);
  });
});
