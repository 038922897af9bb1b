import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  EntityAlreadyExistsException,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
  ListPolicyVersionsCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { samePolicy } from '../access/policy-document.ts';
import { PolicyConflictError } from '../errors.ts';
import { MANAGED_TAG } from './roles.ts';

const PATH = '/avm/';
/** IAM keeps at most 5 versions of a managed policy. */
const MAX_VERSIONS = 5;

/**
 * Makes the customer managed policy `name` exist in the account with this content: created when
 * missing, given a new default version when the content changed (the oldest non-default version
 * is deleted first when all 5 are used).
 */
export async function ensureManagedPolicy(
  iam: IAMClient,
  target: { accountId: string; partition: string; name: string; content: string; description: string },
): Promise<{ arn: string; action: 'created' | 'updated' | 'unchanged' }> {
  const arn = `arn:${target.partition}:iam::${target.accountId}:policy${PATH}${target.name}`;
  const current = await defaultVersion(iam, arn);
  if (current === undefined) {
    try {
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: target.name,
          Path: PATH,
          PolicyDocument: target.content,
          Description: target.description.slice(0, 1000),
          Tags: [MANAGED_TAG],
        }),
      );
      return { arn, action: 'created' };
    } catch (error) {
      if (!(error instanceof EntityAlreadyExistsException)) throw error;
      // Names are unique per account whatever the path: ours may have just been created by a
      // retried call, or someone else's policy has the name elsewhere.
      if ((await defaultVersion(iam, arn)) === undefined) {
        throw new PolicyConflictError(
          `An IAM policy named ${target.name} already exists in account ${target.accountId} outside ${PATH}; ` +
            'it was not created by the vending machine',
          { cause: error },
        );
      }
      return ensureManagedPolicy(iam, target);
    }
  }
  if (samePolicy(current, target.content)) return { arn, action: 'unchanged' };
  const { Versions = [] } = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
  if (Versions.length >= MAX_VERSIONS) {
    // Oldest first; IAM dates are to the second, so equal dates fall back to the version number.
    const versionNumber = (id?: string) => Number(id?.replace(/^v/, '') ?? 0);
    const oldest = Versions.filter((v) => !v.IsDefaultVersion).sort(
      (a, b) =>
        (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0) ||
        versionNumber(a.VersionId) - versionNumber(b.VersionId),
    )[0];
    if (oldest?.VersionId)
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: oldest.VersionId }));
  }
  await iam.send(
    new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: target.content, SetAsDefault: true }),
  );
  return { arn, action: 'updated' };
}

async function defaultVersion(iam: IAMClient, arn: string): Promise<string | undefined> {
  try {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy?.DefaultVersionId }),
    );
    return PolicyVersion?.Document ?? '';
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}
