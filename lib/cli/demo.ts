import { parsePolicy } from '../access/policy-document.ts';
import { organizationsClient } from '../aws/clients.ts';
import { useLocalAws } from '../local/environment.ts';
import { SAMPLE } from '../local/sample-world.ts';
import { organizationTree } from './tree.ts';
import { parseVendArgs, summary, vendOnce } from './vend.ts';

/**
 * `npm start`: vends one account in the embedded sandbox, sends the very same request again to
 * show that nothing is created twice, and prints the resulting organization.
 */
export async function demoCommand(_argv: string[]): Promise<number> {
  const local = await useLocalAws({ sandbox: { createAccountLatencyMs: 1500 } });
  try {
    const args = parseVendArgs([
      '--name',
      'ml-team-a',
      '--email',
      'ml-team-a@example.com',
      '--blueprint',
      'ai-dev',
      '--request-id',
      'demo-ml-team-a',
    ]);
    process.stderr.write(
      'Sandbox time is compressed: AWS takes a few minutes to create an account, the sandbox 1.5 s;\n' +
        'the state machine waits between checks (15 s in AWS, 250 ms here).\n\n',
    );
    const first = await vendOnce(args, local);
    process.stderr.write('\nThe same request again (as if delivered twice):\n');
    const second = await vendOnce(args, local);
    const org = organizationsClient();
    process.stdout.write(`\nOrganization in the sandbox:\n${await organizationTree(org)}`);
    if (first.record)
      process.stdout.write(`\nWhat account ${first.record.accountId} got:\n${summary(first.record)}`);
    const dataLake = local.sandbox?.s3
      .snapshot(SAMPLE.dataLake.id)
      .buckets.find((b) => b.name === SAMPLE.dataBucket);
    if (dataLake?.policy) {
      const sids = parsePolicy(dataLake.policy).Statement.map((statement) => statement.Sid ?? '(no Sid)');
      process.stdout.write(
        `\nPolicy of s3://${SAMPLE.dataBucket} in the data-lake account: ${sids.join(', ')}\n`,
      );
    }
    const accounts = local.sandbox?.org.accounts.filter((account) => account.email === args.email).length;
    process.stdout.write(
      `\nRequest ${args.requestId}: ${first.record?.status}, account ${first.record?.accountId}; ` +
        `second run: ${second.run.status === 'SUCCEEDED' ? 'no-op' : second.run.status}; accounts with that email: ${accounts}\n`,
    );
    process.stdout.write(
      'Next: npx avm vend --name <name> --email <you>@example.com --blueprint ai-prod --json\n',
    );
    return first.record?.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await local.stop();
  }
}
