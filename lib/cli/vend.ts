import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalAws, useLocalAws } from '../local/environment.ts';
import type { RequestRecord } from '../record/types.ts';
import { formatMs, progressPrinter } from './progress.ts';
import { UsageError } from './usage-error.ts';

export interface VendArgs {
  name: string;
  email: string;
  blueprint: string;
  requestId: string;
  tags: Record<string, string>;
  config?: string;
  endpoint?: string;
  json: boolean;
}

export function parseVendArgs(argv: string[]): VendArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      blueprint: { type: 'string' },
      'request-id': { type: 'string' },
      tag: { type: 'string', multiple: true },
      config: { type: 'string' },
      endpoint: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const missing = (['name', 'email', 'blueprint'] as const).filter((key) => !values[key]);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((key) => `--${key}`).join(', ')}`);
  const tags: Record<string, string> = {};
  for (const tag of values.tag ?? []) {
    const eq = tag.indexOf('=');
    if (eq < 1) throw new UsageError(`--tag must be KEY=VALUE, got "${tag}"`);
    tags[tag.slice(0, eq)] = tag.slice(eq + 1);
  }
  if (values.endpoint && !/^https?:\/\/\S+$/.test(values.endpoint)) {
    throw new UsageError(`--endpoint must be an http(s) URL, got "${values.endpoint}"`);
  }
  return {
    name: values.name as string,
    email: values.email as string,
    blueprint: values.blueprint as string,
    requestId: values['request-id'] ?? `cli-${randomBytes(6).toString('hex')}`,
    tags,
    ...(values.config ? { config: resolve(values.config) } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    json: values.json ?? false,
  };
}

/** The request a CLI vend submits: the same contract every intake uses. */
export function requestFrom(args: VendArgs): Record<string, unknown> {
  return {
    requestId: args.requestId,
    accountName: args.name,
    email: args.email,
    blueprint: args.blueprint,
    ...(Object.keys(args.tags).length > 0 ? { tags: args.tags } : {}),
    requestedBy: { source: 'cli', id: safeUser() },
  };
}

/**
 * Runs one vend in `local` (already started) and returns the final record. The handlers are
 * imported only now, after the environment points their clients at the local endpoint.
 */
export async function vendOnce(args: VendArgs, local: LocalAws, quiet = false) {
  const { runWorkflow } = await import('../local/run-workflow.ts');
  const { defaultDeps } = await import('../steps/deps.ts');
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  log(`Vending "${args.name}" <${args.email}> with blueprint ${args.blueprint} — request ${args.requestId}`);
  log(`  AWS: ${local.sandbox ? 'embedded sandbox' : local.endpoint}; table ${local.tableName}`);
  const started = Date.now();
  const run = await runWorkflow(requestFrom(args), {
    name: `req-${args.requestId}-${randomBytes(3).toString('hex')}`,
    ...(local.sandbox ? { waitMs: 250, retryMs: 50 } : { waitMs: 200, retryMs: 200 }),
    ...(quiet ? {} : { onEvent: progressPrinter() }),
  });
  const record = await defaultDeps().repo.get(args.requestId);
  const elapsed = formatMs(Date.now() - started);
  if (record?.status === 'SUCCEEDED') {
    log(`✔ SUCCEEDED in ${elapsed}: account ${record.accountId} in ${record.ouPath}`);
  } else if (record?.status === 'FAILED' && record.failure) {
    log(
      `✘ FAILED in ${elapsed} at ${record.failure.step}: ${record.failure.error}\n  ${record.failure.message}`,
    );
  } else {
    log(
      `✘ ${run.status}: ${run.error?.error ?? ''} ${run.error?.cause ?? ''} (record: ${record?.status ?? 'none'})`,
    );
  }
  return { run, record };
}

export async function vendCommand(argv: string[]): Promise<number> {
  const args = parseVendArgs(argv);
  if (args.config) process.env.AVM_CONFIG_FILE = args.config;
  const local = await useLocalAws(args.endpoint ? { endpoint: args.endpoint } : {});
  try {
    const { record } = await vendOnce(args, local);
    if (args.json) process.stdout.write(`${JSON.stringify(record ?? null, null, 2)}\n`);
    else if (record) process.stdout.write(summary(record));
    return record?.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await local.stop();
  }
}

/** The final record as a few aligned lines, for people. */
export function summary(record: RequestRecord): string {
  const lines = [`request   ${record.requestId}`, `status    ${record.status}`];
  if (record.accountId) lines.push(`account   ${record.accountId}`);
  if (record.ouPath) lines.push(`ou        ${record.ouPath} (${record.ouId})`);
  if (record.scps) lines.push(`scps      ${record.scps.join(', ')}`);
  if (record.ouScps) lines.push(`ou scps   ${record.ouScps.join(', ')}`);
  for (const share of record.shares ?? []) lines.push(`share     ${share.name} ${share.arn}`);
  if (record.groups?.length) lines.push(`groups    ${record.groups.join(', ')}`);
  if (record.executionRoleArn) lines.push(`sagemaker ${record.executionRoleArn}`);
  if (record.trainingBucket) lines.push(`training  s3://${record.trainingBucket}`);
  for (const data of record.dataRoles ?? []) {
    lines.push(`data      ${data.roleArn} → s3://${data.bucket}/${data.prefix} (${data.access})`);
  }
  if (record.failure)
    lines.push(
      `failed at ${record.failure.step}: ${record.failure.error}`,
      `          ${record.failure.message}`,
    );
  return `${lines.join('\n')}\n`;
}

function safeUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
