import { createHash } from 'node:crypto';

/**
 * A deterministic UUID-shaped client token: the same request and operation always send the same
 * token, so a retried call after a lost response is recognised by AWS instead of repeated.
 *
 * @example clientToken('req-1', 'share', 'ai-training-shared') // 'a1b2c3d4-…'
 */
export function clientToken(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
