import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '#lib/config/index.ts';
import type { FailureDetails, RequestRecord } from '#lib/record/types.ts';
import { type Block, message, section, truncate } from '#lib/slack/blocks.ts';
import {
  acceptedMessage,
  blueprintsMessage,
  errorMessage,
  helpMessage,
  outcomeMessage,
  retryNotNeededMessage,
  retryRequestedMessage,
  type SlackMessage,
  statusMessage,
} from '#lib/slack/messages.ts';

/** Every text a message shows, to search and to check against Block Kit limits. */
function texts(msg: SlackMessage): string[] {
  return msg.blocks.flatMap((block: Block) => {
    if (block.type === 'section')
      return 'text' in block ? [block.text.text] : block.fields.map((f) => f.text);
    if (block.type === 'context') return block.elements.map((e) => e.text);
    return [];
  });
}
const all = (msg: SlackMessage) => [msg.text, ...texts(msg)].join('\n');

function expectWithinLimits(msg: SlackMessage): void {
  expect(['ephemeral', 'in_channel']).toContain(msg.response_type);
  expect(msg.text.length).toBeGreaterThan(0);
  expect(msg.blocks.length).toBeGreaterThan(0);
  expect(msg.blocks.length).toBeLessThanOrEqual(50);
  for (const block of msg.blocks) {
    if (block.type === 'section' && 'text' in block) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    if (block.type === 'section' && 'fields' in block) {
      expect(block.fields.length).toBeLessThanOrEqual(10);
      for (const field of block.fields) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
  }
}

const base: RequestRecord = {
  requestId: 'r-123',
  status: 'SUCCEEDED',
  request: { accountName: 'R&D <ml>', email: 'a@example.com', blueprint: 'ai-dev' },
  createdAt: '2024-05-01T10:00:00.000Z',
  updatedAt: '2024-05-01T10:05:00.000Z',
  completedAt: '2024-05-01T10:05:00.000Z',
  accountId: '222233334444',
  ouId: 'ou-ab12-cdef3456',
  ouPath: '/AI/Development',
  scps: ['deny-leave-organization'],
  ouScps: ['ai-dev-guardrails'],
  shares: [
    { name: 'ai-training-shared', arn: 'arn:share', ownerAccount: '111111111111', resourceArns: ['a', 'b'] },
  ],
  groups: ['data-scientists', 'ml-engineers'],
  executionRoleArn: 'arn:aws:iam::222233334444:role/avm-sagemaker-execution',
  trainingBucket: 'avm-training-222233334444',
  dataRoles: [
    {
      name: 'training-data',
      roleArn: 'arn:aws:iam::222233334444:role/avm-data-training-data',
      bucket: 'ml-data',
      prefix: 'datasets/',
      access: 'read',
    },
  ],
  steps: { Claim: { completedAt: '2024-05-01T10:00:01.000Z' } },
};

const failed: RequestRecord = {
  ...base,
  status: 'FAILED',
  accountId: undefined,
  failure: {
    step: 'ShareResources',
    error: 'ResourceShareError',
    message: 'cannot share <arn> & co',
    at: '2024-05-01T10:04:00.000Z',
  },
};

describe('acceptedMessage', () => {
  it('says what was understood and what happens next, escaped', () => {
    const msg = acceptedMessage('r-123', {
      accountName: 'R&D <ml>',
      email: 'a@example.com',
      blueprint: 'ai-dev',
      tags: { Team: 'ML' },
    });
    expectWithinLimits(msg);
    expect(msg.response_type).toBe('ephemeral');
    const text = all(msg);
    expect(text).toContain('R&amp;D &lt;ml&gt;');
    expect(text).not.toContain('<ml>');
    expect(text).toContain('ai-dev');
    expect(text).toContain('Team=ML');
    expect(text).toContain("I'll post the result here, usually within a few minutes");
    expect(text).toContain('`/vend status r-123`');
  });
});

describe('statusMessage', () => {
  it('shows status, account, OU and timestamps in the reader’s time zone', () => {
    const msg = statusMessage(base);
    expectWithinLimits(msg);
    const text = all(msg);
    expect(text).toContain('succeeded');
    expect(text).toContain('222233334444');
    expect(text).toContain('/AI/Development');
    expect(text).toContain('<!date^1714557600^{date_short_pretty} {time}|2024-05-01T10:00:00.000Z>');
  });

  it('shows the failed step, error and message of a failed request', () => {
    const text = all(statusMessage(failed));
    expect(text).toContain('*Failed at ShareResources* `ResourceShareError`');
    expect(text).toContain('cannot share &lt;arn&gt; &amp; co');
  });

  it('lists the steps done while in progress, in order', () => {
    const msg = statusMessage({
      ...base,
      status: 'IN_PROGRESS',
      completedAt: undefined,
      steps: {
        PlaceInOu: { completedAt: '2024-05-01T10:03:00.000Z' },
        Claim: { completedAt: '2024-05-01T10:00:01.000Z' },
      },
    });
    expect(all(msg)).toContain('Steps done: Claim, PlaceInOu');
  });

  it('copes with a record inserted by hand, request fields at the top level', () => {
    const raw = {
      requestId: 'r-9',
      status: 'REQUESTED',
      accountName: 'x',
      createdAt: 'now?',
      updatedAt: 'now?',
    };
    const msg = statusMessage(raw as unknown as RequestRecord);
    expectWithinLimits(msg);
    expect(all(msg)).toContain('waiting to start');
    expect(all(msg)).toContain('now?');
  });
});

describe('blueprintsMessage', () => {
  const config = (blueprints: Record<string, { description?: string; ou: string }>) =>
    ({ config: { blueprints } }) as unknown as Pick<LoadedConfig, 'config'>;

  it('lists each blueprint with its description and OU', () => {
    const msg = blueprintsMessage(
      config({
        'ai-dev': { description: 'Model dev & tests', ou: '/AI/Development' },
        'ai-prod': { ou: '/AI/Prod' },
      }),
    );
    expectWithinLimits(msg);
    const text = all(msg);
    expect(text).toContain('*ai-dev* — Model dev &amp; tests · OU `/AI/Development`');
    expect(text).toContain('*ai-prod* · OU `/AI/Prod`');
    expect(text).toContain('blueprint=&lt;blueprint&gt;');
  });

  it('stays within Block Kit limits with hundreds of blueprints, naming every one', () => {
    const many = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`bp-${i}`, { description: 'd'.repeat(200), ou: '/AI/X' }]),
    );
    const msg = blueprintsMessage(config(many));
    expectWithinLimits(msg);
    expect(all(msg)).toContain('*bp-299*');
  });
});

