/**
 * The local sandbox: AWS Organizations, STS, IAM, RAM, S3, EventBridge and DynamoDB served over HTTP on
 * 127.0.0.1 so the product's ordinary SDK clients talk to it unchanged through
 * `AWS_ENDPOINT_URL`. IAM, RAM and S3 state is per account: a call acts in the account of its
 * credentials (the management account by default, a member account after AssumeRole).
 * EventBridge buses and rules are per account and Region; `sandbox.events.onMatch` registers
 * local targets that run for matching events, since there is no Step Functions locally.
 *
 * @example
 * const sandbox = await startSandbox({ timeScale: 0.01 });
 * const restore = withSandboxEnv(sandbox); // AWS_ENDPOINT_URL, AWS_REGION, dummy keys
 * const org = new OrganizationsClient({ region: 'us-east-1' });
 * await org.send(new CreateAccountCommand({ AccountName: 'ml-dev', Email: 'ml-dev@example.com' }));
 * restore();
 * await sandbox.stop();
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AwsLimits, DEFAULT_AWS_LIMITS } from '../aws/limits.ts';
import { SandboxClock } from './clock.ts';
import { startDynamoDb } from './dynamodb.ts';
import { eventsService } from './events/index.ts';
import { type EventBusSpec, EventsState } from './events/state.ts';
import { FaultInjector } from './faults.ts';
import { iamService } from './iam/index.ts';
import { IamState } from './iam/state.ts';
import { IdentityStore, MANAGEMENT_PRINCIPAL_ROLE } from './identity.ts';
import { organizationsService } from './organizations/index.ts';
import { ramService } from './ram/index.ts';
import { RamState } from './ram/state.ts';
import { RateLimiter } from './rate-limits.ts';
import { s3Service } from './s3/index.ts';
import { S3State } from './s3/state.ts';
import { createSandboxServer, type RecordedCall } from './server.ts';
import { OrganizationState } from './state.ts';
import { stsService } from './sts.ts';

export type { AwsError } from './aws-error.ts';
export type { Deliver, DeliveryError, MatchSpec } from './events/delivery.ts';
export { MODELLED_EVENTS_OPERATIONS } from './events/index.ts';
export type { EventPredicate } from './events/log.ts';
export type { EventEnvelope, PublishedEvent } from './events/records.ts';
export { type EventBusSpec, EventsState } from './events/state.ts';
export type { EntryFault, ErrorFault, FaultInjector, LatencyFault, LostResponseFault } from './faults.ts';
export { MODELLED_IAM_OPERATIONS } from './iam/index.ts';
export type { IamSnapshot } from './iam/records.ts';
export { accessRoleTrustPolicy, IamState, type RoleSpec } from './iam/state.ts';
export { MANAGEMENT_PRINCIPAL_ROLE } from './identity.ts';
export { MODELLED_ORGANIZATIONS_OPERATIONS } from './organizations/index.ts';
export { MODELLED_RAM_OPERATIONS } from './ram/index.ts';
export type { RamSnapshot } from './ram/records.ts';
export { RamState } from './ram/state.ts';
export { ORGANIZATIONS_RATE_LIMITS } from './rate-limits.ts';
export {
  type AccountRecord,
  type CreateAccountStatusRecord,
  DEFAULT_ACCESS_ROLE_NAME,
  type ExistingAccountSpec,
  FULL_AWS_ACCESS_POLICY_ID,
  type OrganizationalUnitRecord,
  type PolicyRecord,
  SERVICE_CONTROL_POLICY,
} from './records.ts';
export { MODELLED_S3_OPERATIONS } from './s3/index.ts';
export {
  type BucketEncryption,
  type BucketSpec,
  type PublicAccessBlock,
  type S3Snapshot,
  S3State,
} from './s3/state.ts';
export type { RecordedCall } from './server.ts';
export { OrganizationState } from './state.ts';

export interface SandboxOptions {
  /** Default '111111111111'. */
  managementAccountId?: string;
  /** Sandbox ms a CreateAccount stays IN_PROGRESS before SUCCEEDED/FAILED; default 2000. */
  createAccountLatencyMs?: number;
  /** Accounts per organization including the management account; default 10 (AWS default). */
  accountLimit?: number;
  limits?: Partial<AwsLimits>;
  /** Enforce the per-API token buckets of AWS-FACTS; default false. */
  rateLimits?: boolean;
  /** Multiplies all sandbox time (account latency, injected latency, token refill); default 1. */
  timeScale?: number;
  /** SCP policy type enabled on the root at start (and after reset); default false, like a fresh org. */
  scpEnabled?: boolean;
  /**
   * Sandbox ms after an account's creation SUCCEEDED during which it is not ready: AssumeRole
   * into its access role is denied and its IAM and S3 refuse calls; default 0.
   * `faults.delayRoleAvailability` overrides it at run time.
   */
  newAccountReadyMs?: number;
  /**
   * Custom EventBridge buses that exist from the start and after every reset: a name (management
   * account, us-east-1) or `{ name, accountId?, region? }`. `default` always exists.
   */
  eventBuses?: EventBusSpec[];
  /**
   * PutEvents rejects a call whose entries total this many bytes or more; default 262144
   * (256 KB, AWS-FACTS §5). AWS has accepted up to 1 MB (1048576) since January 2026.
   */
  putEventsMaxBytes?: number;
  /** Largest page List operations return; default 20 (AWS's MaxResults cap). */
  pageSize?: number;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:43123 */
  endpoint: string;
  managementAccountId: string;
  /** Live organization state for assertions, and `addExistingAccount` for setup. */
  org: OrganizationState;
  /** IAM per account: `snapshot(accountId)` for assertions, `addRole` for setup. */
  iam: IamState;
  /** RAM resource shares per owner account: `snapshot(ownerAccountId)`, `sharingWithOrganizationEnabled`. */
  ram: RamState;
  /** S3 buckets (names global, one owner each): `snapshot(accountId)`, `addBucket` for setup. */
  s3: S3State;
  /**
   * EventBridge: `onMatch` (local targets), `published`, `dropped`, `deliveryErrors`,
   * `waitFor`, `idle`, `addEventBus` for setup.
   */
  events: EventsState;
  faults: FaultInjector;
  /** Every call in arrival order. */
  calls: RecordedCall[];
  /**
   * Fresh organization (root + management account), empty IAM, RAM and S3, only the pre-created
   * event buses (no rules, events or `onMatch` registrations), no faults, no calls, no sessions;
   * DynamoDB kept.
   */
  reset(): void;
  stop(): Promise<void>;
}

