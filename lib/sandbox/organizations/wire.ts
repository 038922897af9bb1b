/**
 * State records as the Organizations API returns them (member names from the model;
 * timestamps as epoch seconds, which is how awsJson1_1 carries them).
 */
import type {
  AccountRecord,
  CreateAccountStatusRecord,
  OrganizationalUnitRecord,
  PolicyRecord,
} from '../records.ts';
import type { OrganizationState } from '../state.ts';

const epochSeconds = (date: Date): number => date.getTime() / 1000;

export function accountOut(account: AccountRecord): Record<string, unknown> {
  return {
    Id: account.id,
    Arn: account.arn,
    Email: account.email,
    Name: account.name,
    // Status is the deprecated twin of State; AWS still returns both.
    Status: account.state,
    State: account.state,
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: epochSeconds(account.joinedTimestamp),
  };
}

export function organizationalUnitOut(ou: OrganizationalUnitRecord): Record<string, unknown> {
  return { Id: ou.id, Arn: ou.arn, Name: ou.name };
}

export function rootOut(state: OrganizationState): Record<string, unknown> {
  const { root } = state;
  return {
    Id: root.id,
    Arn: root.arn,
    Name: root.name,
    PolicyTypes: [...root.policyTypes].map(([Type, Status]) => ({ Type, Status })),
  };
}

export function policySummaryOut(policy: PolicyRecord): Record<string, unknown> {
  return {
    Id: policy.id,
    Arn: policy.arn,
    Name: policy.name,
    Description: policy.description,
    Type: policy.type,
    AwsManaged: policy.awsManaged,
  };
}

export function policyOut(policy: PolicyRecord): Record<string, unknown> {
  return { PolicySummary: policySummaryOut(policy), Content: policy.content };
}

export function createAccountStatusOut(status: CreateAccountStatusRecord): Record<string, unknown> {
  return {
    Id: status.id,
    AccountName: status.accountName,
    State: status.state,
    RequestedTimestamp: epochSeconds(status.requestedTimestamp),
    ...(status.completedTimestamp ? { CompletedTimestamp: epochSeconds(status.completedTimestamp) } : {}),
    ...(status.accountId ? { AccountId: status.accountId } : {}),
    ...(status.failureReason ? { FailureReason: status.failureReason } : {}),
  };
}

export function tagsOut(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
