/**
 * Accounts: asynchronous CreateAccount with AWS's failure reasons, status polling, reads, and
 * MoveAccount with its source-parent check (AWS-FACTS §1).
 */
import { AwsError } from '../aws-error.ts';
import * as ids from '../ids.ts';
import { type CreateAccountStatusRecord, DEFAULT_ACCESS_ROLE_NAME } from '../records.ts';
import type { OrgContext, OrgOperation } from './context.ts';
import { accountNotFound, parentNotFound } from './errors.ts';
import { checkTagCount, PATTERNS } from './input.ts';
import { paginate } from './paginate.ts';
import { accountOut, createAccountStatusOut } from './wire.ts';

/** "5 concurrent account creations: once one finishes you can start another." */
const MAX_CONCURRENT_CREATIONS = 5;

// Patterns from the CreateAccount model.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCOUNT_NAME_PATTERN = /^[\u0020-\u007E]+$/;
const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const CREATE_ACCOUNT_STATES = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'] as const;

/** What a creation will turn into, decided when it is requested, applied when it settles. */
interface Plan {
  failureReason?: string;
  tags: Record<string, string>;
  roleDelayMs: number;
}
const plans = new WeakMap<CreateAccountStatusRecord, Plan>();

export const createAccount: OrgOperation = (ctx, input) => {
  const email = input.string('Email', { min: 6, max: 64, pattern: EMAIL_PATTERN });
  const accountName = input.string('AccountName', { min: 1, max: 50, pattern: ACCOUNT_NAME_PATTERN });
  const roleName =
    input.optionalString('RoleName', {
      max: 64,
      pattern: ROLE_NAME_PATTERN,
      patternReason: 'INVALID_ROLE_NAME',
    }) ?? DEFAULT_ACCESS_ROLE_NAME;
  input.optionalString('IamUserAccessToBilling', { oneOf: ['ALLOW', 'DENY'] });
  // Invalid tags or too many fail the whole request: no status, no account.
  const tags = input.tags();
  checkTagCount(ctx.config.limits, [], tags);

  const inFlight = [...ctx.state.createAccountStatusesById.values()].filter((s) => s.state === 'IN_PROGRESS');
  if (inFlight.length >= MAX_CONCURRENT_CREATIONS) {
    // AWS documents at most 5 concurrent creations but not how a 6th request fails. Modelled as
    // throttling, which callers retry with backoff. UNCONFIRMED: the real answer may differ
    // (e.g. a ConstraintViolationException, or acceptance followed by a FAILED status).
    throw new AwsError(
      'TooManyRequestsException',
      `You can have at most ${MAX_CONCURRENT_CREATIONS} account creations in progress. Try again later.`,
    );
  }

  const status: CreateAccountStatusRecord = {
    id: ids.createAccountRequestId(),
    accountName,
    email,
    roleName,
    state: 'IN_PROGRESS',
    requestedTimestamp: new Date(),
  };
  const failureReason = ctx.faults.takeAccountCreationFailure() ?? plannedFailure(ctx, status, inFlight);
  plans.set(status, {
    ...(failureReason ? { failureReason } : {}),
    tags,
    roleDelayMs: ctx.faults.roleAvailabilityDelay ?? ctx.config.newAccountReadyMs,
  });
  ctx.state.createAccountStatusesById.set(status.id, status);
  ctx.state.peakCreationsInProgress = Math.max(ctx.state.peakCreationsInProgress, inFlight.length + 1);
  ctx.clock.schedule(ctx.config.createAccountLatencyMs, () => settle(ctx, status));
  return { CreateAccountStatus: createAccountStatusOut(status) };
};

/** AWS accepts these requests and reports the problem later as State=FAILED. */
function plannedFailure(
  ctx: OrgContext,
  request: CreateAccountStatusRecord,
  inFlight: CreateAccountStatusRecord[],
): string | undefined {
  const sameEmail = (s: CreateAccountStatusRecord) => s.email.toLowerCase() === request.email.toLowerCase();
  // "You already submitted a request with the same information."
  if (inFlight.some((s) => sameEmail(s) && s.accountName === request.accountName)) {
    return 'CONCURRENT_ACCOUNT_MODIFICATION';
  }
  const succeeding = inFlight.filter((s) => plans.get(s)?.failureReason === undefined);
  if (ctx.state.findAccountByEmail(request.email) || succeeding.some(sameEmail))
    return 'EMAIL_ALREADY_EXISTS';
  if (ctx.state.accountsById.size + succeeding.length >= ctx.config.accountLimit)
    return 'ACCOUNT_LIMIT_EXCEEDED';
  if (!meetsEmailRules(request.email)) return 'INVALID_EMAIL';
  return undefined;
}

/**
 * The documented Email rules beyond the model pattern. Whether AWS rejects these synchronously
 * or as FailureReason INVALID_EMAIL is not documented; the sandbox does the latter.
 */
