import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RequestOwnershipError, RequestStateError } from '../errors.ts';
import type { VendRequest } from '../request/schema.ts';
import type { FailureDetails, RequestRecord, SlackContext, StepName } from './types.ts';

type Outputs = Partial<
  Pick<
    RequestRecord,
    | 'createAccountRequestId'
    | 'accountId'
    | 'ouId'
    | 'ouPath'
    | 'ouOrgPath'
    | 'scps'
    | 'ouScps'
    | 'policyIds'
    | 'shares'
    | 'groups'
    | 'executionRoleArn'
    | 'trainingBucket'
    | 'dataRoles'
    | 'bucketPolicySids'
  >
>;

export type ClaimResult =
  | { claimed: true; record: RequestRecord }
  | { claimed: false; record: RequestRecord };

/**
 * The requests table. Every write after the claim is conditional on the caller still owning
 * the request, so a stale execution can never overwrite the work of the one that owns it.
 */
export class RequestRepository {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async get(requestId: string): Promise<RequestRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { requestId }, ConsistentRead: true }),
    );
    return Item as RequestRecord | undefined;
  }

  async require(requestId: string): Promise<RequestRecord> {
    const record = await this.get(requestId);
    if (!record) throw new RequestStateError(`Request ${requestId} has no record in ${this.tableName}`);
    return record;
  }

  /**
   * Writes a new `REQUESTED` record, which starts a vend through the table's stream (the Slack
   * and DynamoDB intakes). Fails with ConditionalCheckFailedException if the id is taken.
   */
  async insertRequested(request: VendRequest, slack?: SlackContext): Promise<RequestRecord> {
    const at = this.now().toISOString();
    const record: RequestRecord = {
      requestId: request.requestId,
      status: 'REQUESTED',
      request,
      createdAt: at,
      updatedAt: at,
      steps: {},
      ...(slack ? { slack } : {}),
    };
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: record,
        ConditionExpression: 'attribute_not_exists(requestId)',
      }),
    );
    return record;
  }

  /**
   * Takes ownership of a request for one execution: allowed when the record does not exist,
   * is still `REQUESTED`, or is already owned by this very execution (a retried Claim).
   * Any other state means another execution has or had it: the caller ends as a no-op.
   */
  async claim(requestId: string, owner: string, request?: Record<string, unknown>): Promise<ClaimResult> {
    const at = this.now().toISOString();
    const record = await this.conditionalUpdate(requestId, {
      update:
        'SET #status = :inProgress, #owner = :owner, claimedAt = :at, updatedAt = :at, ' +
        'createdAt = if_not_exists(createdAt, :at), #request = if_not_exists(#request, :request), ' +
        'steps = if_not_exists(steps, :noSteps), attempts = if_not_exists(attempts, :zero) + :one',
      condition: 'attribute_not_exists(requestId) OR #status = :requested OR #owner = :owner',
      names: { '#status': 'status', '#owner': 'owner', '#request': 'request' },
      values: {
        ':inProgress': 'IN_PROGRESS',
        ':requested': 'REQUESTED',
        ':owner': owner,
        ':at': at,
        ':request': request ?? { requestId },
        ':noSteps': {},
        ':zero': 0,
        ':one': 1,
      },
    });
    return record ? { claimed: true, record } : { claimed: false, record: await this.require(requestId) };
  }

  /**
   * A retry takes a FAILED (or stuck IN_PROGRESS) request over for a new execution: one write,
   * conditional on the record being exactly as the caller read it (same status, owner and
   * updatedAt), so of two retries racing only one wins. Everything done so far (account, OU,
   * shares…) is kept for the steps to converge from; the failure, the end time and what the
   * requester was told about the previous outcome are removed.
   */
  async takeOver(
    requestId: string,
    owner: string,
    seen: Pick<RequestRecord, 'status' | 'owner' | 'updatedAt'>,
  ): Promise<ClaimResult> {
    const at = this.now().toISOString();
    const names: Record<string, string> = { '#status': 'status', '#owner': 'owner' };
    const values: Record<string, unknown> = {
      ':inProgress': 'IN_PROGRESS',
      ':owner': owner,
      ':at': at,
      ':seenStatus': seen.status,
      ':seenUpdatedAt': seen.updatedAt,
      ':zero': 0,
      ':one': 1,
    };
    let ownerCondition = 'attribute_not_exists(#owner)';
    if (seen.owner !== undefined) {
      values[':seenOwner'] = seen.owner;
      ownerCondition = '#owner = :seenOwner';
    }
    const record = await this.conditionalUpdate(requestId, {
      update:
        'SET #status = :inProgress, #owner = :owner, claimedAt = :at, updatedAt = :at, ' +
        'attempts = if_not_exists(attempts, :zero) + :one REMOVE failure, completedAt, notifications',
      condition: `#status = :seenStatus AND ${ownerCondition} AND updatedAt = :seenUpdatedAt`,
      names,
      values,
    });
    return record ? { claimed: true, record } : { claimed: false, record: await this.require(requestId) };
  }

  /** Marks a step done and stores its outputs, if this execution still owns the request. */
  async completeStep(requestId: string, owner: string, step: StepName, outputs: Outputs = {}): Promise<void> {
    const at = this.now().toISOString();
    const names: Record<string, string> = { '#owner': 'owner', '#step': step };
    const values: Record<string, unknown> = { ':owner': owner, ':at': at, ':done': { completedAt: at } };
    const sets = ['updatedAt = :at', 'steps.#step = :done'];
    for (const [key, value] of Object.entries(outputs)) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      sets.push(`#${key} = :${key}`);
    }
    await this.ownedUpdate(requestId, owner, `SET ${sets.join(', ')}`, names, values);
  }

  /** Remembers that the requester was told, so a retried Notify does not tell them twice. */
  async recordNotification(
    requestId: string,
    owner: string,
    notification: NonNullable<RequestRecord['notifications']>,
    responseUrlUses?: number,
  ): Promise<void> {
    const sets = ['updatedAt = :at', 'notifications = :notifications'];
    const values: Record<string, unknown> = {
      ':owner': owner,
      ':at': this.now().toISOString(),
      ':notifications': notification,
    };
    if (responseUrlUses !== undefined) {
      sets.push('slack.responseUrlUses = :uses');
      values[':uses'] = responseUrlUses;
    }
    await this.ownedUpdate(requestId, owner, `SET ${sets.join(', ')}`, { '#owner': 'owner' }, values);
  }

  /** Forgets a CreateAccount request that AWS reported FAILED, so a retry starts a fresh one. */
  async clearCreateAccountRequest(requestId: string, owner: string): Promise<void> {
    await this.ownedUpdate(
      requestId,
      owner,
      'SET updatedAt = :at REMOVE createAccountRequestId',
      { '#owner': 'owner' },
      {
        ':owner': owner,
        ':at': this.now().toISOString(),
      },
    );
  }

  async complete(requestId: string, owner: string): Promise<RequestRecord> {
    const at = this.now().toISOString();
    return this.ownedUpdate(
      requestId,
      owner,
      'SET #status = :succeeded, completedAt = :at, updatedAt = :at, steps.#step = :done REMOVE failure',
      { '#owner': 'owner', '#status': 'status', '#step': 'Complete' },
      { ':owner': owner, ':at': at, ':succeeded': 'SUCCEEDED', ':done': { completedAt: at } },
    );
  }

  /**
   * Records a failure. Writes only a record this execution owns, or creates one for a request
   * that never got a record (invalid input); never touches a request owned by someone else.
   * Returns undefined when the record belongs to another execution.
   */
  async fail(
    requestId: string,
    owner: string,
    failure: Omit<FailureDetails, 'at'>,
    request: Record<string, unknown>,
  ): Promise<RequestRecord | undefined> {
    const at = this.now().toISOString();
    return this.conditionalUpdate(requestId, {
      update:
        'SET #status = :failed, failure = :failure, completedAt = :at, updatedAt = :at, #owner = :owner, ' +
        'createdAt = if_not_exists(createdAt, :at), #request = if_not_exists(#request, :request), ' +
        'steps = if_not_exists(steps, :noSteps)',
      condition: 'attribute_not_exists(requestId) OR #owner = :owner',
      names: { '#status': 'status', '#owner': 'owner', '#request': 'request' },
      values: {
        ':failed': 'FAILED',
        ':failure': { ...failure, at },
        ':at': at,
        ':owner': owner,
        ':request': request,
        ':noSteps': {},
      },
    });
  }

  private async ownedUpdate(
    requestId: string,
    owner: string,
    update: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<RequestRecord> {
    const record = await this.conditionalUpdate(requestId, {
      update,
      condition: '#owner = :owner',
      names,
      values,
    });
    if (!record)
      throw new RequestOwnershipError(`Request ${requestId} is no longer owned by execution ${owner}`);
    return record;
  }

  /**
   * One conditional write of the record, returning it as written, or undefined when the
   * condition does not hold (someone else has it): the shape every ownership rule here takes.
   */
  private async conditionalUpdate(
    requestId: string,
    write: {
      update: string;
      condition: string;
      names: Record<string, string>;
      values: Record<string, unknown>;
    },
  ): Promise<RequestRecord | undefined> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { requestId },
          UpdateExpression: write.update,
          ConditionExpression: write.condition,
          ExpressionAttributeNames: write.names,
          ExpressionAttributeValues: write.values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as RequestRecord;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
