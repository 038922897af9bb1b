import { parseArgs } from 'node:util';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as v from 'valibot';
import { ACCOUNT_RETRY_REQUESTED, putEvent } from '../events/outcome.ts';
import { RequestIdSchema } from '../request/schema.ts';
import { DEPLOYED_OPTIONS, deployedNames } from './deployed.ts';
import { UsageError } from './usage-error.ts';

/**
 * `avm retry REQUEST_ID`: puts an `Account Retry Requested` event on a deployed stack's bus.
 * The execution it starts takes over a FAILED request (or, with --force, one stuck IN_PROGRESS
 * whose execution has certainly ended) and carries it on from where it stopped.
 */
export async function retryCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...DEPLOYED_OPTIONS, force: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one REQUEST_ID');
  const requestId = positionals[0] as string;
  if (!v.is(RequestIdSchema, requestId)) {
    throw new UsageError(`"${requestId}" is not a request id (1–64 characters of A-Z, a-z, 0-9, _ and -)`);
  }
  const { bus } = deployedNames(values);
  const detail = { requestId, ...(values.force ? { force: true } : {}) };
  const eventId = await putEvent(new EventBridgeClient({}), bus, ACCOUNT_RETRY_REQUESTED, detail);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ requestId, force: values.force, eventId, bus })}\n`);
  } else {
    process.stdout.write(
      `Retry requested: ${requestId}${values.force ? ' (forced)' : ''} (event ${eventId} on bus ${bus}).\n` +
        `Follow it with: avm status ${requestId}${values.stage ? ` --stage ${values.stage}` : ''}\n`,
    );
  }
  return 0;
}
