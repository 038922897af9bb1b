/**
 * Who is calling. The SDK signs every request with an access key id; the sandbox reads it from
 * the Authorization header. Keys the sandbox's AssumeRole issued belong to that session's account
 * and role; any other key is the management account's own principal — in production the
 * vending machine's Lambda role, itself an assumed-role session, which is why every AssumeRole
 * from it is role chaining (1-hour cap).
 */
import * as ids from './ids.ts';

/** Role name of the default (management-account) principal, as GetCallerIdentity reports it. */
export const MANAGEMENT_PRINCIPAL_ROLE = 'vending-machine-lambda';
const MANAGEMENT_PRINCIPAL_SESSION = 'sandbox';

export interface Caller {
  accountId: string;
  /** Principal ARN as GetCallerIdentity returns it. */
  arn: string;
  userId: string;
  /** The assumed role's name for sandbox-issued sessions; undefined for the management principal. */
  roleName?: string;
}

export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleName: string;
  roleUniqueId: string;
  sessionName: string;
  expiration: Date;
}

export class IdentityStore {
  private readonly sessions = new Map<string, Session>();
  /** Keys issued before a reset: AWS rejects unknown temporary keys, so must the sandbox. */
  private readonly revoked = new Set<string>();
  private readonly managementRoleId = ids.roleUniqueId();

  constructor(private readonly managementAccountId: string) {}

  get managementPrincipal(): Caller {
    return {
      accountId: this.managementAccountId,
      arn: `arn:aws:sts::${this.managementAccountId}:assumed-role/${MANAGEMENT_PRINCIPAL_ROLE}/${MANAGEMENT_PRINCIPAL_SESSION}`,
      userId: `${this.managementRoleId}:${MANAGEMENT_PRINCIPAL_SESSION}`,
    };
  }

  issue(
    spec: Pick<Session, 'accountId' | 'roleName' | 'roleUniqueId' | 'sessionName' | 'expiration'>,
  ): Session {
    const session: Session = {
      ...spec,
      accessKeyId: ids.temporaryAccessKeyId(),
      secretAccessKey: ids.secretAccessKey(),
      sessionToken: ids.sessionToken(),
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  /** The caller for an access key id; undefined when the key was issued before a reset. */
  resolve(accessKeyId: string | undefined): Caller | undefined {
    if (accessKeyId !== undefined && this.revoked.has(accessKeyId)) return undefined;
    const session = accessKeyId === undefined ? undefined : this.sessions.get(accessKeyId);
    if (!session) return this.managementPrincipal;
    return {
      accountId: session.accountId,
      arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
      userId: `${session.roleUniqueId}:${session.sessionName}`,
      roleName: session.roleName,
    };
  }

  reset(): void {
    for (const key of this.sessions.keys()) this.revoked.add(key);
    this.sessions.clear();
  }
}