function meetsEmailRules(email: string): boolean {
  const [local = '', domain = ''] = email.split('@');
  return (
    /^[\x21-\x7e]+$/.test(email) &&
    !local.startsWith('.') &&
    !/["'()<>[\]:;,\\|%&]/.test(local) &&
    /^[a-zA-Z0-9.-]+$/.test(domain) &&
    !/^[-.]|[-.]$/.test(domain) &&
    domain.includes('.')
  );
}

function settle(ctx: OrgContext, status: CreateAccountStatusRecord): void {
  const { state } = ctx;
  if (state.createAccountStatusesById.get(status.id) !== status) return; // the sandbox was reset meanwhile
  const plan = plans.get(status) ?? { tags: {}, roleDelayMs: 0 };
  status.completedTimestamp = new Date();
  // An account added meanwhile by other means (addExistingAccount) still takes the email.
  const failureReason =
    plan.failureReason ?? (state.findAccountByEmail(status.email) ? 'EMAIL_ALREADY_EXISTS' : undefined);
  if (failureReason) {
    status.state = 'FAILED';
    status.failureReason = failureReason;
    return;
  }
  // AWS does not say where API-created accounts land; CloudFormation's default is the root.
  const account = state.addAccount(
    {
      id: state.unusedAccountId(),
      email: status.email,
      name: status.accountName,
      joinedMethod: 'CREATED',
      parentId: state.root.id,
      accessRole: {
        name: status.roleName,
        assumableAfter: Date.now() + ctx.clock.toRealMs(plan.roleDelayMs),
      },
    },
    plan.tags,
  );
  status.state = 'SUCCEEDED';
  status.accountId = account.id;
}

export const describeCreateAccountStatus: OrgOperation = (ctx, input) => {
  const id = input.string('CreateAccountRequestId', { pattern: PATTERNS.createAccountRequestId });
  const status = ctx.state.createAccountStatusesById.get(id);
  if (!status) {
    throw new AwsError(
      'CreateAccountStatusNotFoundException',
      "We can't find an create account request with the CreateAccountRequestId that you specified.",
    );
  }
  return { CreateAccountStatus: createAccountStatusOut(status) };
};

export const listCreateAccountStatus: OrgOperation = (ctx, input) => {
  const states = input.optionalStringList('States', { oneOf: CREATE_ACCOUNT_STATES });
  const matching = [...ctx.state.createAccountStatusesById.values()].filter(
    (s) => !states || states.includes(s.state),
  );
  const page = paginate(input, matching, `ListCreateAccountStatus:${states?.join(',')}`, ctx.config.pageSize);
  return { CreateAccountStatuses: page.items.map(createAccountStatusOut), NextToken: page.NextToken };
};

export const describeAccount: OrgOperation = (ctx, input) => {
  const account = ctx.state.accountsById.get(input.string('AccountId', { pattern: PATTERNS.accountId }));
  if (!account) throw accountNotFound();
  return { Account: accountOut(account) };
};

export const listAccounts: OrgOperation = (ctx, input) => {
  const page = paginate(input, [...ctx.state.accountsById.values()], 'ListAccounts', ctx.config.pageSize);
  return { Accounts: page.items.map(accountOut), NextToken: page.NextToken };
};

export const listAccountsForParent: OrgOperation = (ctx, input) => {
  const parentId = input.string('ParentId', { pattern: PATTERNS.parentId });
  if (!ctx.state.isParent(parentId)) throw parentNotFound();
  const accounts = [...ctx.state.accountsById.values()].filter((a) => a.parentId === parentId);
  const page = paginate(input, accounts, `ListAccountsForParent:${parentId}`, ctx.config.pageSize);
  return { Accounts: page.items.map(accountOut), NextToken: page.NextToken };
};

export const moveAccount: OrgOperation = (ctx, input) => {
  const accountId = input.string('AccountId', { pattern: PATTERNS.accountId });
  const sourceParentId = input.string('SourceParentId', { pattern: PATTERNS.parentId });
  const destinationParentId = input.string('DestinationParentId', { pattern: PATTERNS.parentId });
  const account = ctx.state.accountsById.get(accountId);
  if (!account) throw accountNotFound();
  if (!ctx.state.isParent(destinationParentId)) {
    throw new AwsError(
      'DestinationParentNotFoundException',
      "We can't find the destination container (a root or OU) with the ParentId that you specified.",
    );
  }
  // Checked before the source so a retried move (stale SourceParentId) reports Duplicate, which
  // callers treat as success (AWS-FACTS §1).
  if (account.parentId === destinationParentId) {
    throw new AwsError(
      'DuplicateAccountException',
      'That account is already present in the specified destination.',
    );
  }
  if (account.parentId !== sourceParentId) {
    throw new AwsError(
      'SourceParentNotFoundException',
      "We can't find a source root or OU with the ParentId that you specified.",
    );
  }
  account.parentId = destinationParentId;
  return {};
};
