import { describe, expect, it } from 'vitest';
import { progressPrinter } from '#lib/cli/progress.ts';

type Event = Parameters<ReturnType<typeof progressPrinter>>[0];

/** What avm vend prints for one CreateAccount Task that ended with `account`. */
function printedFor(account: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const print = progressPrinter((line) => lines.push(line));
  const state = { name: 'CreateAccount', type: 'Task' };
  print({ type: 'StateEntered', timestamp: 1_000, state: { ...state, input: {} } } as unknown as Event);
  print({
    type: 'StateExited',
    timestamp: 1_020,
    state: { ...state, output: { account } },
  } as unknown as Event);
  return lines;
}

describe('avm vend progress', () => {
  it("shows a request's place in the creation queue while it waits for a slot", () => {
    expect(printedFor({ state: 'WAITING_FOR_SLOT', polls: 0, queuePosition: 3 })).toEqual([
      expect.stringMatching(
        /✓ CreateAccount .* waiting for one of AWS's 5 account-creation slots \(3 ahead\)$/,
      ),
    ]);
    expect(printedFor({ state: 'WAITING_FOR_SLOT', polls: 0, queuePosition: 0 })[0]).toMatch(
      /\(next in line\)$/,
    );
  });

  it('shows the creation once it has started', () => {
    expect(printedFor({ state: 'IN_PROGRESS', polls: 0, createAccountRequestId: 'car-1' })[0]).toMatch(
      /AWS is creating the account \(car-1\)$/,
    );
  });
});
