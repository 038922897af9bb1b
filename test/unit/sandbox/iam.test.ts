import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '#lib/sandbox/index.ts';
import { clientsAs, type Fixture, rejectionOf, startFixture } from './fixture.ts';

let f: Fixture;
/**
 * The SDK classes LimitExceededException as throttling and retries it with backoff (as it
 * would against AWS); limit tests use a client that does not, to stay fast.
 */
let iam: IAMClient;
beforeAll(async () => {
  f = await startFixture();
  iam = new IAMClient({ ...sandboxClientConfig(f.sandbox), maxAttempts: 1 });
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const member = async (name: string) => {
  const accountId = f.sandbox.org.addExistingAccount({ name, email: `${name}@example.com` });
  return { accountId, ...(await clientsAs(f, accountId)) };
};
const policy = (actions: string | string[], resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
  });
const trust = (principal: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });
const SAGEMAKER_TRUST = trust({ Service: 'sagemaker.amazonaws.com' });
const createRole = (client: IAMClient, name: string, document = SAGEMAKER_TRUST) =>
  client.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }));
/** A document of exactly `chars` characters without whitespace. */
const sized = (chars: number) => {
  const base = policy('s3:GetObject', 'arn:aws:s3:::b/');
  const padding = chars - base.length;
  return policy('s3:GetObject', `arn:aws:s3:::b/${'x'.repeat(padding)}`);
};

