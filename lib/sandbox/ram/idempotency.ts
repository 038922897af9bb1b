/**
 * Client tokens (AWS-FACTS §2): the same token with the same parameters returns the first
 * answer without doing anything again; with different parameters it is
 * IdempotentParameterMismatchException. How long RAM remembers a token is not documented; the
 * sandbox forgets it after CLIENT_TOKEN_TTL_MS of sandbox time, after which the token is new
 * again. Failed calls are not remembered.
 */
import type { RamContext } from './context.ts';
import { idempotentParameterMismatch, invalidClientToken } from './errors.ts';
import type { JsonInput } from './input.ts';

/** UNCONFIRMED: RAM documents no window; ten minutes of sandbox time. */
export const CLIENT_TOKEN_TTL_MS = 10 * 60_000;

/** RAM: "up to 64 ASCII characters". */
const CLIENT_TOKEN = /^[\x21-\x7e]{1,64}$/;

export function idempotent(
  ctx: RamContext,
  operation: string,
  input: JsonInput,
  run: () => Record<string, unknown>,
): Record<string, unknown> {
  const token = input.optionalString('clientToken');
  if (token === undefined) return run();
  if (!CLIENT_TOKEN.test(token)) throw invalidClientToken(`The client token ${token} is not valid.`);
  const key = `${ctx.caller.accountId}/${ctx.region}/${operation}/${token}`;
  const { clientToken: _, ...parameters } = input.raw;
  const fingerprint = JSON.stringify(canonical(parameters));
  const remembered = ctx.ram.clientTokens.get(key);
  if (remembered && remembered.expiresAt > Date.now()) {
    if (remembered.fingerprint !== fingerprint)
      throw idempotentParameterMismatch(`Client token ${token} was already used with different parameters.`);
    return structuredClone(remembered.output);
  }
  const output = run();
  ctx.ram.clientTokens.set(key, {
    fingerprint,
    output: structuredClone(output),
    expiresAt: Date.now() + ctx.clock.toRealMs(CLIENT_TOKEN_TTL_MS),
  });
  return output;
}

/** Objects with sorted keys, so `{a, b}` and `{b, a}` are the same parameters. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}
