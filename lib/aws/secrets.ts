/**
 * Secrets from SSM Parameter Store with one signed `GetParameter` call (JSON protocol, SigV4)
 * instead of @aws-sdk/client-ssm: the Slack command must answer within 3 s of a cold start, and
 * that client alone would be about a third of its bundle.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';

/** How long a secret read from Parameter Store is reused before it is read again. */
const TTL_MS = 5 * 60_000;
const TIMEOUT_MS = 3_000;
const cache = new Map<string, { value: string | undefined; until: number }>();

/** Parameter Store refused or failed a read; `errorName` is the SSM error (ParameterNotFound, AccessDeniedException…). */
export class SecretReadError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SecretReadError';
  }
}

/**
 * A secret such as the Slack signing secret. Locally it comes from the environment variable of
 * that name; in AWS, serverless.yml sets `<NAME>_PARAMETER` to a SecureString parameter, read
 * once and cached for a few minutes. Undefined when neither is configured.
 *
 * @example const secret = await readSecret('SLACK_SIGNING_SECRET');
 */
export async function readSecret(name: string): Promise<string | undefined> {
  const direct = process.env[name];
  if (direct) return direct;
  const parameter = process.env[`${name}_PARAMETER`];
  if (!parameter) return undefined;
  const cached = cache.get(parameter);
  if (cached && cached.until > Date.now()) return cached.value;
  const value = await getParameter(parameter);
  cache.set(parameter, { value, until: Date.now() + TTL_MS });
  return value;
}

/**
 * `AmazonSSM.GetParameter` with decryption, signed with the credentials of the environment (the
 * Lambda role's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) in AWS_REGION, sent
 * to AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL when set (moto, LocalStack).
 */
export async function getParameter(
  parameter: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!region) throw new SecretReadError('MissingRegion', `Cannot read ${parameter}: AWS_REGION is not set`);
  if (!accessKeyId || !secretAccessKey) {
    throw new SecretReadError(
      'MissingCredentials',
      `Cannot read ${parameter}: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set`,
    );
  }
  const endpoint = new URL(
    env.AWS_ENDPOINT_URL_SSM || env.AWS_ENDPOINT_URL || `https://ssm.${region}.amazonaws.com`,
  );
  const body = JSON.stringify({ Name: parameter, WithDecryption: true });
  const signer = new SignatureV4({
    service: 'ssm',
    region,
    sha256: NodeSha256,
    credentials: {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: endpoint.pathname,
    query: {},
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonSSM.GetParameter',
    },
    body,
  });

  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: signed.headers,
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new SecretReadError('NetworkError', `Cannot read ${parameter}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const text = await response.text();
  let json: { Parameter?: { Value?: string }; __type?: string; message?: string; Message?: string } = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // not JSON: reported below with the status
  }
  if (!response.ok) {
    // `__type` is "ParameterNotFound" or "com.amazonaws...#AccessDeniedException".
    const errorName = json.__type?.replace(/^.*#/, '') || `HTTP${response.status}`;
    const why = json.message ?? json.Message ?? (text.slice(0, 200) || response.statusText);
    throw new SecretReadError(errorName, `Cannot read ${parameter}: ${errorName}: ${why}`);
  }
  return json.Parameter?.Value;
}

type HashInput = Exclude<SourceData, string> | string;

function bytes(data: HashInput): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape SignatureV4 expects. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}
