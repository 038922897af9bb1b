import { describe, expect, it } from 'vitest';
import { mergeBucketPolicy } from '#lib/access/bucket-policy.ts';
import { parsePolicy } from '#lib/access/policy-document.ts';
import { s3Statements } from '#lib/access/s3-statements.ts';

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
