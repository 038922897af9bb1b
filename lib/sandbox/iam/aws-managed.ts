/**
 * AWS managed policies the sandbox knows. AWS has over a thousand; these are the ones an ML
 * account vending machine plausibly attaches. Their documents are stand-ins (short, valid
 * policies granting roughly what the name says), not AWS's text, and every one is at version
 * v1 — AWS's real default versions differ. Attaching a name outside this list answers
 * NoSuchEntity, as AWS does for a policy that does not exist.
 */
import { createHash } from 'node:crypto';

export interface AwsManagedPolicy {
  name: string;
  path: string;
  arn: string;
  id: string;
  description: string;
  document: string;
  versionId: string;
}

const allow = (actions: string[]): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: '*' }],
  });

const DEFINITIONS: [name: string, path: string, description: string, actions: string[]][] = [
  ['AdministratorAccess', '/', 'Provides full access to AWS services and resources.', ['*']],
  [
    'PowerUserAccess',
    '/',
    'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    ['*'],
  ],
  [
    'ReadOnlyAccess',
    '/',
    'Provides read-only access to AWS services and resources.',
    ['*:Describe*', '*:Get*', '*:List*'],
  ],
  [
    'IAMReadOnlyAccess',
    '/',
    'Provides read only access to IAM via the AWS Management Console.',
    ['iam:Get*', 'iam:List*'],
  ],
  [
    'AmazonSageMakerFullAccess',
    '/',
    'Provides full access to Amazon SageMaker via the AWS Management Console and SDK.',
    ['sagemaker:*'],
  ],
  [
    'AmazonSageMakerReadOnly',
    '/',
    'Provides read only access to Amazon SageMaker via the AWS Management Console and SDK.',
    ['sagemaker:Describe*', 'sagemaker:List*'],
  ],
  [
    'AmazonSageMakerCanvasFullAccess',
    '/',
    'Provides full access to Amazon SageMaker Canvas.',
    ['sagemaker:*Canvas*'],
  ],
  [
    'AmazonS3FullAccess',
    '/',
    'Provides full access to all buckets via the AWS Management Console.',
    ['s3:*'],
  ],
  [
    'AmazonS3ReadOnlyAccess',
    '/',
    'Provides read only access to all buckets via the AWS Management Console.',
    ['s3:Get*', 's3:List*'],
  ],
  ['AmazonBedrockFullAccess', '/', 'Provides full access to Amazon Bedrock.', ['bedrock:*']],
  [
    'AmazonBedrockReadOnly',
    '/',
    'Provides read only access to Amazon Bedrock.',
    ['bedrock:Get*', 'bedrock:List*'],
  ],
  [
    'AWSGlueConsoleFullAccess',
    '/',
    'Provides full access to AWS Glue via the AWS Management Console.',
    ['glue:*'],
  ],
  ['AWSGlueServiceRole', '/service-role/', 'Policy for AWS Glue service role.', ['glue:*', 's3:GetObject']],
  [
    'AWSLakeFormationDataAdmin',
    '/',
    'Grants administrator access to AWS Lake Formation.',
    ['lakeformation:*'],
  ],
  [
    'CloudWatchLogsReadOnlyAccess',
    '/',
    'Provides read only access to CloudWatch Logs.',
    ['logs:Describe*', 'logs:Get*'],
  ],
  [
    'AmazonEC2ContainerRegistryReadOnly',
    '/',
    'Provides read-only access to Amazon EC2 Container Registry repositories.',
    ['ecr:Get*', 'ecr:Describe*'],
  ],
];

/** Stable pseudo-id per name: AWS's ids for these are fixed too. */
const fixedId = (name: string): string =>
  `ANPA${createHash('sha1').update(name).digest('hex').toUpperCase().slice(0, 17)}`;

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, AwsManagedPolicy> = new Map(
  DEFINITIONS.map(([name, path, description, actions]) => {
    const arn = `arn:aws:iam::aws:policy${path}${name}`;
    return [
      arn,
      { name, path, arn, id: fixedId(name), description, document: allow(actions), versionId: 'v1' },
    ];
  }),
);

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
