import { demoCommand } from './demo.ts';
import { requestCommand } from './request.ts';
import { retryCommand } from './retry.ts';
import { slotsCommand } from './slots.ts';
import { statusCommand } from './status.ts';
import { UsageError } from './usage-error.ts';
import { validateCommand } from './validate.ts';
import { vendCommand } from './vend.ts';

export const USAGE = `avm — AWS account vending machine for AI/ML teams

Usage:
  avm vend --name NAME --email EMAIL --blueprint BLUEPRINT [--request-id ID] [--tag KEY=VALUE ...]
           [--config FILE] [--endpoint URL] [--json]
      Vend an account by running the vend-account state machine locally with the real handlers:
      against the embedded AWS sandbox, or with --endpoint against any AWS-compatible endpoint
      (LocalStack, moto). Exit status 0 only when the request ends SUCCEEDED.
  avm request --name NAME --email EMAIL --blueprint BLUEPRINT [--request-id ID] [--tag KEY=VALUE ...]
            [--stage STAGE | --bus NAME] [--endpoint URL] [--json]
      Put an "Account Requested" event on a deployed stack's bus (your AWS credentials).
  avm retry REQUEST_ID [--force] [--stage STAGE | --bus NAME] [--endpoint URL] [--json]
      Retry a FAILED request on a deployed stack: an "Account Retry Requested" event; the vend
      carries on from where it stopped. --force takes over a request stuck IN_PROGRESS whose
      execution ended (no change for over 2 h 15 min).
  avm status REQUEST_ID [--stage STAGE | --table NAME] [--endpoint URL] [--json]
      Show a request's record from a deployed stack's table. Exit 1 if there is none.
  avm slots [--stage STAGE | --table NAME] [--endpoint URL] [--json]
      Show which requests hold AWS's 5 account-creation slots and which wait for one, in order.
  avm validate [--config FILE]
      Check the blueprints and their policy documents against AWS limits. Exit 1 on any problem.
  avm demo
      Vend an account in the sandbox, vend it again (nothing changes), and print the organization.
  avm help
`;

/** Runs one avm command and returns its exit status. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'vend':
        return await vendCommand(rest);
      case 'request':
        return await requestCommand(rest);
      case 'retry':
        return await retryCommand(rest);
      case 'status':
        return await statusCommand(rest);
      case 'slots':
        return await slotsCommand(rest);
      case 'validate':
        return await validateCommand(rest);
      case 'demo':
        return await demoCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`avm: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`avm ${command}: ${(error as Error).message}\n\nRun "avm help" for usage.\n`);
      return 2;
    }
    const { name, message } = error as Error;
    if (name === 'CredentialsProviderError') {
      process.stderr.write(
        `avm ${command}: no AWS credentials found. Configure them (aws configure, AWS_PROFILE, …) or use --endpoint.\n`,
      );
    } else if (name === 'Error' && /region/i.test(message)) {
      process.stderr.write(`avm ${command}: no AWS Region configured; set AWS_REGION.\n`);
    } else {
      process.stderr.write(`avm ${command}: ${name}: ${message}\n`);
    }
    return 1;
  }
}