const DEFAULT_MANAGEMENT_ACCOUNT_ID = '111111111111';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const managementAccountId = options.managementAccountId ?? DEFAULT_MANAGEMENT_ACCOUNT_ID;
  if (!/^\d{12}$/.test(managementAccountId))
    throw new Error(`managementAccountId must be 12 digits: ${managementAccountId}`);
  const clock = new SandboxClock(options.timeScale ?? 1);
  const faults = new FaultInjector();
  const org = new OrganizationState(managementAccountId, options.scpEnabled ?? false);
  const identities = new IdentityStore(managementAccountId);
  const limits = { ...DEFAULT_AWS_LIMITS, ...options.limits };
  const iam = new IamState(org, {
    name: MANAGEMENT_PRINCIPAL_ROLE,
    id: identities.managementPrincipal.userId.split(':')[0] ?? '',
  });
  const rateLimiter = new RateLimiter(clock, options.rateLimits ?? false);
  const s3 = new S3State();
  const ram = new RamState(org);
  const events = new EventsState(managementAccountId, options.eventBuses ?? []);
  const pageSize = options.pageSize ?? 20;
  const calls: RecordedCall[] = [];
  const dynamodb = await startDynamoDb();
  const services = {
    organizations: organizationsService({
      state: org,
      clock,
      faults,
      config: {
        limits,
        accountLimit: options.accountLimit ?? 10,
        createAccountLatencyMs: options.createAccountLatencyMs ?? 2_000,
        newAccountReadyMs: options.newAccountReadyMs ?? 0,
        pageSize,
      },
    }),
    sts: stsService({ state: org, identities, iam }),
    iam: iamService({ iam, org, limits }),
    s3: s3Service({ s3, iam, org, limits }),
    ram: ramService({ ram, org, iam, clock, pageSize }),
    events: eventsService({
      events,
      faults,
      config: { pageSize, putEventsMaxBytes: options.putEventsMaxBytes ?? 262_144 },
    }),
    dynamodb: dynamodb.service,
  };
  const server = createSandboxServer({ services, identities, faults, rateLimiter, clock, calls });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await dynamodb.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    managementAccountId,
    org,
    iam,
    ram,
    s3,
    events,
    faults,
    calls,
    reset() {
      clock.cancelAll();
      org.reset();
      iam.reset();
      s3.reset();
      ram.reset();
      events.reset();
      identities.reset();
      faults.clear();
      rateLimiter.reset();
      calls.length = 0;
    },
    async stop() {
      clock.cancelAll();
      await closeServer(server);
      await dynamodb.stop();
    },
  };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // SDK clients keep connections alive; without this close() waits for them to time out.
    server.closeAllConnections();
  });
}

/** The documented AWS example key: any key the sandbox did not issue is the management principal. */
const MANAGEMENT_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** Environment that points every AWS SDK v3 client (and a child process) at the sandbox. */
export function sandboxEnvironment(sandbox: Pick<Sandbox, 'endpoint'>): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: MANAGEMENT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MANAGEMENT_CREDENTIALS.secretAccessKey,
  };
}

/**
 * Sets `sandboxEnvironment` on process.env (and clears AWS_SESSION_TOKEN / AWS_PROFILE so no real
 * credentials mix in) until the returned function restores the previous values. SDK clients
 * read these when they are created, so create them after this call.
 */
export function withSandboxEnv(sandbox: Pick<Sandbox, 'endpoint'>): () => void {
  const values: Record<string, string | undefined> = {
    ...sandboxEnvironment(sandbox),
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
  };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  apply(values);
  return () => apply(previous);
}

function apply(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** Explicit client configuration, for code that constructs clients with options rather than env. */
export function sandboxClientConfig(sandbox: Pick<Sandbox, 'endpoint'>) {
  return { endpoint: sandbox.endpoint, region: 'us-east-1', credentials: { ...MANAGEMENT_CREDENTIALS } };
}
