import { describe, expect, it } from 'vitest';
import {
  dataPrefixProblem,
  isAwsManagedPolicyArn,
  parseArn,
  RAM_SHAREABLE_TYPES,
  ramShareProblem,
  s3BucketNameProblem,
} from '../../../lib/config/index.ts';

describe('parseArn', () => {
  it('splits an ARN, with the resource type up to the first / or :', () => {
    expect(parseArn('arn:aws:sagemaker:us-east-1:222222222222:pipeline/train')).toEqual({
      partition: 'aws',
      service: 'sagemaker',
      region: 'us-east-1',
      account: '222222222222',
      resource: 'pipeline/train',
      resourceType: 'pipeline',
    });
    expect(
      parseArn('arn:aws-cn:license-manager:cn-north-1:111111111111:license-configuration:lic-1')
        ?.resourceType,
    ).toBe('license-configuration');
    expect(parseArn('arn:aws:glue:us-east-1:111111111111:catalog')?.resourceType).toBe('catalog');
    expect(parseArn('arn:aws:s3:::bucket')).toMatchObject({
      region: '',
      account: '',
      resourceType: 'bucket',
    });
  });

  it.each([
    'sagemaker:pipeline/train',
    'arn:aws:sagemaker:us-east-1:2222:pipeline/train',
    'arn:aws:sagemaker:us-east-1:222222222222:',
    'arn:aws:sagemaker:us-east-1:222222222222:pipeline/has space',
    ' arn:aws:sagemaker:us-east-1:222222222222:pipeline/train',
    'arn:amazon:sagemaker:us-east-1:222222222222:pipeline/train',
  ])('refuses %j', (arn) => {
    expect(parseArn(arn)).toBeUndefined();
  });
});

describe('ramShareProblem', () => {
  it.each([
    'arn:aws:sagemaker:us-east-1:222222222222:pipeline/train-foundation-model',
    'arn:aws:sagemaker:us-east-1:222222222222:lineage-group/lg',
    'arn:aws:sagemaker:us-east-1:222222222222:sagemaker-catalog/DefaultFeatureGroupCatalog',
    'arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0123456789abcdef0',
    'arn:aws:ec2:us-east-1:111111111111:prefix-list/pl-0123456789abcdef0',
    'arn:aws:ec2:us-east-1:111111111111:capacity-reservation/cr-0123456789abcdef0',
    'arn:aws:ec2:us-east-1:111111111111:transit-gateway/tgw-0123456789abcdef0',
    'arn:aws:glue:us-east-1:111111111111:catalog',
    'arn:aws:glue:us-east-1:111111111111:database/ml',
    'arn:aws:glue:us-east-1:111111111111:table/ml/features',
    'arn:aws:license-manager:us-east-1:111111111111:license-configuration:lic-0123',
    'arn:aws:resource-groups:us-east-1:111111111111:group/hosts',
    'arn:aws:route53resolver:us-east-1:111111111111:resolver-rule/rslvr-rr-1',
    'arn:aws:imagebuilder:us-east-1:111111111111:image/golden/1.0.0/1',
    'arn:aws:networkmanager::111111111111:core-network/core-network-1',
  ])('accepts %s', (arn) => {
    expect(ramShareProblem(arn)).toBeUndefined();
  });

  it('says what to use instead of RAM for S3 and AMIs', () => {
    expect(ramShareProblem('arn:aws:s3:::ml-data/datasets/x.csv')).toMatch(
      /use a dataAccess entry \(bucket policy \+ role\)/,
    );
    expect(ramShareProblem('arn:aws:ec2:us-east-1:111111111111:image/ami-1')).toMatch(
      /grant AMI launch permissions \(ec2:ModifyImageAttribute\) instead/,
    );
    expect(ramShareProblem('arn:aws:lambda:us-east-1:111111111111:function:f')).toBe(
      'AWS RAM cannot share lambda:function; see the list of shareable resources (https://docs.aws.amazon.com/ram/latest/userguide/shareable.html)',
    );
  });

  it('requires the owning account and, for Regional resources, the Region', () => {
    expect(ramShareProblem('arn:aws:sagemaker:us-east-1::pipeline/p')).toMatch(
      /must name the 12-digit account/,
    );
    expect(ramShareProblem('arn:aws:sagemaker::222222222222:pipeline/p')).toMatch(
      /Regional resource; its ARN must name the Region/,
    );
    expect(ramShareProblem('not an arn')).toMatch(/is not an ARN/);
  });

  it('has one row per service and resource type', () => {
    const keys = RAM_SHAREABLE_TYPES.map((t) => `${t.service}:${t.resourceType}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('S3 names', () => {
  it.each(['ml-data-333333333333', 'abc', 'a.b-c', 'a'.repeat(63)])('accepts the bucket %j', (name) => {
    expect(s3BucketNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['a'.repeat(64), /64 characters/],
    ['ml-data.', /begin and end/],
    ['sthree-data', /"sthree-"/],
    ['data--ol-s3', /"--ol-s3"/],
  ])('refuses the bucket %j', (name, message) => {
    expect(s3BucketNameProblem(name)).toMatch(message);
  });

  it.each(['', 'datasets/', 'teams/ml/datasets/', 'with space/'])('accepts the prefix %j', (prefix) => {
    expect(dataPrefixProblem(prefix)).toBeUndefined();
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
  it.each(['data?/', '${aws:username}/', 'a\tb/'])('refuses the prefix %j', (prefix) => {
    expect(dataPrefixProblem(prefix)).toBeDefined();
  });
});

describe('isAwsManagedPolicyArn', () => {
  it.each([
    ['arn:aws:iam::aws:policy/AmazonSageMakerReadOnly', true],
    ['arn:aws:iam::aws:policy/job-function/DataScientist', true],
    ['arn:aws:iam::aws:policy/service-role/AmazonSageMakerServiceCatalogProductsUseRole', true],
    ['arn:aws-us-gov:iam::aws:policy/AmazonSageMakerFullAccess', true],
    ['arn:aws:iam::123456789012:policy/mine', false],
    ['arn:aws:iam::aws:policy/', false],
    ['AmazonSageMakerReadOnly', false],
    ['arn:aws:iam::aws:role/x', false],
  ])('%s → %s', (arn, expected) => {
    expect(isAwsManagedPolicyArn(arn)).toBe(expected);
  });
});
