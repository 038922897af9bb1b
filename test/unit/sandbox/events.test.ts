import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EventBridgeClient,
  ListArchivesCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EventEnvelope, sandboxClientConfig, startSandbox } from '#lib/sandbox/index.ts';
import { clientsAs, type Fixture, rejectionOf, startFixture } from './fixture.ts';

let f: Fixture;
let noRetry: EventBridgeClient;
beforeAll(async () => {
  f = await startFixture({ eventBuses: ['avm'], pageSize: 2 });
  noRetry = new EventBridgeClient({ ...sandboxClientConfig(f.sandbox), maxAttempts: 1 });
});
beforeEach(() => f.sandbox.reset());
afterAll(() => f.sandbox.stop());

const MANAGEMENT = '111111111111';
const AVM_BUS_ARN = `arn:aws:events:us-east-1:${MANAGEMENT}:event-bus/avm`;

const entry = (override: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  EventBusName: 'avm',
  Source: 'avm.requests',
  DetailType: 'Account Requested',
  Detail: JSON.stringify({ requestId: 'req-1', accountName: 'ml-dev' }),
  ...override,
});
const put = (...entries: PutEventsRequestEntry[]) =>
  f.events.send(new PutEventsCommand({ Entries: entries }));
const requested = (requestId: string) =>
  entry({ Detail: JSON.stringify({ requestId, accountName: `ml-${requestId}` }) });

describe('event buses', () => {
  it('default exists in every account and Region; custom buses are created, described, listed and deleted', async () => {
    const described = await f.events.send(new DescribeEventBusCommand({}));
    expect(described).toMatchObject({
      Name: 'default',
      Arn: `arn:aws:events:us-east-1:${MANAGEMENT}:event-bus/default`,
    });
    expect(described.CreationTime).toBeInstanceOf(Date);

    const created = await f.events.send(
      new CreateEventBusCommand({ Name: 'audit', Description: 'audit trail' }),
    );
    expect(created.EventBusArn).toBe(`arn:aws:events:us-east-1:${MANAGEMENT}:event-bus/audit`);
    expect(await f.events.send(new DescribeEventBusCommand({ Name: created.EventBusArn }))).toMatchObject({
      Name: 'audit',
      Description: 'audit trail',
    });

    const first = await f.events.send(new ListEventBusesCommand({}));
    expect(first.EventBuses?.map((b) => b.Name)).toEqual(['audit', 'avm']);
    const second = await f.events.send(new ListEventBusesCommand({ NextToken: first.NextToken }));
    expect(second.EventBuses?.map((b) => b.Name)).toEqual(['default']);
    expect(second.NextToken).toBeUndefined();
    const prefixed = await f.events.send(new ListEventBusesCommand({ NamePrefix: 'av' }));
    expect(prefixed.EventBuses?.map((b) => b.Name)).toEqual(['avm']);

    await f.events.send(new DeleteEventBusCommand({ Name: 'audit' }));
    const gone = await rejectionOf(f.events.send(new DescribeEventBusCommand({ Name: 'audit' })));
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus audit does not exist.',
    });
    // Deleting a bus that does not exist succeeds, as in AWS.
    await f.events.send(new DeleteEventBusCommand({ Name: 'audit' }));
  });

  it('refuses duplicates, the default bus, and names outside the model', async () => {
    for (const name of ['avm', 'default']) {
      const error = await rejectionOf(f.events.send(new CreateEventBusCommand({ Name: name })));
      expect(error).toMatchObject({
        name: 'ResourceAlreadyExistsException',
        message: `Event bus ${name} already exists.`,
      });
    }
    const deleteDefault = await rejectionOf(f.events.send(new DeleteEventBusCommand({ Name: 'default' })));
    expect(deleteDefault).toMatchObject({
      name: 'ValidationException',
      message: 'Cannot delete event bus default.',
      $metadata: { httpStatusCode: 400 },
    });
    const badName = await rejectionOf(f.events.send(new CreateEventBusCommand({ Name: 'bad name!' })));
    expect(badName.name).toBe('ValidationException');
    expect(badName.message).toContain("at 'name' failed to satisfy constraint");
  });

  it('are per account and Region; pre-created buses come back after reset', async () => {
    const memberId = f.sandbox.org.addExistingAccount({ name: 'member', email: 'member@example.com' });
    const member = await clientsAs(f, memberId);
    const memberBuses = await member.events.send(new ListEventBusesCommand({}));
    expect(memberBuses.EventBuses?.map((b) => b.Arn)).toEqual([
      `arn:aws:events:us-east-1:${memberId}:event-bus/default`,
    ]);

    const euWest = new EventBridgeClient({ ...sandboxClientConfig(f.sandbox), region: 'eu-west-1' });
    expect((await euWest.send(new ListEventBusesCommand({}))).EventBuses?.map((b) => b.Name)).toEqual([
      'default',
    ]);

    await f.events.send(new CreateEventBusCommand({ Name: 'temporary' }));
    f.sandbox.reset();
    const after = await f.events.send(new ListEventBusesCommand({ Limit: 10 }));
    expect(after.EventBuses?.map((b) => b.Name)).toEqual(['avm', 'default']);
    expect(f.sandbox.events.busesOf(MANAGEMENT, 'us-east-1').map((b) => b.name)).toEqual(['avm', 'default']);
  });
});

