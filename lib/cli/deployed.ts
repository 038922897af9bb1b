import { UsageError } from './usage-error.ts';

/**
 * Names of a deployed stack's resources, as serverless.yml derives them from the stage, unless
 * given explicitly. `--endpoint` points the SDK elsewhere (LocalStack, moto); otherwise the
 * commands use the caller's AWS credentials and Region like any AWS tool.
 */
export function deployedNames(values: { stage?: string; table?: string; bus?: string; endpoint?: string }) {
  const stage = values.stage ?? 'dev';
  if (!/^[a-zA-Z0-9-]{1,32}$/.test(stage))
    throw new UsageError(`--stage must be letters, digits and -, got "${stage}"`);
  if (values.endpoint) {
    if (!/^https?:\/\/\S+$/.test(values.endpoint))
      throw new UsageError(`--endpoint must be an http(s) URL, got "${values.endpoint}"`);
    process.env.AWS_ENDPOINT_URL = values.endpoint;
    // Local emulators accept any credentials; real ones, if configured, are kept.
    if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
      process.env.AWS_ACCESS_KEY_ID = 'local';
      process.env.AWS_SECRET_ACCESS_KEY = 'local';
    }
    process.env.AWS_REGION ??= 'us-east-1';
  }
  return {
    table: values.table ?? `account-vending-${stage}-requests`,
    bus: values.bus ?? `account-vending-${stage}`,
  };
}

export const DEPLOYED_OPTIONS = {
  stage: { type: 'string' },
  table: { type: 'string' },
  bus: { type: 'string' },
  endpoint: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;