describe('per account', () => {
  it('keeps a role created in one account invisible from another and from the management account', async () => {
    const a = await member('team-a');
    const b = await member('team-b');
    await createRole(a.iam, 'DataScientist');

    await expect(a.iam.send(new GetRoleCommand({ RoleName: 'DataScientist' }))).resolves.toMatchObject({
      Role: { Arn: `arn:aws:iam::${a.accountId}:role/DataScientist` },
    });
    for (const client of [b.iam, iam]) {
      const error = await rejectionOf(client.send(new GetRoleCommand({ RoleName: 'DataScientist' })));
      expect(error).toMatchObject({ name: 'NoSuchEntityException', Code: 'NoSuchEntity' });
      expect(error.$metadata).toMatchObject({ httpStatusCode: 404 });
    }
    expect(f.sandbox.iam.snapshot(a.accountId).roles.map((r) => r.name)).toEqual([
      'DataScientist',
      'OrganizationAccountAccessRole',
    ]);
    expect(f.sandbox.iam.snapshot(b.accountId).roles.map((r) => r.name)).toEqual([
      'OrganizationAccountAccessRole',
    ]);
    expect(f.sandbox.calls.at(-1)).toMatchObject({ service: 'iam', operation: 'GetRole' });
  });

  it('shows the access role CreateAccount made, trusting the management account, URL-encoded like AWS', async () => {
    const a = await member('access');
    const { Role } = await a.iam.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }));
    expect(Role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22%3A%222012-10-17%22/);
    expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''))).toMatchObject({
      Statement: [{ Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }],
    });
    const attached = await a.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'OrganizationAccountAccessRole' }),
    );
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    ]);
  });

  it('lets AssumeRole use a role the product created, when its trust policy names the caller', async () => {
    const a = await member('assumable');
    await createRole(a.iam, 'Trusting', trust({ AWS: 'arn:aws:iam::111111111111:root' }));
    await createRole(a.iam, 'Sagemaker');
    const assume = (name: string) =>
      f.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${a.accountId}:role/${name}`,
          RoleSessionName: 'sess',
        }),
      );
    await expect(assume('Trusting')).resolves.toBeDefined();
    expect((await rejectionOf(assume('Sagemaker'))).name).toBe('AccessDenied');
    // Deleting the access role locks the management account out, as in AWS.
    await a.iam.send(
      new DetachRolePolicyCommand({
        RoleName: 'OrganizationAccountAccessRole',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    await a.iam.send(new DeleteRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }));
    expect((await rejectionOf(clientsAs(f, a.accountId))).name).toBe('AccessDenied');
  });
});

describe('roles', () => {
  it('refuses a duplicate name in any case with EntityAlreadyExists (409) and an invalid name with ValidationError', async () => {
    await createRole(iam, 'Builder');
    const duplicate = await rejectionOf(createRole(iam, 'BUILDER'));
    expect(duplicate).toMatchObject({ name: 'EntityAlreadyExistsException', Code: 'EntityAlreadyExists' });
    expect(duplicate.message).toBe('Role with name BUILDER already exists.');
    expect(duplicate.$metadata).toMatchObject({ httpStatusCode: 409 });
    const invalid = await rejectionOf(createRole(iam, 'has space'));
    expect(invalid.name).toBe('ValidationError');
    expect(invalid.message).toContain("at 'roleName' failed to satisfy constraint");
  });

  it('checks trust policies: JSON, a policy, a Principal, principals that exist, 2,048 characters', async () => {
    const cases: [string, string][] = [
      ['{not json', 'Syntax errors in policy.'],
      ['{"Version":"2012-10-17"}', 'Syntax errors in policy.'],
      [
        JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
        'Missing required field Principal.',
      ],
      [
        trust({ AWS: `arn:aws:iam::${f.sandbox.managementAccountId}:role/Ghost` }),
        'Invalid principal in policy',
      ],
    ];
    for (const [document, message] of cases) {
      const error = await rejectionOf(createRole(iam, 'Checked', document));
      expect(error).toMatchObject({
        name: 'MalformedPolicyDocumentException',
        Code: 'MalformedPolicyDocument',
      });
      expect(error.message).toContain(message);
    }
    const long = trust({ AWS: Array.from({ length: 150 }, (_, i) => `${100000000000 + i}`) });
    const tooLong = await rejectionOf(createRole(iam, 'Checked', long));
    expect(tooLong).toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for ACLSizePerRole: 2048',
    });
    await expect(createRole(iam, 'Checked')).resolves.toBeDefined();
  });

  it('updates the trust policy, lists roles, and refuses to delete a role that still has policies', async () => {
    await createRole(iam, 'Updatable');
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'Updatable',
        PolicyDocument: trust({ Service: 'glue.amazonaws.com' }),
      }),
    );
    const { Roles } = await iam.send(new ListRolesCommand({}));
    expect(Roles?.map((r) => r.RoleName)).toEqual(['Updatable', 'vending-machine-lambda']);
    expect(decodeURIComponent(Roles?.[0]?.AssumeRolePolicyDocument ?? '')).toContain('glue.amazonaws.com');

    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'Updatable', PolicyName: 'p', PolicyDocument: policy('s3:*') }),
    );
    const conflict = await rejectionOf(iam.send(new DeleteRoleCommand({ RoleName: 'Updatable' })));
    expect(conflict).toMatchObject({ name: 'DeleteConflictException' });
    expect(conflict.$metadata).toMatchObject({ httpStatusCode: 409 });
  });

  it('keeps path, description, session duration and tags, and pages ListRoles with Marker', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'Tagged',
        Path: '/avm/',
        Description: 'SageMaker execution',
        MaxSessionDuration: 7_200,
        AssumeRolePolicyDocument: SAGEMAKER_TRUST,
        Tags: [{ Key: 'team', Value: 'ml' }],
      }),
    );
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'tagged' }));
    expect(Role).toMatchObject({
      RoleName: 'Tagged',
      Path: '/avm/',
      Arn: `arn:aws:iam::${f.sandbox.managementAccountId}:role/avm/Tagged`,
      Description: 'SageMaker execution',
      MaxSessionDuration: 7_200,
      Tags: [{ Key: 'team', Value: 'ml' }],
    });
    expect(Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    for (let i = 0; i < 3; i++) await createRole(iam, `paged-${i}`);
    const first = await iam.send(new ListRolesCommand({ MaxItems: 2 }));
    expect(first).toMatchObject({ IsTruncated: true });
    const rest = await iam.send(new ListRolesCommand({ MaxItems: 10, Marker: first.Marker }));
    expect([...(first.Roles ?? []), ...(rest.Roles ?? [])].map((r) => r.RoleName)).toEqual([
      'paged-0',
      'paged-1',
      'paged-2',
      'Tagged',
      'vending-machine-lambda',
    ]);
    expect(rest.IsTruncated).toBe(false);
  });
});

describe('inline policies', () => {
  it('returns documents URL-encoded (the SDK does not decode them) and round-trips the exact text', async () => {
    await createRole(iam, 'Reader');
    const document = `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ml-data/*"}]\n}`;
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'read', PolicyDocument: document }),
    );
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'read' }),
    );
    expect(PolicyDocument).not.toBe(document);
    expect(PolicyDocument).toContain('%7B%0A%20%20%22Version%22');
    expect(decodeURIComponent(PolicyDocument ?? '')).toBe(document);
    expect(f.sandbox.iam.snapshot(f.sandbox.managementAccountId).roles[0]?.inlinePolicies).toEqual({
      read: document,
    });
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'Reader' }))).PolicyNames).toEqual([
      'read',
    ]);
  });

  it('refuses identity documents with a principal or without resources, and unknown roles', async () => {
    await createRole(iam, 'Strict');
    const put = (RoleName: string, PolicyDocument: string) =>
      iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'p', PolicyDocument }));
    const withPrincipal = JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
    });
    expect((await rejectionOf(put('Strict', withPrincipal))).message).toBe(
      'Policy document should not specify a principal.',
    );
    const noResource = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*' }] });
    expect((await rejectionOf(put('Strict', noResource))).name).toBe('MalformedPolicyDocumentException');
    expect((await rejectionOf(put('Nobody', policy('s3:*')))).message).toBe(
      'The role with name Nobody cannot be found.',
    );
  });

  it('limits the inline total per group (5,120) and per role (10,240), whitespace not counted', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'ml-engineers' }));
    const putGroup = (PolicyName: string, PolicyDocument: string) =>
      iam.send(new PutGroupPolicyCommand({ GroupName: 'ml-engineers', PolicyName, PolicyDocument }));
    await putGroup('a', sized(3_000));
    // Whitespace is free: 3,000 counted characters padded to well over 5,120.
    await putGroup('b', sized(2_120).replace('{', `{${' '.repeat(4_000)}`));
    const over = await rejectionOf(putGroup('c', policy('s3:*')));
    expect(over).toMatchObject({
      name: 'LimitExceededException',
      Code: 'LimitExceeded',
      message: 'Maximum policy size of 5120 bytes exceeded for group ml-engineers',
    });
    // Replacing a policy counts the new text instead of the old.
    await putGroup('b', policy('s3:*'));
    const { PolicyDocument } = await iam.send(
      new GetGroupPolicyCommand({ GroupName: 'ml-engineers', PolicyName: 'b' }),
    );
    expect(decodeURIComponent(PolicyDocument ?? '')).toBe(policy('s3:*'));

    await createRole(iam, 'Big');
    const putRole = (PolicyName: string, PolicyDocument: string) =>
      iam.send(new PutRolePolicyCommand({ RoleName: 'Big', PolicyName, PolicyDocument }));
    await putRole('a', sized(10_240));
    expect((await rejectionOf(putRole('b', policy('s3:*')))).message).toBe(
      'Maximum policy size of 10240 bytes exceeded for role Big',
    );
  });
});

describe('groups', () => {
  it('are case-insensitively unique', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'DataScientists' }));
    const error = await rejectionOf(iam.send(new CreateGroupCommand({ GroupName: 'datascientists' })));
    expect(error).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Group with name datascientists already exists.',
    });
    expect((await iam.send(new ListGroupsCommand({}))).Groups?.map((g) => g.GroupName)).toEqual([
      'DataScientists',
    ]);
  });
});

describe('managed policies', () => {
  const create = (PolicyName: string, PolicyDocument: string) =>
    iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument, Path: '/avm/', Description: 'test' }));

  it('limits a document to 6,144 characters without whitespace', async () => {
    await expect(create('exact', sized(6_144).replace(',', `,${'\n'.repeat(500)}`))).resolves.toBeDefined();
    const error = await rejectionOf(create('over', sized(6_145)));
    expect(error).toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for PolicySize: 6144',
    });
    expect(error.$metadata).toMatchObject({ httpStatusCode: 409 });
  });

  it('keeps at most five versions, switches the default, and refuses to delete the default', async () => {
    const { Policy } = await create('versions', policy('s3:GetObject'));
    const arn = Policy?.Arn as string;
    expect(arn).toBe(`arn:aws:iam::${f.sandbox.managementAccountId}:policy/avm/versions`);
    for (let i = 2; i <= 5; i++)
      await iam.send(
        new CreatePolicyVersionCommand({
          PolicyArn: arn,
          PolicyDocument: policy(`s3:Get${i}`),
          SetAsDefault: i === 5,
        }),
      );
    const sixth = await rejectionOf(
      iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policy('s3:*') })),
    );
    expect(sixth.name).toBe('LimitExceededException');
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe('v5');
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }),
    );
    expect(decodeURIComponent(PolicyVersion?.Document ?? '')).toBe(policy('s3:Get5'));
    expect(
      (await rejectionOf(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })))).name,
    ).toBe('DeleteConflictException');
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    const { Versions } = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v5', true],
      ['v4', false],
      ['v3', false],
      ['v2', false],
    ]);
    const snapshot = f.sandbox.iam.snapshot(f.sandbox.managementAccountId).policies;
    expect(snapshot).toMatchObject([{ name: 'versions', path: '/avm/', defaultVersionId: 'v5' }]);
    expect(snapshot[0]?.versions.map((v) => v.versionId)).toEqual(['v2', 'v3', 'v4', 'v5']);
  });

  it('attaches known AWS managed policies, refuses unknown ones, and caps attachments at 10', async () => {
    await createRole(iam, 'Attached');
    const attach = (PolicyArn: string) =>
      iam.send(new AttachRolePolicyCommand({ RoleName: 'Attached', PolicyArn }));
    await attach('arn:aws:iam::aws:policy/AmazonSageMakerFullAccess');
    await attach('arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'); // again: no error, no duplicate
    const unknown = await rejectionOf(attach('arn:aws:iam::aws:policy/NoSuchThing'));
    expect(unknown).toMatchObject({ name: 'NoSuchEntityException' });
    expect(unknown.$metadata).toMatchObject({ httpStatusCode: 404 });
    for (let i = 0; i < 9; i++) {
      const { Policy } = await create(`p${i}`, policy('s3:GetObject'));
      await attach(Policy?.Arn as string);
    }
    const eleventh = await create('p9', policy('s3:GetObject'));
    expect((await rejectionOf(attach(eleventh.Policy?.Arn as string))).message).toBe(
      'Cannot exceed quota for PoliciesPerRole: 10',
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'g' }));
    await iam.send(
      new AttachGroupPolicyCommand({ GroupName: 'g', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );

    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies).toHaveLength(10);
    expect(local.Policies?.find((p) => p.PolicyName === 'p0')?.AttachmentCount).toBe(1);
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
    expect(aws.Policies?.map((p) => p.PolicyName)).toEqual([
      'AdministratorAccess', // the management principal's role
      'AmazonSageMakerFullAccess',
      'ReadOnlyAccess',
    ]);
  });
});

describe('faults', () => {
  it('apply to IAM operations by their AWS names, with the model status', async () => {
    f.sandbox.faults.add({
      operation: 'CreateRole',
      service: 'iam',
      error: 'NoSuchEntity',
      message: 'injected',
    });
    const error = await rejectionOf(createRole(iam, 'Faulted'));
    expect(error).toMatchObject({ name: 'NoSuchEntityException', message: 'injected' });
    expect(error.$metadata).toMatchObject({ httpStatusCode: 404 });
    expect(f.sandbox.calls.at(-1)).toMatchObject({
      service: 'iam',
      operation: 'CreateRole',
      errorName: 'NoSuchEntity',
    });
    await expect(createRole(iam, 'Faulted')).resolves.toBeDefined();
  });
});