describe('PutEvents', () => {
  it('turns each accepted entry into an envelope on its bus, in order, with the EventId as id', async () => {
    const result = await put(
      requested('a'),
      entry({
        DetailType: 'Account Vended',
        Detail: '{"requestId":"a","accountId":"123456789012"}',
        Resources: ['arn:aws:organizations::111111111111:account/o-x/123456789012'],
        Time: new Date('2026-03-01T10:20:30.456Z'),
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries).toHaveLength(2);
    const published = f.sandbox.events.published;
    expect(published.map((e) => e.envelope.id)).toEqual(result.Entries?.map((e) => e.EventId));
    expect(published[0]).toEqual({
      bus: 'avm',
      busArn: AVM_BUS_ARN,
      envelope: {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'Account Requested',
        source: 'avm.requests',
        account: MANAGEMENT,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        region: 'us-east-1',
        resources: [],
        detail: { requestId: 'a', accountName: 'ml-a' },
      },
    });
    expect(published[1]?.envelope).toMatchObject({
      time: '2026-03-01T10:20:30Z',
      resources: ['arn:aws:organizations::111111111111:account/o-x/123456789012'],
      detail: { requestId: 'a', accountId: '123456789012' },
    });
    expect(f.sandbox.calls.at(-1)).toMatchObject({ service: 'events', operation: 'PutEvents' });
  });

  it('accepts 1 to 10 entries; 0 or 11 fail the whole call with ValidationException', async () => {
    const empty = await rejectionOf(noRetry.send(new PutEventsCommand({ Entries: [] })));
    expect(empty).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(empty.message).toContain('Member must have length greater than or equal to 1');

    const eleven = Array.from({ length: 11 }, (_, i) => requested(String(i)));
    const tooMany = await rejectionOf(noRetry.send(new PutEventsCommand({ Entries: eleven })));
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toContain("at 'entries' failed to satisfy constraint");
    expect(tooMany.message).toContain('Member must have length less than or equal to 10');
    expect(f.sandbox.events.published).toHaveLength(0);

    expect((await put(...eleven.slice(0, 10))).FailedEntryCount).toBe(0);
  });

  it('fails invalid entries one by one with AWS error codes, the rest go through', async () => {
    const result = await put(
      entry({ Source: undefined }),
      entry({ DetailType: undefined }),
      entry({ Detail: undefined }),
      entry({ Detail: '["an", "array"]' }),
      entry({ Detail: '"a string"' }),
      entry({ Detail: '{not json' }),
      entry({ Source: 'aws.organizations' }),
      entry({ DetailType: 'x'.repeat(129) }),
      entry({ DetailType: 'x'.repeat(128) }),
      requested('ok'),
    );
    expect(result.FailedEntryCount).toBe(8);
    expect(result.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'MalformedDetail',
      'MalformedDetail',
      'MalformedDetail',
      'NotAuthorizedForSourceException',
      'InvalidArgument',
      'ok',
      'ok',
    ]);
    expect(result.Entries?.slice(0, 4).map((e) => e.ErrorMessage)).toEqual([
      'Parameter Source is not valid. Reason: Source is a required argument.',
      'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      'Parameter Detail is not valid. Reason: Detail is a required argument.',
      'Detail is malformed.',
    ]);
    expect(result.Entries?.[6]?.ErrorMessage).toBe('Not authorized for the source.');
    expect(result.Entries?.slice(0, 8).every((e) => e.EventId === undefined)).toBe(true);
    expect(f.sandbox.events.published.map((e) => e.envelope.id)).toEqual(
      result.Entries?.slice(8).map((e) => e.EventId),
    );
  });

  it('refuses a call whose entries total 256 KB or more, by AWS size calculation', async () => {
    const limit = 262_144;
    const fixed = Buffer.byteLength('avm.requests') + Buffer.byteLength('Account Requested');
    const detailOf = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - 10) });
    const justUnder = detailOf(limit - 1 - fixed);
    expect(Buffer.byteLength(justUnder) + fixed).toBe(limit - 1);
    expect((await put(entry({ Detail: justUnder }))).FailedEntryCount).toBe(0);

    const error = await rejectionOf(
      noRetry.send(new PutEventsCommand({ Entries: [entry({ Detail: detailOf(limit - fixed) })] })),
    );
    expect(error).toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    // Split over two entries the total still counts.
    const half = detailOf(Math.ceil(limit / 2));
    expect(
      (
        await rejectionOf(
          noRetry.send(new PutEventsCommand({ Entries: [entry({ Detail: half }), entry({ Detail: half })] })),
        )
      ).name,
    ).toBe('ValidationException');
  });

  it('putEventsMaxBytes raises the limit to what AWS accepts since 2026 (1 MB)', async () => {
    const sandbox = await startSandbox({ putEventsMaxBytes: 1_048_576 });
    try {
      const client = new EventBridgeClient(sandboxClientConfig(sandbox));
      const big = JSON.stringify({ pad: 'x'.repeat(500_000) });
      const result = await client.send(
        new PutEventsCommand({ Entries: [entry({ EventBusName: undefined, Detail: big })] }),
      );
      expect(result.FailedEntryCount).toBe(0);
    } finally {
      await sandbox.stop();
    }
  });

  it('accepts entries for a bus that does not exist and drops them, as AWS does', async () => {
    const delivered: EventEnvelope[] = [];
    f.sandbox.events.onMatch({ bus: 'avm-typo', pattern: { source: ['avm.requests'] } }, (e) => {
      delivered.push(e);
    });
    const result = await put(entry({ EventBusName: 'avm-typo' }), entry({ EventBusName: `${AVM_BUS_ARN}x` }));
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.every((e) => typeof e.EventId === 'string')).toBe(true);
    expect(f.sandbox.events.published).toHaveLength(0);
    expect(f.sandbox.events.dropped.map((e) => e.bus)).toEqual(['avm-typo', 'avmx']);
    await f.sandbox.events.idle();
    expect(delivered).toHaveLength(0);

    const timeout = await rejectionOf(f.sandbox.events.waitFor(() => true, 20));
    expect(timeout.message).toContain('Published (0)');
    expect(timeout.message).toContain('Dropped: sent to a bus that does not exist (2)');
    expect(timeout.message).toContain('[avm-typo] avm.requests / Account Requested');
  });

  it('puts on the default bus when the entry names none, and accepts a bus ARN', async () => {
    await put(entry({ EventBusName: undefined }), entry({ EventBusName: AVM_BUS_ARN }));
    expect(f.sandbox.events.published.map((e) => [e.bus, e.busArn])).toEqual([
      ['default', `arn:aws:events:us-east-1:${MANAGEMENT}:event-bus/default`],
      ['avm', AVM_BUS_ARN],
    ]);
  });
});

