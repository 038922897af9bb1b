/**
 * The records the simulated organization is made of, shaped after the Organizations API
 * objects, with the constants AWS fixes (FullAWSAccess, the default access role).
 */
export const SERVICE_CONTROL_POLICY = 'SERVICE_CONTROL_POLICY';
export const FULL_AWS_ACCESS_POLICY_ID = 'p-FullAWSAccess';
export const DEFAULT_ACCESS_ROLE_NAME = 'OrganizationAccountAccessRole';

export type PolicyTypeStatus = 'ENABLED' | 'PENDING_ENABLE' | 'PENDING_DISABLE';
export type CreateAccountState = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface RootRecord {
  id: string;
  arn: string;
  name: string;
  /** Policy types with a status; a type absent from the map is disabled (AWS omits it too). */
  policyTypes: Map<string, PolicyTypeStatus>;
}

export interface AccessRoleRecord {
  name: string;
  uniqueId: string;
  /**
   * Epoch ms before which the account is not ready: AssumeRole into it is denied and its IAM and
   * S3 refuse calls (IAM eventual consistency in a new account).
   */
  assumableAfter: number;
}

export interface AccountRecord {
  id: string;
  arn: string;
  email: string;
  name: string;
  state: 'ACTIVE';
  joinedMethod: 'CREATED' | 'INVITED';
  joinedTimestamp: Date;
  parentId: string;
  /** The role CreateAccount makes (RoleName); invited accounts have none. */
  accessRole?: AccessRoleRecord;
}

export interface OrganizationalUnitRecord {
  id: string;
  arn: string;
  name: string;
  parentId: string;
}

export interface PolicyRecord {
  id: string;
  arn: string;
  name: string;
  description: string;
  type: string;
  content: string;
  awsManaged: boolean;
}

export interface CreateAccountStatusRecord {
  id: string;
  accountName: string;
  email: string;
  roleName: string;
  state: CreateAccountState;
  requestedTimestamp: Date;
  completedTimestamp?: Date;
  accountId?: string;
  failureReason?: string;
}

export interface ExistingAccountSpec {
  /** Twelve digits; default a fresh random id. */
  id?: string;
  name: string;
  email: string;
  tags?: Record<string, string>;
  /** Root (default) or an OU id. */
  parentId?: string;
  /** Access role in the account; default OrganizationAccountAccessRole, `null` for an invited account without one. */
  accessRoleName?: string | null;
}
