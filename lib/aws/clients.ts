import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';

/**
 * Clients created once per Lambda container and shared by the steps. The SDK reads
 * AWS_ENDPOINT_URL itself, which is how the local sandbox, LocalStack or moto stand in for AWS.
 */
let organizations: OrganizationsClient | undefined;
let dynamodb: DynamoDBClient | undefined;
let sts: STSClient | undefined;

/** Organizations has one global endpoint, in us-east-1, whatever the Lambda's Region. */
export function organizationsClient(): OrganizationsClient {
  organizations ??= new OrganizationsClient({ region: 'us-east-1' });
  return organizations;
}

export function dynamoDbClient(): DynamoDBClient {
  dynamodb ??= new DynamoDBClient({});
  return dynamodb;
}

export function stsClient(): STSClient {
  sts ??= new STSClient({});
  return sts;
}