describe('rules and targets (stored, not delivering)', () => {
  const pattern = JSON.stringify({ source: ['avm.requests'], 'detail-type': ['Account Requested'] });

  it('PutRule stores a validated rule per bus; Describe/List show it; updates keep targets and state', async () => {
    const { RuleArn } = await f.events.send(
      new PutRuleCommand({ Name: 'start-workflow', EventBusName: 'avm', EventPattern: pattern }),
    );
    expect(RuleArn).toBe(`arn:aws:events:us-east-1:${MANAGEMENT}:rule/avm/start-workflow`);
    const onDefault = await f.events.send(
      new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'rate(1 day)' }),
    );
    expect(onDefault.RuleArn).toBe(`arn:aws:events:us-east-1:${MANAGEMENT}:rule/nightly`);

    await f.events.send(
      new PutTargetsCommand({
        Rule: 'start-workflow',
        EventBusName: 'avm',
        Targets: [
          {
            Id: 'sfn',
            Arn: 'arn:aws:states:us-east-1:111111111111:stateMachine:avm',
            RoleArn: 'arn:aws:iam::111111111111:role/x',
          },
        ],
      }),
    );
    await f.events.send(new DisableRuleCommand({ Name: 'start-workflow', EventBusName: 'avm' }));
    await f.events.send(
      new PutRuleCommand({
        Name: 'start-workflow',
        EventBusName: 'avm',
        EventPattern: pattern,
        Description: 'v2',
      }),
    );
    expect(
      await f.events.send(new DescribeRuleCommand({ Name: 'start-workflow', EventBusName: 'avm' })),
    ).toMatchObject({
      Name: 'start-workflow',
      Arn: RuleArn,
      EventPattern: pattern,
      State: 'DISABLED',
      Description: 'v2',
      EventBusName: 'avm',
      CreatedBy: MANAGEMENT,
    });
    const targets = await f.events.send(
      new ListTargetsByRuleCommand({ Rule: 'start-workflow', EventBusName: 'avm' }),
    );
    expect(targets.Targets).toEqual([
      expect.objectContaining({ Id: 'sfn', RoleArn: 'arn:aws:iam::111111111111:role/x' }),
    ]);

    const rules = await f.events.send(new ListRulesCommand({ EventBusName: 'avm' }));
    expect(rules.Rules?.map((r) => [r.Name, r.EventBusName])).toEqual([['start-workflow', 'avm']]);
    expect(f.sandbox.events.published).toHaveLength(0);
  });

  it('refuses what AWS refuses', async () => {
    const cases: [Promise<unknown>, string, string][] = [
      [
        f.events.send(new PutRuleCommand({ Name: 'r', EventBusName: 'nope', EventPattern: pattern })),
        'ResourceNotFoundException',
        'Event bus nope does not exist.',
      ],
      [
        f.events.send(
          new PutRuleCommand({ Name: 'r', EventBusName: 'avm', EventPattern: '{"source": "avm"}' }),
        ),
        'InvalidEventPatternException',
        'Event pattern is not valid. Reason: "source" must be an object or an array',
      ],
      [
        f.events.send(new PutRuleCommand({ Name: 'r', EventBusName: 'avm' })),
        'ValidationException',
        'Parameter(s) EventPattern or ScheduleExpression must be specified.',
      ],
      [
        f.events.send(
          new PutRuleCommand({ Name: 'r', EventBusName: 'avm', ScheduleExpression: 'rate(1 day)' }),
        ),
        'ValidationException',
        'ScheduleExpression is supported only on the default event bus.',
      ],
      [
        f.events.send(new DescribeRuleCommand({ Name: 'missing' })),
        'ResourceNotFoundException',
        'Rule missing does not exist on EventBus default.',
      ],
      [
        f.events.send(new ListRulesCommand({ EventBusName: 'nope' })),
        'ResourceNotFoundException',
        'Event bus nope does not exist.',
      ],
    ];
    for (const [call, name, message] of cases)
      expect(await rejectionOf(call)).toMatchObject({ name, message });
  });

  it('a rule with targets cannot be deleted until they are removed', async () => {
    await f.events.send(new PutRuleCommand({ Name: 'r', EventBusName: 'avm', EventPattern: pattern }));
    await f.events.send(
      new PutTargetsCommand({
        Rule: 'r',
        EventBusName: 'avm',
        Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:111111111111:q' }],
      }),
    );
    const refused = await rejectionOf(
      f.events.send(new DeleteRuleCommand({ Name: 'r', EventBusName: 'avm' })),
    );
    expect(refused).toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    await f.events.send(new RemoveTargetsCommand({ Rule: 'r', EventBusName: 'avm', Ids: ['t'] }));
    await f.events.send(new DeleteRuleCommand({ Name: 'r', EventBusName: 'avm' }));
    expect((await f.events.send(new ListRulesCommand({ EventBusName: 'avm' }))).Rules).toEqual([]);
  });
});

