import type { VendRequest } from '../request/schema.ts';

export type RequestStatus = 'REQUESTED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

/** The workflow's steps, in order; also the state names in the ASL and the handler names. */
export const STEPS = [
  'Claim',
  'CreateAccount',
  'CheckAccount',
  'PlaceInOu',
  'ApplyScps',
  'ShareResources',
  'CreateMlGroups',
  'GrantDataAccess',
  'Complete',
  'Notify',
] as const;
export type StepName = (typeof STEPS)[number] | 'RecordFailure';

export interface StepCompletion {
  completedAt: string;
}

export interface SlackContext {
  teamId: string;
  channelId: string;
  userId: string;
  /** Slack allows 5 posts to it within 30 minutes of the command. */
  responseUrl: string;
  requestedAt: string;
  responseUrlUses: number;
}

export interface FailureDetails {
  step: string;
  error: string;
  message: string;
  at: string;
}

/**
 * One item of the requests table, keyed by `requestId`. Inserting an item with status
 * `REQUESTED` starts a vend; the workflow owns it from the Claim on.
 */
export interface RequestRecord {
  requestId: string;
  status: RequestStatus;
  request: Partial<VendRequest> & Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** The execution that owns the request (Step Functions execution ARN). */
  owner?: string;
  claimedAt?: string;
  completedAt?: string;
  /** How many executions claimed the request. */
  attempts?: number;
  createAccountRequestId?: string;
  accountId?: string;
  ouId?: string;
  ouPath?: string;
  /** The OU's Organizations entity path (o-…/r-…/ou-…/), as aws:PrincipalOrgPaths gives it. */
  ouOrgPath?: string;
  /** SCP names attached to the account / to its OU. */
  scps?: string[];
  ouScps?: string[];
  /** AWS policy ids by SCP name. */
  policyIds?: Record<string, string>;
  /** AWS RAM shares the account was added to. */
  shares?: { name: string; arn: string; ownerAccount: string; resourceArns: string[] }[];
  /** IAM groups in the new account. */
  groups?: string[];
  executionRoleArn?: string;
  trainingBucket?: string;
  /** Roles in the new account for each dataAccess entry, and the bucket-policy Sids granting them. */
  dataRoles?: { name: string; roleArn: string; bucket: string; prefix: string; access: string }[];
  bucketPolicySids?: string[];
  /** Where to answer a request that came from Slack. */
  slack?: SlackContext;
  /** What the requester was told, once the outcome was known. */
  notifications?: {
    event?: { at: string; detailType: string; eventId: string };
    slack?: { at: string; via: string; ok: boolean; error?: string };
  };
  steps: Partial<Record<StepName, StepCompletion>>;
  failure?: FailureDetails;
}
