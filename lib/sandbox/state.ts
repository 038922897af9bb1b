/**
 * The simulated organization: plain records in maps, readable by tests for assertions.
 * Operation handlers (organizations/*.ts) decide what AWS would do; this file only holds the
 * data and the bookkeeping every path must keep consistent (ARNs, FullAWSAccess attachments,
 * tags), so a test helper like `addExistingAccount` cannot diverge from `CreateAccount`.
 */
import * as ids from './ids.ts';
import {
  type AccountRecord,
  type CreateAccountStatusRecord,
  DEFAULT_ACCESS_ROLE_NAME,
  type ExistingAccountSpec,
  FULL_AWS_ACCESS_POLICY_ID,
  type OrganizationalUnitRecord,
  type PolicyRecord,
  type PolicyTypeStatus,
  type RootRecord,
  SERVICE_CONTROL_POLICY,
} from './records.ts';

const FULL_AWS_ACCESS_CONTENT =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

export class OrganizationState {
  organizationId = '';
  arn = '';
  root: RootRecord = { id: '', arn: '', name: 'Root', policyTypes: new Map() };
  // Indexed state the handlers work on.
  readonly accountsById = new Map<string, AccountRecord>();
  readonly organizationalUnitsById = new Map<string, OrganizationalUnitRecord>();
  readonly policiesById = new Map<string, PolicyRecord>();
  /** Policy ids attached directly to each target (root, OU or account id). */
  readonly attachmentsByTarget = new Map<string, Set<string>>();
  /** Tags per resource id (account, OU, root or policy). */
  readonly tagsById = new Map<string, Map<string, string>>();
  readonly createAccountStatusesById = new Map<string, CreateAccountStatusRecord>();
  /** The most account creations ever IN_PROGRESS at once since the last reset. */
  peakCreationsInProgress = 0;
  /** Trusted access: service principal → when it was enabled (EnableAWSServiceAccess). */
  readonly serviceAccess = new Map<string, Date>();

  // Array views for assertions: `sandbox.org.accounts.filter(...)`. Snapshots, in creation order.
  get accounts(): AccountRecord[] {
    return [...this.accountsById.values()];
  }

  get organizationalUnits(): OrganizationalUnitRecord[] {
    return [...this.organizationalUnitsById.values()];
  }

  get policies(): PolicyRecord[] {
    return [...this.policiesById.values()];
  }

  get createAccountStatuses(): CreateAccountStatusRecord[] {
    return [...this.createAccountStatusesById.values()];
  }

  /** Direct policy attachments. */
  get attachments(): { policyId: string; targetId: string }[] {
    return [...this.attachmentsByTarget].flatMap(([targetId, set]) =>
      [...set].map((policyId) => ({ policyId, targetId })),
    );
  }

