/**
 * Real SDK clients pointed at a sandbox: the only way these tests touch it, as product code does.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  type CreateAccountStatus,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { RAMClient } from '@aws-sdk/client-ram';
import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type Sandbox, type SandboxOptions, sandboxClientConfig, startSandbox } from '#lib/sandbox/index.ts';

export interface Fixture {
  sandbox: Sandbox;
  org: OrganizationsClient;
  sts: STSClient;
  ddb: DynamoDBClient;
  /** IAM, RAM, S3 and EventBridge acting as the management principal. */
  iam: IAMClient;
  ram: RAMClient;
  s3: S3Client;
  events: EventBridgeClient;
}

export async function startFixture(options: SandboxOptions = {}): Promise<Fixture> {
  const sandbox = await startSandbox({ timeScale: 0.01, ...options });
  const config = sandboxClientConfig(sandbox);
  return {
    sandbox,
    org: new OrganizationsClient(config),
    sts: new STSClient(config),
    ddb: new DynamoDBClient(config),
    iam: new IAMClient(config),
    ram: new RAMClient(config),
    s3: new S3Client(config),
    events: new EventBridgeClient(config),
  };
}

/** Polls like the workflow's Wait loop does, until the creation leaves IN_PROGRESS. */
export async function settled(
  org: OrganizationsClient,
  requestId: string | undefined,
): Promise<CreateAccountStatus> {
  for (let i = 0; i < 200; i++) {
    const { CreateAccountStatus: status } = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }),
    );
    if (status?.State !== 'IN_PROGRESS') return status ?? {};
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`account creation ${requestId} did not settle`);
}

/** Clients acting as OrganizationAccountAccessRole (or `roleName`) in a member account. */
export async function clientsAs(
  fixture: Fixture,
  accountId: string,
  roleName = 'OrganizationAccountAccessRole',
) {
  const { Credentials } = await fixture.sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'test' }),
  );
  const credentials = {
    accessKeyId: Credentials?.AccessKeyId as string,
    secretAccessKey: Credentials?.SecretAccessKey as string,
    sessionToken: Credentials?.SessionToken as string,
  };
  const config = { ...sandboxClientConfig(fixture.sandbox), credentials };
  return {
    org: new OrganizationsClient(config),
    sts: new STSClient(config),
    iam: new IAMClient(config),
    ram: new RAMClient(config),
    s3: new S3Client(config),
    events: new EventBridgeClient(config),
    credentials,
  };
}

/** The rejection of a promise, for asserting on AWS error fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error('expected the call to fail');
}
