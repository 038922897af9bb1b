/**
 * The sandbox's pagination tokens (NextToken, nextToken, Marker): opaque to callers, bound to the
 * listing they came from (`scope`), so a token from one listing is refused by another as AWS does.
 */
export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64url');
}

/** The offset a token stands for, or undefined when it is not one of this listing's tokens. */
export function decodePageToken(token: string, scope: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      scope?: unknown;
      offset?: unknown;
    };
    if (parsed.scope === scope && typeof parsed.offset === 'number' && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // not JSON: a foreign token
  }
  return undefined;
}