describe('event patterns (TestEventPattern, PutRule and onMatch share one engine)', () => {
  const event = (detail: Record<string, unknown>) =>
    JSON.stringify({
      id: '7f1c',
      account: MANAGEMENT,
      source: 'avm.requests',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'Account Requested',
      detail,
    });
  const test = async (pattern: object, detail: Record<string, unknown>) =>
    (
      await f.events.send(
        new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: event(detail) }),
      )
    ).Result;

  const cases: [string, object, Record<string, unknown>, boolean][] = [
    ['exact source', { source: ['avm.requests'] }, {}, true],
    ['other source', { source: ['avm.other'] }, {}, false],
    ['any of the listed values', { 'detail-type': ['Account Vended', 'Account Requested'] }, {}, true],
    ['nested field', { detail: { team: { name: ['ml'] } } }, { team: { name: 'ml' } }, true],
    ['nested field missing', { detail: { team: { name: ['ml'] } } }, {}, false],
    ['array field overlaps', { detail: { tags: ['gpu'] } }, { tags: ['cpu', 'gpu'] }, true],
    ['numbers match numbers only', { detail: { n: [5] } }, { n: '5' }, false],
    ['null matches null, not missing', { detail: { x: [null] } }, {}, false],
    ['prefix', { detail: { name: [{ prefix: 'ml-' }] } }, { name: 'ml-dev' }, true],
    ['prefix miss', { detail: { name: [{ prefix: 'ml-' }] } }, { name: 'dev' }, false],
    [
      'prefix ignoring case',
      { detail: { name: [{ prefix: { 'equals-ignore-case': 'ML-' } }] } },
      { name: 'ml-dev' },
      true,
    ],
    ['suffix', { detail: { name: [{ suffix: '-prod' }] } }, { name: 'ml-prod' }, true],
    [
      'equals-ignore-case',
      { detail: { name: [{ 'equals-ignore-case': 'ML-DEV' }] } },
      { name: 'ml-dev' },
      true,
    ],
    ['wildcard', { detail: { name: [{ wildcard: 'ml-*-prod' }] } }, { name: 'ml-eu-prod' }, true],
    [
      'anything-but value',
      { detail: { status: [{ 'anything-but': 'FAILED' }] } },
      { status: 'VENDED' },
      true,
    ],
    [
      'anything-but excluded',
      { detail: { status: [{ 'anything-but': 'FAILED' }] } },
      { status: 'FAILED' },
      false,
    ],
    [
      'anything-but never matches a missing field',
      { detail: { status: [{ 'anything-but': 'FAILED' }] } },
      {},
      false,
    ],
    ['anything-but list', { detail: { status: [{ 'anything-but': ['A', 'B'] }] } }, { status: 'B' }, false],
    [
      'anything-but prefix',
      { detail: { name: [{ 'anything-but': { prefix: 'test-' } }] } },
      { name: 'prod-1' },
      true,
    ],
    [
      'anything-but prefix excluded',
      { detail: { name: [{ 'anything-but': { prefix: 'test-' } }] } },
      { name: 'test-1' },
      false,
    ],
    ['exists true', { detail: { accountId: [{ exists: true }] } }, { accountId: '1' }, true],
    ['exists true, missing', { detail: { accountId: [{ exists: true }] } }, {}, false],
    ['exists false, missing', { detail: { accountId: [{ exists: false }] } }, {}, true],
    ['exists false, present', { detail: { accountId: [{ exists: false }] } }, { accountId: '1' }, false],
    ['numeric range', { detail: { gpus: [{ numeric: ['>', 0, '<=', 8] }] } }, { gpus: 8 }, true],
    ['numeric range miss', { detail: { gpus: [{ numeric: ['>', 0, '<=', 8] }] } }, { gpus: 9 }, false],
    ['numeric needs a number', { detail: { gpus: [{ numeric: ['=', 8] }] } }, { gpus: '8' }, false],
    ['$or, second branch', { detail: { $or: [{ a: ['1'] }, { b: ['2'] }] } }, { b: '2' }, true],
    ['$or, no branch', { detail: { $or: [{ a: ['1'] }, { b: ['2'] }] } }, { a: '2' }, false],
  ];
  it.each(cases)('%s', async (_name, pattern, detail, expected) => {
    expect(await test(pattern, detail)).toBe(expected);
  });

  const invalid: [string, string, string][] = [
    ['not JSON', '{source', 'Invalid JSON'],
    ['a value that is not an array or object', '{"source": "avm"}', '"source" must be an object or an array'],
    ['an empty array', '{"source": []}', 'Empty arrays are not allowed'],
    ['an empty object', '{}', 'Empty objects are not allowed'],
    ['an unknown operator', '{"detail": {"x": [{"nope": 1}]}}', 'Unrecognized match type nope'],
    [
      'two operators in one expression',
      '{"x": [{"prefix": "a", "suffix": "b"}]}',
      'Only one key allowed in match expression',
    ],
    [
      'a single $or branch',
      '{"detail": {"$or": [{"a": ["1"]}]}}',
      'There must have at least 2 Objects in $or relationship.',
    ],
    ['a bad numeric', '{"x": [{"numeric": [">", "one"]}]}', 'Value of numeric'],
    [
      'a non-boolean exists',
      '{"x": [{"exists": "yes"}]}',
      'exists match pattern must be either true or false.',
    ],
  ];
  it.each(invalid)('refuses %s with InvalidEventPatternException', async (_name, pattern, reason) => {
    const error = await rejectionOf(
      f.events.send(new TestEventPatternCommand({ EventPattern: pattern, Event: event({}) })),
    );
    expect(error.name).toBe('InvalidEventPatternException');
    expect(error.message).toContain(`Event pattern is not valid. Reason: ${reason}`);
  });

  it('TestEventPattern needs the envelope fields AWS requires', async () => {
    const error = await rejectionOf(
      f.events.send(
        new TestEventPatternCommand({ EventPattern: '{"source":["a"]}', Event: '{"source":"a"}' }),
      ),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('id, account, time, region, resources, detail-type');
  });
});