  /** Tags by resource id. */
  get tags(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.tagsById.keys()].map((id) => [id, this.tagsOf(id)]));
  }

  constructor(
    readonly managementAccountId: string,
    private readonly scpEnabledAtStart: boolean,
  ) {
    this.reset();
  }

  /** Back to a fresh organization: new ids, only the root and the management account. */
  reset(): void {
    this.accountsById.clear();
    this.organizationalUnitsById.clear();
    this.policiesById.clear();
    this.attachmentsByTarget.clear();
    this.tagsById.clear();
    this.createAccountStatusesById.clear();
    this.peakCreationsInProgress = 0;
    this.serviceAccess.clear();
    this.organizationId = ids.organizationId();
    this.arn = `arn:aws:organizations::${this.managementAccountId}:organization/${this.organizationId}`;
    const rootId = ids.rootId();
    this.root = {
      id: rootId,
      arn: `arn:aws:organizations::${this.managementAccountId}:root/${this.organizationId}/${rootId}`,
      name: 'Root',
      policyTypes: new Map(),
    };
    this.policiesById.set(FULL_AWS_ACCESS_POLICY_ID, {
      id: FULL_AWS_ACCESS_POLICY_ID,
      arn: `arn:aws:organizations::aws:policy/service_control_policy/${FULL_AWS_ACCESS_POLICY_ID}`,
      name: 'FullAWSAccess',
      description: 'Allows access to every operation',
      type: SERVICE_CONTROL_POLICY,
      content: FULL_AWS_ACCESS_CONTENT,
      awsManaged: true,
    });
    // The management account founded the organization; AWS reports it as INVITED.
    this.addAccount(
      {
        id: this.managementAccountId,
        email: 'management@example.com',
        name: 'Management',
        joinedMethod: 'INVITED',
        parentId: rootId,
      },
      {},
    );
    if (this.scpEnabledAtStart) this.enablePolicyType(SERVICE_CONTROL_POLICY);
  }

  get managementAccount(): AccountRecord {
    const account = this.accountsById.get(this.managementAccountId);
    if (!account) throw new Error('management account missing from sandbox state');
    return account;
  }

  /**
   * Test helper: an account already in the organization, as if created before the vending
   * machine existed (or by someone else). Returns its id.
   */
  addExistingAccount(spec: ExistingAccountSpec): string {
    if (this.findAccountByEmail(spec.email)) throw new Error(`an account with email ${spec.email} exists`);
    const parentId = spec.parentId ?? this.root.id;
    if (!this.isParent(parentId)) throw new Error(`parent ${parentId} does not exist`);
    if (spec.id !== undefined && !/^\d{12}$/.test(spec.id))
      throw new Error(`account id must be 12 digits: ${spec.id}`);
    if (spec.id !== undefined && this.accountsById.has(spec.id)) throw new Error(`account ${spec.id} exists`);
    const id = spec.id ?? this.unusedAccountId();
    const roleName = spec.accessRoleName === undefined ? DEFAULT_ACCESS_ROLE_NAME : spec.accessRoleName;
    this.addAccount(
      {
        id,
        email: spec.email,
        name: spec.name,
        joinedMethod: roleName === null ? 'INVITED' : 'CREATED',
        parentId,
        ...(roleName === null ? {} : { accessRole: { name: roleName, assumableAfter: 0 } }),
      },
      spec.tags ?? {},
    );
    return id;
  }

  unusedAccountId(): string {
    let id = ids.accountId();
    while (this.accountsById.has(id)) id = ids.accountId();
    return id;
  }

  /** Adds an account with its tags and, when SCPs are on, the FullAWSAccess attachment. */
  addAccount(
    spec: Pick<AccountRecord, 'id' | 'email' | 'name' | 'joinedMethod' | 'parentId'> & {
      accessRole?: { name: string; assumableAfter: number };
    },
    tags: Record<string, string>,
  ): AccountRecord {
    const { accessRole, ...rest } = spec;
    const account: AccountRecord = {
      ...rest,
      arn: `arn:aws:organizations::${this.managementAccountId}:account/${this.organizationId}/${spec.id}`,
      state: 'ACTIVE',
      joinedTimestamp: new Date(),
      ...(accessRole ? { accessRole: { ...accessRole, uniqueId: ids.roleUniqueId() } } : {}),
    };
    this.accountsById.set(account.id, account);
    this.setTags(account.id, tags);
    this.attachDefaultPolicies(account.id);
    return account;
  }

  addOrganizationalUnit(
    name: string,
    parentId: string,
    tags: Record<string, string>,
  ): OrganizationalUnitRecord {
    const id = ids.organizationalUnitId(this.root.id);
    const ou: OrganizationalUnitRecord = {
      id,
      arn: `arn:aws:organizations::${this.managementAccountId}:ou/${this.organizationId}/${id}`,
      name,
      parentId,
    };
    this.organizationalUnitsById.set(id, ou);
    this.setTags(id, tags);
    this.attachDefaultPolicies(id);
    return ou;
  }

  addPolicy(spec: Pick<PolicyRecord, 'name' | 'description' | 'type' | 'content'>): PolicyRecord {
    const id = ids.policyId();
    const policy: PolicyRecord = {
      ...spec,
      id,
      arn: `arn:aws:organizations::${this.managementAccountId}:policy/${this.organizationId}/${spec.type.toLowerCase()}/${id}`,
      awsManaged: false,
    };
    this.policiesById.set(id, policy);
    return policy;
  }

  /**
   * Turns a policy type on. For SCPs AWS attaches FullAWSAccess to the root, every OU and every
   * account, and re-enabling resets all attachments to just that policy.
   */
  enablePolicyType(type: string): void {
    this.root.policyTypes.set(type, 'ENABLED');
    if (type !== SERVICE_CONTROL_POLICY) return;
    this.detachAllOfType(type);
    for (const target of [
      this.root.id,
      ...this.organizationalUnitsById.keys(),
      ...this.accountsById.keys(),
    ]) {
      this.attachDefaultPolicies(target);
    }
  }

  /** Turns a policy type off; AWS detaches every policy of that type. */
  disablePolicyType(type: string): void {
    this.root.policyTypes.delete(type);
    this.detachAllOfType(type);
  }

  policyTypeStatus(type: string): PolicyTypeStatus | undefined {
    return this.root.policyTypes.get(type);
  }

  /**
   * False while a brand-new account is settling: its access role cannot be assumed yet and its
   * IAM and S3 refuse calls (newAccountReadyMs, faults.delayRoleAvailability; AWS-FACTS §3).
   */
  isAccountReady(accountId: string): boolean {
    return Date.now() >= (this.accountsById.get(accountId)?.accessRole?.assumableAfter ?? 0);
  }

  findAccountByEmail(email: string): AccountRecord | undefined {
    const wanted = email.toLowerCase();
    for (const account of this.accountsById.values())
      if (account.email.toLowerCase() === wanted) return account;
    return undefined;
  }

  findAccountByName(name: string): AccountRecord | undefined {
    for (const account of this.accountsById.values()) if (account.name === name) return account;
    return undefined;
  }

  /** OU at a path of names from the root, e.g. `/AI/Development`. */
  findOrganizationalUnitByPath(path: string): OrganizationalUnitRecord | undefined {
    let parentId = this.root.id;
    let found: OrganizationalUnitRecord | undefined;
    for (const name of path.split('/').filter(Boolean)) {
      found = [...this.organizationalUnitsById.values()].find(
        (ou) => ou.parentId === parentId && ou.name === name,
      );
      if (!found) return undefined;
      parentId = found.id;
    }
    return found;
  }

  /** True for the root and existing OUs: the things accounts and OUs can live in. */
  isParent(id: string): boolean {
    return id === this.root.id || this.organizationalUnitsById.has(id);
  }

  /** The parent of an account or OU; undefined for the root or an unknown id. */
  parentOf(childId: string): string | undefined {
    return this.accountsById.get(childId)?.parentId ?? this.organizationalUnitsById.get(childId)?.parentId;
  }

  /** Levels below the root: the root is 0, its OUs 1. */
  depthOf(parentId: string): number {
    let depth = 0;
    let id: string | undefined = parentId;
    while (id !== undefined && id !== this.root.id) {
      depth++;
      id = this.organizationalUnitsById.get(id)?.parentId;
    }
    return depth;
  }

  /** True for anything a policy can be attached to. */
  isPolicyTarget(id: string): boolean {
    return this.isParent(id) || this.accountsById.has(id);
  }

  tagsOf(resourceId: string): Record<string, string> {
    return Object.fromEntries(this.tagsById.get(resourceId) ?? []);
  }

  setTags(resourceId: string, tags: Record<string, string>): void {
    const current = this.tagsById.get(resourceId) ?? new Map<string, string>();
    for (const [key, value] of Object.entries(tags)) current.set(key, value);
    this.tagsById.set(resourceId, current);
  }

  policiesAttachedTo(targetId: string, type?: string): PolicyRecord[] {
    const policies = [...(this.attachmentsByTarget.get(targetId) ?? [])].map((id) =>
      this.policiesById.get(id),
    );
    return policies.filter(
      (p): p is PolicyRecord => p !== undefined && (type === undefined || p.type === type),
    );
  }

  targetsOf(policyId: string): string[] {
    return [...this.attachmentsByTarget].filter(([, set]) => set.has(policyId)).map(([target]) => target);
  }

  attach(policyId: string, targetId: string): void {
    const set = this.attachmentsByTarget.get(targetId) ?? new Set<string>();
    set.add(policyId);
    this.attachmentsByTarget.set(targetId, set);
  }

  detach(policyId: string, targetId: string): void {
    this.attachmentsByTarget.get(targetId)?.delete(policyId);
  }

  private attachDefaultPolicies(targetId: string): void {
    if (this.policyTypeStatus(SERVICE_CONTROL_POLICY) === 'ENABLED')
      this.attach(FULL_AWS_ACCESS_POLICY_ID, targetId);
  }

  private detachAllOfType(type: string): void {
    for (const set of this.attachmentsByTarget.values()) {
      for (const id of set) if (this.policiesById.get(id)?.type === type) set.delete(id);
    }
  }
}
