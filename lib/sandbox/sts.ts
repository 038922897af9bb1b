/**
 * STS over awsQuery: AssumeRole into any role of the sandbox's IAM whose trust policy names the
 * caller — in practice the access role CreateAccount makes (RoleName, default
 * OrganizationAccountAccessRole), which trusts the management account (AWS-FACTS §1, §3) — and
 * GetCallerIdentity.
 */
import { AwsError } from './aws-error.ts';
import type { IamState } from './iam/state.ts';
import { trustsCaller } from './iam/trust.ts';
import type { Caller, IdentityStore } from './identity.ts';
import { QueryProtocol, type XmlValue } from './protocol-query.ts';
import type { SandboxService, ServiceCall } from './service.ts';
import type { OrganizationState } from './state.ts';

export interface StsDeps {
  state: OrganizationState;
  identities: IdentityStore;
  iam: IamState;
}

/** Role chaining caps sessions at one hour; the access role's own maximum is the same default. */
const MAX_CHAINED_SESSION_SECONDS = 3_600;
const MIN_SESSION_SECONDS = 900;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(.+)$/;

export function stsService(deps: StsDeps): SandboxService {
  const protocol = new QueryProtocol('https://sts.amazonaws.com/doc/2011-06-15/');
  return {
    protocol,
    async handle(call: ServiceCall) {
      const params = protocol.parse(call.body);
      switch (call.operation) {
        case 'AssumeRole':
          return protocol.result('AssumeRole', assumeRole(deps, call.caller, params), call.requestId);
        case 'GetCallerIdentity':
          return protocol.result('GetCallerIdentity', getCallerIdentity(call.caller), call.requestId);
        default:
          throw new AwsError(
            'InvalidAction',
            `The sandbox does not model STS action ${call.operation}. Modelled: AssumeRole, GetCallerIdentity.`,
          );
      }
    },
  };
}

function assumeRole(deps: StsDeps, caller: Caller, params: URLSearchParams): Record<string, XmlValue> {
  const roleArn = required(params, 'RoleArn');
  const sessionName = required(params, 'RoleSessionName');
  if (!SESSION_NAME.test(sessionName)) {
    throw validation(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const durationSeconds = Number(params.get('DurationSeconds') ?? MAX_CHAINED_SESSION_SECONDS);
  if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_SESSION_SECONDS) {
    throw validation(
      `Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_SESSION_SECONDS}`,
    );
  }
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new AwsError('ValidationError', `${roleArn} is invalid`);
  const [, accountId = '', roleName = ''] = match;

  // A role that is missing, named differently (STS matches the name exactly), not trusting the
  // caller, or in an account still settling (newAccountReadyMs, delayRoleAvailability) looks
  // the same to the caller.
  const role = deps.iam.findRole(accountId, roleName);
  if (
    !role ||
    role.name !== roleName ||
    !trustsCaller(role.trustPolicy, caller) ||
    !deps.state.isAccountReady(accountId)
  ) {
    throw new AwsError(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  }
  // Every sandbox caller is itself an assumed role (the management principal models a Lambda
  // role), so every AssumeRole here is role chaining.
  if (durationSeconds > MAX_CHAINED_SESSION_SECONDS) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }

  const session = deps.identities.issue({
    accountId,
    roleName,
    roleUniqueId: role.id,
    sessionName,
    expiration: new Date(Date.now() + durationSeconds * 1000),
  });
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `${role.id}:${sessionName}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    },
  };
}

function getCallerIdentity(caller: Caller): Record<string, XmlValue> {
  return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn };
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw validation(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function validation(detail: string): AwsError {
  return new AwsError('ValidationError', `1 validation error detected: ${detail}`);
}