describe('local targets (onMatch)', () => {
  const requestedPattern = { source: ['avm.requests'], 'detail-type': ['Account Requested'] };

  it('deliver matching events after PutEvents has answered, never inside it', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const delivered: EventEnvelope[] = [];
    f.sandbox.events.onMatch({ bus: 'avm', pattern: requestedPattern }, async (envelope) => {
      await gate;
      delivered.push(envelope);
    });

    const result = await put(
      requested('a'),
      entry({ DetailType: 'Account Vended' }),
      entry({ EventBusName: 'default' }),
    );
    expect(result.FailedEntryCount).toBe(0);
    expect(delivered).toHaveLength(0);
    release();
    await f.sandbox.events.idle();
    expect(delivered.map((e) => e.id)).toEqual([result.Entries?.[0]?.EventId]);
    expect(delivered[0]).toEqual(f.sandbox.events.published[0]?.envelope);
    expect(delivered[0]).not.toBe(f.sandbox.events.published[0]?.envelope);
  });

  it('a target can publish in turn; idle waits for the whole chain', async () => {
    const vendedBy = new Map<string, string>();
    f.sandbox.events.onMatch({ bus: AVM_BUS_ARN, pattern: requestedPattern }, async ({ detail }) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await put(
        entry({ DetailType: 'Account Vended', Detail: JSON.stringify({ requestId: detail.requestId }) }),
      );
    });
    f.sandbox.events.onMatch(
      { bus: 'avm', pattern: { 'detail-type': ['Account Vended'] } },
      ({ id, detail }) => {
        vendedBy.set(String(detail.requestId), id);
      },
    );
    await put(requested('a'), requested('b'));
    await f.sandbox.events.idle();
    expect([...vendedBy.keys()].sort()).toEqual(['a', 'b']);
    expect(f.sandbox.events.published.map((e) => e.envelope['detail-type'])).toEqual([
      'Account Requested',
      'Account Requested',
      'Account Vended',
      'Account Vended',
    ]);
  });

  it('records what a target throws; PutEvents still succeeded', async () => {
    f.sandbox.events.onMatch({ bus: 'avm', pattern: requestedPattern }, () => {
      throw new Error('workflow failed to start');
    });
    expect((await put(requested('a'))).FailedEntryCount).toBe(0);
    await f.sandbox.events.idle();
    expect(f.sandbox.events.deliveryErrors).toEqual([
      expect.objectContaining({
        bus: 'avm',
        error: expect.objectContaining({ message: 'workflow failed to start' }),
      }),
    ]);
  });

  it('stop on unregister and at reset; refuse invalid patterns', async () => {
    const delivered: string[] = [];
    const stop = f.sandbox.events.onMatch({ bus: 'avm', pattern: requestedPattern }, (e) => {
      delivered.push(e.id);
    });
    f.sandbox.events.onMatch({ bus: 'avm', pattern: { source: [{ prefix: 'avm.' }] } }, (e) => {
      delivered.push(`second:${e.id}`);
    });
    stop();
    await put(requested('a'));
    await f.sandbox.events.idle();
    expect(delivered).toEqual([`second:${f.sandbox.events.published[0]?.envelope.id}`]);

    f.sandbox.reset();
    await put(requested('b'));
    await f.sandbox.events.idle();
    expect(delivered).toHaveLength(1);

    expect(() =>
      f.sandbox.events.onMatch({ bus: 'avm', pattern: { source: 'avm.requests' } }, () => {}),
    ).toThrow('onMatch: Event pattern is not valid. Reason: "source" must be an object or an array');
  });

  it('waitFor resolves with an event already published or still to come, and rejects listing what was published', async () => {
    await put(requested('a'));
    const already = await f.sandbox.events.waitFor((e) => e.detail.requestId === 'a');
    expect(already.detail).toMatchObject({ requestId: 'a' });

    const later = f.sandbox.events.waitFor(
      (e, { bus }) => bus === 'avm' && e['detail-type'] === 'Account Vended',
      1_000,
    );
    await put(entry({ DetailType: 'Account Vended', Detail: '{"requestId":"a"}' }));
    expect((await later)['detail-type']).toBe('Account Vended');

    const missed = await rejectionOf(
      f.sandbox.events.waitFor((e) => e['detail-type'] === 'Account Vending Failed', 30),
    );
    expect(missed.message).toContain('within 30 ms');
    expect(missed.message).toContain('Published (2):');
    expect(missed.message).toContain('[avm] avm.requests / Account Vended {"requestId":"a"}');
  });
});