describe('retryRequestedMessage / retryNotNeededMessage', () => {
  it('says what failed, that it carries on from there, and how to follow it', () => {
    const msg = retryRequestedMessage({ ...failed, accountId: '222233334444', attempts: 1 }, '/vend-dev');
    expectWithinLimits(msg);
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toBe('Retry of request r-123 requested');
    const text = all(msg);
    expect(text).toContain(':repeat: *Retry requested* `r-123` (R&amp;D &lt;ml&gt;)');
    expect(text).toContain('ShareResources');
    expect(text).toContain('`ResourceShareError`');
    expect(text).toContain('222233334444');
    expect(text).toContain('*Attempts so far*\n1');
    expect(text).toContain('carries on from where it stopped, on the same account');
    expect(text).toContain('`/vend-dev status r-123`');
  });

  it('promises the same account only when there is one', () => {
    const text = all(retryRequestedMessage(failed));
    expect(text).toContain('It carries on from where it stopped, and nothing done so far is done twice');
    expect(text).not.toContain('same account');
  });

  it('puts the reason above the request status', () => {
    const msg = retryNotNeededMessage('Request r-123 is done: <account> is ready.', base);
    expectWithinLimits(msg);
    expect(msg.text).toBe('Request r-123 is done: &lt;account&gt; is ready.');
    expect(texts(msg)[0]).toBe(':information_source: Request r-123 is done: &lt;account&gt; is ready.');
    expect(all(msg)).toContain('succeeded');
    expect(all(msg)).toContain('222233334444');
  });
});

