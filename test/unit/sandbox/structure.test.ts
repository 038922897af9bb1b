import {
  CreateOrganizationalUnitCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Fixture, rejectionOf, startFixture } from './fixture.ts';

let f: Fixture;
let rootId: string;
beforeAll(async () => {
  f = await startFixture();
});
beforeEach(() => {
  f.sandbox.reset();
  rootId = f.sandbox.org.root.id;
});
afterAll(() => f.sandbox.stop());

const createOu = async (name: string, parentId: string) => {
  const { OrganizationalUnit } = await f.org.send(
    new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }),
  );
  return OrganizationalUnit?.Id as string;
};

describe('organization and root', () => {
  it('describes an all-features organization whose management account sits in the one root', async () => {
    const { Organization } = await f.org.send(new DescribeOrganizationCommand({}));
    expect(Organization).toMatchObject({ FeatureSet: 'ALL', MasterAccountId: '111111111111' });
    expect(Organization?.Id).toMatch(/^o-[a-z0-9]{10,32}$/);

    const { Roots } = await f.org.send(new ListRootsCommand({}));
    expect(Roots).toHaveLength(1);
    expect(Roots?.[0]?.Id).toMatch(/^r-[0-9a-z]{4,32}$/);
    expect(Roots?.[0]?.PolicyTypes).toEqual([]);

    const { Children } = await f.org.send(
      new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }),
    );
    expect(Children).toEqual([{ Id: '111111111111', Type: 'ACCOUNT' }]);
  });
});

describe('CreateOrganizationalUnit', () => {
  it('creates OUs with AWS-shaped ids that the parent/child queries see', async () => {
    const ai = await createOu('AI', rootId);
    const dev = await createOu('Development', ai);
    expect(dev).toMatch(new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8,32}$`));

    const { OrganizationalUnits } = await f.org.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: ai }),
    );
    expect(OrganizationalUnits?.map((ou) => ou.Name)).toEqual(['Development']);
    const { Parents } = await f.org.send(new ListParentsCommand({ ChildId: dev }));
    expect(Parents).toEqual([{ Id: ai, Type: 'ORGANIZATIONAL_UNIT' }]);
    const { OrganizationalUnit } = await f.org.send(
      new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: dev }),
    );
    expect(OrganizationalUnit?.Name).toBe('Development');
    expect(f.sandbox.org.findOrganizationalUnitByPath('/AI/Development')?.id).toBe(dev);
  });

  it('refuses a duplicate name within the same parent, but not under another parent', async () => {
    const ai = await createOu('AI', rootId);
    await createOu('Shared', ai);
    expect((await rejectionOf(createOu('AI', rootId))).name).toBe('DuplicateOrganizationalUnitException');
    await expect(createOu('Shared', rootId)).resolves.toMatch(/^ou-/);
  });

  it('stops at five levels below the root with OU_DEPTH_LIMIT_EXCEEDED', async () => {
    let parent = rootId;
    for (let level = 1; level <= 5; level++) parent = await createOu(`L${level}`, parent);
    const error = await rejectionOf(createOu('L6', parent));
    expect(error).toMatchObject({ name: 'ConstraintViolationException', Reason: 'OU_DEPTH_LIMIT_EXCEEDED' });
  });

  it('answers ParentNotFoundException for a missing parent, InvalidInputException for a malformed one', async () => {
    expect((await rejectionOf(createOu('X', 'ou-abcd-12345678'))).name).toBe('ParentNotFoundException');
    expect(await rejectionOf(createOu('X', 'not-a-parent'))).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_PATTERN',
    });
  });

  it('tags OUs, and keeps the per-resource tag limit when tagging later', async () => {
    const ou = await createOu('Tagged', rootId);
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    await f.org.send(new TagResourceCommand({ ResourceId: ou, Tags: tags }));
    const { Tags } = await f.org.send(new ListTagsForResourceCommand({ ResourceId: ou }));
    expect(Tags).toHaveLength(20); // first page
    const error = await rejectionOf(
      f.org.send(new TagResourceCommand({ ResourceId: ou, Tags: [{ Key: 'one-more', Value: '' }] })),
    );
    expect(error).toMatchObject({ Reason: 'MAX_TAG_LIMIT_EXCEEDED' });
    expect(
      (await rejectionOf(f.org.send(new ListTagsForResourceCommand({ ResourceId: '999999999999' })))).name,
    ).toBe('TargetNotFoundException');
  });
});