describe('faults', () => {
  it('whole-call errors: ThrottlingException (400) and InternalException (500) by name, retried by the SDK', async () => {
    f.sandbox.faults.add({ operation: 'PutEvents', error: 'ThrottlingException' });
    const throttled = await rejectionOf(noRetry.send(new PutEventsCommand({ Entries: [requested('a')] })));
    expect(throttled).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });

    f.sandbox.faults.add({ operation: 'PutEvents', service: 'events', error: 'InternalException' });
    const internal = await rejectionOf(noRetry.send(new PutEventsCommand({ Entries: [requested('a')] })));
    expect(internal).toMatchObject({ name: 'InternalException', $metadata: { httpStatusCode: 500 } });

    f.sandbox.faults.add({ operation: 'PutEvents', error: 'InternalException', times: 2 });
    const retried = await put(requested('b'));
    expect(retried.$metadata.attempts).toBe(3);
    expect(f.sandbox.events.published.map((e) => e.envelope.detail.requestId)).toEqual(['b']);
    expect(f.sandbox.calls.filter((c) => c.service === 'events').map((c) => c.errorName)).toEqual([
      'ThrottlingException',
      'InternalException',
      'InternalException',
      'InternalException',
      undefined,
    ]);
  });

  it('failEntries: the next N acceptable entries fail one by one with a retryable code', async () => {
    f.sandbox.faults.failEntries({ times: 2, errorCode: 'InternalFailure' });
    f.sandbox.faults.failEntries({ errorCode: 'ThrottlingException' });
    const result = await put(
      entry({ Source: undefined }),
      requested('a'),
      requested('b'),
      requested('c'),
      requested('d'),
    );
    expect(result.FailedEntryCount).toBe(4);
    expect(result.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'InvalidArgument',
      'InternalFailure',
      'InternalFailure',
      'ThrottlingException',
      'ok',
    ]);
    expect(result.Entries?.[1]?.ErrorMessage).toBe('Internal Service Failure');
    expect(f.sandbox.events.published.map((e) => e.envelope.detail.requestId)).toEqual(['d']);
    expect((await put(requested('a'))).FailedEntryCount).toBe(0);
  });

  it('an unmodelled operation is named', async () => {
    const error = await rejectionOf(noRetry.send(new ListArchivesCommand({})));
    expect(error.name).toBe('UnknownOperationException');
    expect(error.message).toContain('EventBridge operation ListArchives');
  });
});
