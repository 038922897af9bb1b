import { describe, expect, it } from 'vitest';
import {
  dataRoleName,
  dataSidPrefix,
  partitionOf,
  roleArn,
  sharedDataSidPrefix,
  trainingBucketName,
} from '#lib/access/names.ts';

describe('names', () => {
  it('derives deterministic names within AWS rules', () => {
    expect(dataRoleName('training-data')).toBe('avm-data-training-data');
    expect(dataSidPrefix('123456789012', 'training-data')).toBe('AvmData123456789012TrainingData');
    expect(dataSidPrefix('123456789012', 'training-data')).toMatch(/^[A-Za-z0-9]+$/);
    expect(trainingBucketName('123456789012', 'eu-west-1')).toBe('avm-training-123456789012-eu-west-1');
    expect(roleArn('aws', '123456789012', 'r')).toBe('arn:aws:iam::123456789012:role/r');
  });
  it('names the shared bucket-policy statements by blueprint, entry and OU, readably and without clashes', () => {
    const sid = sharedDataSidPrefix('ai-dev', 'training-data', 'ou-ab12-cdef3456');
    expect(sid).toMatch(/^AvmDataAiDevTrainingData[0-9a-f]{8}$/);
    expect(sharedDataSidPrefix('ai-dev', 'training-data', 'ou-ab12-cdef3456')).toBe(sid);
    expect(sharedDataSidPrefix('ai', 'dev-training-data', 'ou-ab12-cdef3456')).not.toBe(sid);
    expect(sharedDataSidPrefix('ai-dev', 'training-data', 'ou-ab12-00000000')).not.toBe(sid);
    expect(sharedDataSidPrefix('AI_dev', 'training-data', 'ou-ab12-cdef3456')).toMatch(/^[A-Za-z0-9]+$/);
  });
  it('knows the partition of a Region', () => {
    expect(partitionOf('us-east-1')).toBe('aws');
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
  });
});
