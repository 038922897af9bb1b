import { CreateAccountCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, newRequest, startHarness } from './harness.ts';
import { orgView } from './org-view.ts';

// Account creation takes long enough here (1.5 s, generous for a loaded CI machine) for a second
// caller to see it IN_PROGRESS (the first
// test also loads the handlers, which would otherwise eat into that window).
let h: Harness;
let org: ReturnType<typeof orgView>;

beforeAll(async () => {
  h = await startHarness({ createAccountLatencyMs: 1500 });
  org = orgView();
});
afterAll(() => h.stop());

const executionArn = (name: string) =>
  `arn:aws:states:us-east-1:000000000000:execution:account-vending-local-vend-account:${name}`;

describe('resuming after a crash', () => {
  it("someone else's creation with the same account name in flight: wait for it, then create ours", async () => {
    const request = newRequest();
    await org.client.send(
      new CreateAccountCommand({ Email: `other-${request.email}`, AccountName: request.accountName }),
    );

    const run = await h.vend(request, { retryMs: 150, waitMs: 50 });

    expect(run.status).toBe('SUCCEEDED');
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect(await org.accountsWithEmail(`other-${request.email}`)).toHaveLength(1);
  });

  it('CreateAccount reached AWS but its id was never stored: the resumed execution waits and adopts it', async () => {
    // Given: the execution claimed the request and called CreateAccount, then its Lambda died
    const request = newRequest();
    const { defaultDeps } = await import('#lib/steps/deps.ts');
    await defaultDeps().repo.claim(request.requestId, executionArn('crash-1'), {
      ...request,
      requestedBy: { source: 'cli', id: 'tester' },
    } as never);
    await org.client.send(
      new CreateAccountCommand({
        Email: request.email,
        AccountName: request.accountName,
        Tags: [{ Key: 'avm:request-id', Value: request.requestId }],
      }),
    );

    // When: the same execution runs again (a redrive keeps the execution's identity)
    const run = await h.vend(request, { name: 'crash-1', retryMs: 150, waitMs: 50 });

    // Then: it waited for the creation in flight, adopted the account, and created no other
    expect(run.status).toBe('SUCCEEDED');
    const retried = run.events.filter((e) => e.type === 'StateRetried' && e.state.name === 'CreateAccount');
    expect(retried.length).toBeGreaterThan(0);
    expect(await org.accountsWithEmail(request.email)).toHaveLength(1);
    expect((await h.record(request.requestId))?.accountId).toBe(
      (await org.accountsWithEmail(request.email))[0]?.Id,
    );
  });
});
