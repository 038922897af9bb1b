import { parseArgs } from 'node:util';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ACCOUNT_REQUESTED, putEvent } from '../events/outcome.ts';
import { parseRequest } from '../request/parse.ts';
import { DEPLOYED_OPTIONS, deployedNames } from './deployed.ts';
import { UsageError } from './usage-error.ts';
import { parseVendArgs, requestFrom } from './vend.ts';

/**
 * `avm request`: puts an `Account Requested` event on a deployed stack's bus — the EventBridge
 * intake, as any other system would use it. The vend then runs in AWS; `avm status` follows it.
 */
export async function requestCommand(argv: string[]): Promise<number> {
  const { values, tokens } = parseArgs({
    args: argv,
    options: {
      ...DEPLOYED_OPTIONS,
      name: { type: 'string' },
      email: { type: 'string' },
      blueprint: { type: 'string' },
      'request-id': { type: 'string' },
      tag: { type: 'string', multiple: true },
    },
    strict: true,
    tokens: true,
  });
  const { bus } = deployedNames(values);
  // The vend options without the deployment ones: the same request contract as `avm vend`.
  const vendArgs = tokens
    .filter(
      (t) => t.kind === 'option' && ['name', 'email', 'blueprint', 'request-id', 'tag'].includes(t.name),
    )
    .flatMap((t) => (t.kind === 'option' ? [t.rawName, t.value ?? ''] : []));
  const args = parseVendArgs(vendArgs);
  let detail: Record<string, unknown>;
  try {
    detail = parseRequest({
      ...requestFrom(args),
      requestedBy: { source: 'eventbridge', id: process.env.USER ?? 'avm' },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const eventId = await putEvent(new EventBridgeClient({}), bus, ACCOUNT_REQUESTED, detail);
  if (values.json) process.stdout.write(`${JSON.stringify({ requestId: args.requestId, eventId, bus })}\n`);
  else {
    process.stdout.write(
      `Requested: ${args.requestId} (event ${eventId} on bus ${bus}).\nFollow it with: avm status ${args.requestId}${values.stage ? ` --stage ${values.stage}` : ''}\n`,
    );
  }
  return 0;
}
