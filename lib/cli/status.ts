import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RequestRepository } from '../record/repository.ts';
import { DEPLOYED_OPTIONS, deployedNames } from './deployed.ts';
import { UsageError } from './usage-error.ts';
import { summary } from './vend.ts';

/** `avm status <requestId>`: the request record from a deployed stack's table. Exit 1 if there is none. */
export async function statusCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: DEPLOYED_OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  const [requestId, ...extra] = positionals;
  if (!requestId || extra.length > 0) throw new UsageError('give exactly one request id');
  const { table } = deployedNames(values);
  const record = await new RequestRepository(new DynamoDBClient({}), table).get(requestId);
  if (!record) {
    process.stderr.write(`No request ${requestId} in table ${table}.\n`);
    return 1;
  }
  process.stdout.write(values.json ? `${JSON.stringify(record, null, 2)}\n` : summary(record));
  return 0;
}
