import { type PolicyDocument, policy } from './policy-document.ts';

/** Trust for the SageMaker execution role: only SageMaker, and only on behalf of this account. */
export function sagemakerTrust(accountId: string): PolicyDocument {
  return policy([
    {
      Effect: 'Allow',
      Principal: { Service: 'sagemaker.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ]);
}

/** Trust for a data role: principals of the account itself (who still need sts:AssumeRole on it). */
export function accountTrust(partition: string, accountId: string): PolicyDocument {
  return policy([
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: 'sts:AssumeRole',
    },
  ]);
}

/** Lets a group hand the execution role to SageMaker, and to nothing else. */
export function passRolePolicy(roleArn: string): PolicyDocument {
  return policy([
    {
      Sid: 'PassExecutionRoleToSageMaker',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: roleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    },
  ]);
}

/** What a SageMaker job needs besides data: its logs and metrics, and container images. */
export function sagemakerBasics(partition: string, region: string, accountId: string): PolicyDocument {
  return policy([
    {
      Sid: 'JobLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/sagemaker/*`,
    },
    {
      Sid: 'JobMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringLike: { 'cloudwatch:namespace': ['aws/sagemaker/*', '/aws/sagemaker/*'] } },
    },
    {
      Sid: 'ContainerImages',
      Effect: 'Allow',
      Action: [
        'ecr:GetAuthorizationToken',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchCheckLayerAvailability',
      ],
      Resource: '*',
    },
  ]);
}
