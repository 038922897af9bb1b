import * as v from 'valibot';
import { RequestStateError } from '../errors.ts';
import { describeIssues } from '../request/parse.ts';

/** Every step after Claim gets the request id and the execution that owns it. */
export const OwnedInput = v.object({
  requestId: v.pipe(v.string(), v.minLength(1)),
  execution: v.pipe(v.string(), v.minLength(1)),
});

/** Steps that work on the new account. */
export const AccountInput = v.object({
  ...OwnedInput.entries,
  accountId: v.pipe(v.string(), v.regex(/^\d{12}$/, 'accountId must be 12 digits')),
});

export const AccountState = v.object({
  /** WAITING_FOR_SLOT: admission control has no creation slot for it yet (lib/admission). */
  state: v.picklist(['WAITING_FOR_SLOT', 'IN_PROGRESS', 'SUCCEEDED']),
  createAccountRequestId: v.optional(v.string()),
  accountId: v.optional(v.pipe(v.string(), v.regex(/^\d{12}$/))),
  polls: v.number(),
  /** With WAITING_FOR_SLOT: when to ask again (the Wait state's TimestampPath). */
  retryAt: v.optional(v.string()),
  /** With WAITING_FOR_SLOT: requests that asked earlier and still wait. */
  queuePosition: v.optional(v.number()),
});
export type AccountState = v.InferOutput<typeof AccountState>;

/** Parses a step's input from the state machine; a mismatch is a wiring bug, named as such. */
export function parseStepInput<S extends v.GenericSchema>(
  step: string,
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    throw new RequestStateError(
      `${step} got an input it cannot use: ${describeIssues(result.issues).join('; ')}`,
    );
  }
  return result.output;
}
