import type { IAMClient } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import type { RAMClient } from '@aws-sdk/client-ram';
import type { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AccountNotReadyError, AwsPermissionError } from '../errors.ts';

/** Clients acting in one account, each created when first used. */
export interface AccountClients {
  accountId: string;
  readonly iam: IAMClient;
  readonly s3: S3Client;
  readonly ram: RAMClient;
}

/** What a client is created with: the Region, and the assumed role's credentials unless ourselves. */
export interface AccountClientConfig {
  region: string;
  credentials?: () => Promise<AwsCredentialIdentity>;
}

/**
 * How to create each kind of client. A Lambda passes only those its step uses (see
 * functions/share-resources.ts), so its bundle carries no other SDK client; asking for one
 * that was not given is a programming error.
 */
export interface AccountClientFactories {
  iam?: (config: AccountClientConfig) => IAMClient;
  s3?: (config: AccountClientConfig) => S3Client;
  ram?: (config: AccountClientConfig) => RAMClient;
}

/** Refresh assumed credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

/**
 * The one place that crosses account boundaries: clients for an account, acting as the
 * configured access role there (or as ourselves in the management account). Credentials are
 * cached per (account, role, Region) and refreshed before they expire.
 */
export class CrossAccount {
  private readonly credentials = new Map<string, AwsCredentialIdentity & { expiration?: Date }>();
  private readonly clients = new Map<string, AccountClients>();
  private managementAccountId?: Promise<string>;

  constructor(
    private readonly deps: {
      sts: STSClient;
      org: OrganizationsClient;
      region: string;
      roleName: string;
      clients: AccountClientFactories;
    },
  ) {}

  /** The organization's management account, where we run and need no role. */
  managementAccount(): Promise<string> {
    this.managementAccountId ??= this.deps.org
      .send(new DescribeOrganizationCommand({}))
      .then(({ Organization }) => Organization?.MasterAccountId as string)
      .catch((error: unknown) => {
        // A failed look-up must not stay cached: the retried step asks again.
        this.managementAccountId = undefined;
        throw error;
      });
    return this.managementAccountId;
  }

  /**
   * Clients acting in `accountId`. For a brand-new account (`isNew`), a refused AssumeRole
   * means IAM has not caught up yet: AccountNotReadyError, which the state machine retries.
   */
  async forAccount(accountId: string, options: { isNew?: boolean } = {}): Promise<AccountClients> {
    const key = `${accountId}/${options.isNew ? 'new' : 'known'}`;
    const cached = this.clients.get(key);
    if (cached) return cached;
    const own = accountId === (await this.managementAccount());
    const credentials = own ? undefined : () => this.assume(accountId, options.isNew ?? false);
    const config: AccountClientConfig = { region: this.deps.region, ...(credentials ? { credentials } : {}) };
    const factories = this.deps.clients;
    const create = <K extends keyof AccountClientFactories>(kind: K, at: AccountClientConfig) => {
      const factory = factories[kind];
      if (!factory) throw new Error(`CrossAccount was created without a factory for ${kind} clients`);
      return factory(at) as ReturnType<NonNullable<AccountClientFactories[K]>>;
    };
    let iam: IAMClient | undefined;
    let s3: S3Client | undefined;
    let ram: RAMClient | undefined;
    const clients: AccountClients = {
      accountId,
      // IAM is global; its endpoint lives in us-east-1 (aws partition).
      get iam() {
        iam ??= create('iam', { ...config, region: 'us-east-1' });
        return iam;
      },
      get s3() {
        s3 ??= create('s3', config);
        return s3;
      },
      get ram() {
        ram ??= create('ram', config);
        return ram;
      },
    };
    this.clients.set(key, clients);
    return clients;
  }

  private async assume(accountId: string, isNew: boolean): Promise<AwsCredentialIdentity> {
    const key = `${accountId}/${this.deps.roleName}/${this.deps.region}`;
    const cached = this.credentials.get(key);
    if (cached?.expiration && cached.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS) return cached;
    const roleArn = `arn:aws:iam::${accountId}:role/${this.deps.roleName}`;
    try {
      const { Credentials } = await this.deps.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'account-vending-machine',
          DurationSeconds: 3600,
        }),
      );
      const credentials = {
        accessKeyId: Credentials?.AccessKeyId as string,
        secretAccessKey: Credentials?.SecretAccessKey as string,
        sessionToken: Credentials?.SessionToken as string,
        ...(Credentials?.Expiration ? { expiration: Credentials.Expiration } : {}),
      };
      this.credentials.set(key, credentials);
      return credentials;
    } catch (error) {
      if (!(error instanceof Error) || !ACCESS_DENIED.has(error.name)) throw error;
      if (isNew) {
        throw new AccountNotReadyError(
          `Cannot assume ${roleArn} yet: a new account's role takes a while to become usable`,
          { cause: error },
        );
      }
      throw new AwsPermissionError(`Cannot assume ${roleArn}: ${error.message}`, { cause: error });
    }
  }
}