describe('helpMessage / errorMessage', () => {
  it('explains every verb with the command as invoked', () => {
    const msg = helpMessage('/vend-dev');
    expectWithinLimits(msg);
    const text = all(msg);
    for (const verb of [
      'request name=',
      'status &lt;request id&gt;',
      'retry &lt;request id&gt;',
      'blueprints',
      'help',
    ]) {
      expect(text).toContain(`/vend-dev ${verb}`);
    }
    expect(helpMessage().blocks.length).toBeGreaterThan(0);
    expect(all(helpMessage())).toContain('/vend request');
    expect(text).toContain('Try a FAILED request of yours again');
  });

  it('shows a specific, escaped, ephemeral error', () => {
    const msg = errorMessage('unknown key "<x>="');
    expectWithinLimits(msg);
    expect(msg).toMatchObject({ response_type: 'ephemeral', text: 'unknown key "&lt;x&gt;="' });
  });

  it('truncates a very long error with an ellipsis', () => {
    const msg = errorMessage('x'.repeat(10_000));
    expectWithinLimits(msg);
    expect(texts(msg)[0]?.endsWith('…')).toBe(true);
  });
});

describe('outcomeMessage', () => {
  it('tells everything a vended account got', () => {
    const msg = outcomeMessage(base);
    expectWithinLimits(msg);
    expect(msg.response_type).toBe('ephemeral');
    const text = all(msg);
    for (const expected of [
      'Account R&amp;D &lt;ml&gt; is ready',
      '222233334444',
      '/AI/Development',
      'account: deny-leave-organization · OU: ai-dev-guardrails',
      'ai-training-shared from 111111111111 (2 resources)',
      'data-scientists, ml-engineers',
      'arn:aws:iam::222233334444:role/avm-sagemaker-execution',
      'avm-training-222233334444',
      'training-data: read on `s3://ml-data/datasets/`',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('can post in the channel', () => {
    expect(outcomeMessage(base, { responseType: 'in_channel' }).response_type).toBe('in_channel');
  });

  it('tells where a vend failed and what to do next', () => {
    const msg = outcomeMessage(failed);
    expectWithinLimits(msg);
    const text = all(msg);
    expect(text).toContain('Could not vend account R&amp;D &lt;ml&gt;');
    expect(text).toContain('ShareResources');
    expect(text).toContain('`ResourceShareError`');
    expect(text).toContain('cannot share &lt;arn&gt; &amp; co');
    expect(text).toContain('r-123');
    expect(text).toContain('Ask the platform team to look at request `r-123`');
    expect(text).toContain('`/vend retry r-123` carries on from where it stopped');
  });

  it.each([
    [{ error: 'InvalidRequestError' }, {}, 'Fix the request and send it again; `/vend blueprints`'],
    [{ error: 'EmailAlreadyInUseError' }, {}, 'request again with another address'],
    [{ error: 'AwsPermissionError' }, { accountId: '222233334444' }, 'do not request it again'],
    [
      { error: 'AwsPermissionError' },
      { accountId: '222233334444' },
      '`/vend retry r-123` finishes it on the same account',
    ],
  ])('advises on %j', (failure, extra, advice) => {
    const msg = outcomeMessage({
      ...failed,
      ...extra,
      failure: { ...(failed.failure as FailureDetails), ...failure },
    });
    expect(all(msg)).toContain(advice);
  });

  it('keeps a huge failure message within limits', () => {
    const msg = outcomeMessage({
      ...failed,
      failure: { ...(failed.failure as FailureDetails), message: '<&>'.repeat(5000) },
    });
    expectWithinLimits(msg);
    expect(all(msg)).toContain('What to do next');
  });

  it('gives the status of a request that has not finished', () => {
    expect(all(outcomeMessage({ ...base, status: 'IN_PROGRESS' }))).toContain('in progress');
  });
});

describe('limits', () => {
  it('never cuts an entity, markup or a surrogate pair', () => {
    expect(truncate('abc&amp;def', 6)).toBe('abc…');
    expect(truncate('ab <!date^1^x|y> z', 8)).toBe('ab …');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('keeps at most 50 blocks and says how many were left out', () => {
    const blocks = Array.from({ length: 60 }, (_, i) => section(`b${i}`));
    const msg = message('in_channel', 'x', blocks);
    expect(msg.blocks).toHaveLength(50);
    expect(JSON.stringify(msg.blocks[49])).toContain('…and 11 more blocks not shown.');
  });
});
