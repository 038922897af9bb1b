/**
 * Everything a vend leaves behind for one request, as plain data that does not depend on the
 * request's own names or on ids AWS makes up: two vends of the same blueprint in fresh worlds
 * have equal footprints, and a step done twice (a second statement, role, share association,
 * policy version, OU or SCP) makes them differ.
 */
import { SAMPLE } from '#lib/local/sample-world.ts';
import { accountsOf } from './audit.ts';
import type { Request, World } from './world.ts';

/** Generated ids differ between any two worlds; what they identify is compared by name or ARN. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'id' && key !== 'arn' && key !== 'policyIds' && key !== 'ouId')
        .map(([key, inner]) => [key, withoutIds(inner)]),
    );
  return value;
}

function ouPath(world: World, id: string | undefined): string {
  const names: string[] = [];
  let current = id;
  while (current && world.sandbox.org.organizationalUnitsById.has(current)) {
    const ou = world.sandbox.org.organizationalUnitsById.get(current);
    names.unshift(ou?.name ?? '?');
    current = ou?.parentId;
  }
  return `/${names.join('/')}`;
}

export async function footprint(world: World, request: Request): Promise<string> {
  const { org } = world.sandbox;
  const accounts = accountsOf(world, request);
  const accountId = accounts[0] ?? 'none';
  const parentId = org.parentOf(accountId);
  const scpNames = (target: string | undefined) =>
    target
      ? org
          .policiesAttachedTo(target)
          .map((p) => p.name)
          .sort()
      : [];
  const record = await world.record(request.requestId);
  const state = {
    accounts: accounts.length,
    organization: {
      ous: org.organizationalUnits.map((ou) => ouPath(world, ou.id)).sort(),
      policies: org.policies.map((p) => p.name).sort(),
    },
    account: {
      ouPath: ouPath(world, parentId),
      scps: scpNames(accountId),
      ouScps: scpNames(parentId),
      tags: org.tagsOf(accountId),
    },
    iam: world.sandbox.iam.snapshot(accountId),
    s3: world.sandbox.s3.snapshot(accountId),
    dataLake: world.sandbox.s3.snapshot(SAMPLE.dataLake.id),
    sharedServices: world.sandbox.ram.snapshot(SAMPLE.sharedServices.id),
    record: record && {
      status: record.status,
      failure: record.failure,
      accountId: record.accountId,
      ouPath: record.ouPath,
      scps: record.scps,
      ouScps: record.ouScps,
      shares: record.shares,
      groups: record.groups,
      executionRoleArn: record.executionRoleArn,
      trainingBucket: record.trainingBucket,
      dataRoles: record.dataRoles,
      bucketPolicySids: record.bucketPolicySids,
      steps: Object.keys(record.steps ?? {}).sort(),
      told: record.notifications?.event?.detailType,
    },
  };
  return (
    JSON.stringify(withoutIds(state))
      .replaceAll(request.email, '<email>')
      .replaceAll(request.requestId, '<request>')
      .replaceAll(request.accountName, '<name>')
      .replaceAll(accountId, '<account>')
      // Each fresh organization has new ids, and the shared bucket statements' Sids hash the OU id.
      .replace(/\bo-[a-z0-9]{10,32}\b/g, '<org>')
      .replace(/\br-[a-z0-9]{4,32}\b/g, '<root>')
      .replace(/\bou-[a-z0-9]{4,32}-[a-z0-9]{8,32}\b/g, '<ou>')
      .replace(/(AvmData[A-Za-z0-9]*?)[0-9a-f]{8}(Objects|List)/g, '$1<hash>$2')
  );
}
