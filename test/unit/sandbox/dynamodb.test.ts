import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSandboxEnv } from '#lib/sandbox/index.ts';
import { type Fixture, rejectionOf, startFixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
  await f.ddb.send(
    new CreateTableCommand({
      TableName: 'requests',
      KeySchema: [{ AttributeName: 'requestId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'requestId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});
afterAll(() => f.sandbox.stop());

const put = (requestId: string, status: string, client = f.ddb) =>
  client.send(
    new PutItemCommand({
      TableName: 'requests',
      Item: { requestId: { S: requestId }, status: { S: status } },
      ConditionExpression: 'attribute_not_exists(requestId)',
    }),
  );

describe('DynamoDB through the sandbox endpoint', () => {
  it('stores and reads items with the real wire protocol, conditional writes included', async () => {
    await put('r-1', 'REQUESTED');
    const { Item } = await f.ddb.send(
      new GetItemCommand({ TableName: 'requests', Key: { requestId: { S: 'r-1' } } }),
    );
    expect(Item).toEqual({ requestId: { S: 'r-1' }, status: { S: 'REQUESTED' } });

    const clash = await rejectionOf(put('r-1', 'REQUESTED'));
    expect(clash.name).toBe('ConditionalCheckFailedException');
    expect(f.sandbox.calls.at(-1)).toMatchObject({
      service: 'dynamodb',
      operation: 'PutItem',
      errorName: 'ConditionalCheckFailedException',
    });
    const missing = await rejectionOf(
      f.ddb.send(new GetItemCommand({ TableName: 'nope', Key: { requestId: { S: 'x' } } })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  it('takes injected faults like any service', async () => {
    f.sandbox.faults.add({
      service: 'dynamodb',
      operation: 'PutItem',
      error: 'ProvisionedThroughputExceededException',
      times: 2,
    });
    const result = await put('r-2', 'REQUESTED');
    expect(result.$metadata.attempts).toBe(3);
  });

  it('keeps its tables across reset, which clears only the organization', async () => {
    await put('r-3', 'REQUESTED');
    f.sandbox.reset();
    const { Item } = await f.ddb.send(
      new GetItemCommand({ TableName: 'requests', Key: { requestId: { S: 'r-3' } } }),
    );
    expect(Item?.status).toEqual({ S: 'REQUESTED' });
  });
});

describe('withSandboxEnv', () => {
  it('points clients built with no endpoint or credentials at the sandbox, and restores the environment', async () => {
    const before = process.env.AWS_ENDPOINT_URL;
    const restore = withSandboxEnv(f.sandbox);
    try {
      // Exactly how product code builds its clients.
      const org = new OrganizationsClient({ region: 'us-east-1' });
      const sts = new STSClient({});
      const ddb = new DynamoDBClient({});
      expect((await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId).toBe(
        '111111111111',
      );
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111');
      const { Item } = await ddb.send(
        new GetItemCommand({ TableName: 'requests', Key: { requestId: { S: 'r-1' } } }),
      );
      expect(Item).toBeDefined();
    } finally {
      restore();
    }
    expect(process.env.AWS_ENDPOINT_URL).toBe(before);
  });
});
