import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** How long a secret read from Parameter Store is reused before it is read again. */
const TTL_MS = 5 * 60_000;
const cache = new Map<string, { value: string | undefined; until: number }>();
let ssm: SSMClient | undefined;

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
  ssm ??= new SSMClient({});
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
  cache.set(parameter, { value: Parameter?.Value, until: Date.now() + TTL_MS });
  return Parameter?.Value;
}
