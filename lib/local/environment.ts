import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-eventbridge';
import { AWS_CREATION_QUOTA } from '../admission/quota.ts';
import { ensureRequestsTable } from '../record/table.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../sandbox/index.ts';
import { seedSampleWorld } from './sample-world.ts';

export interface LocalAws {
  endpoint: string;
  tableName: string;
  busName: string;
  /** The embedded sandbox, when no external endpoint was given. */
  sandbox?: Sandbox;
  stop(): Promise<void>;
}

export interface LocalAwsOptions {
  /** An AWS-compatible endpoint (LocalStack, moto); without it the embedded sandbox starts. */
  endpoint?: string;
  sandbox?: SandboxOptions;
  /** Seed the embedded sandbox with the accounts and resources the shipped blueprints name (default true). */
  sampleWorld?: boolean;
  tableName?: string;
}

/**
 * Points this process's AWS SDK at a local endpoint through the same environment variables a
 * Lambda reads, and makes sure the requests table exists there. Call it before the handlers
 * are imported: they create their clients once, at module scope.
 */
export async function useLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const sandbox = options.endpoint
    ? undefined
    : await startSandbox({ ...options.sandbox, eventBuses: ['account-vending-local'] });
  if (sandbox && options.sampleWorld !== false) seedSampleWorld(sandbox);
  const endpoint = options.endpoint ?? (sandbox as Sandbox).endpoint;
  const tableName = options.tableName ?? 'account-vending-local-requests';
  const busName = 'account-vending-local';
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION = process.env.AWS_REGION ?? 'us-east-1';
  // Local endpoints accept any credentials; real ones in the environment are never sent there.
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.REQUESTS_TABLE = tableName;
  process.env.EVENT_BUS_NAME = busName;
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  if (sandbox) Object.assign(process.env, sandboxQuotaEnvironment(options.sandbox));
  const client = new DynamoDBClient({});
  await ensureRequestsTable(client, tableName);
  client.destroy();
  if (!sandbox) await ensureEventBus(busName);
  return {
    endpoint,
    tableName,
    busName,
    ...(sandbox ? { sandbox } : {}),
    stop: async () => {
      await sandbox?.stop();
    },
  };
}

/**
 * Admission control on the sandbox's clock: CreateAccount pacing only where the sandbox
 * enforces the rate (`rateLimits`), and every interval scaled like the sandbox's time.
 */
function sandboxQuotaEnvironment(options: SandboxOptions = {}): Record<string, string> {
  const scale = options.timeScale ?? 1;
  return {
    AVM_CREATION_INTERVAL_MS: String(
      options.rateLimits ? Math.ceil(AWS_CREATION_QUOTA.minIntervalMs * scale) : 0,
    ),
    AVM_CREATION_LEASE_MS: String(Math.ceil(AWS_CREATION_QUOTA.leaseMs * scale)),
  };
}

/** The custom bus, where it is missing (LocalStack, moto); the embedded sandbox starts with it. */
async function ensureEventBus(name: string): Promise<void> {
  const events = new EventBridgeClient({});
  try {
    await events.send(new CreateEventBusCommand({ Name: name }));
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
  } finally {
    events.destroy();
  }
}
