import type { LoadedConfig } from './load.ts';

/**
 * Whether the email's domain is one of `organization.emailDomains`, ignoring case (domains are
 * case-insensitive). Exact match only: `team.example.com` is not allowed by `example.com`.
 *
 * @example
 * isEmailDomainAllowed(loadConfig(), 'ml-team+dev@Example.COM'); // true with emailDomains: [example.com]
 * isEmailDomainAllowed(loadConfig(), 'someone@evil.example.org'); // false
 * isEmailDomainAllowed(loadConfig(), 'a@evil.io@example.com');     // false: exactly one "@"
 */
export function isEmailDomainAllowed(loaded: Pick<LoadedConfig, 'config'>, email: string): boolean {
  const at = email.indexOf('@');
  // AWS allows exactly one "@"; with two, which part is "the domain" would be guesswork.
  if (at < 1 || email.indexOf('@', at + 1) !== -1) return false;
  const domain = email.slice(at + 1).toLowerCase();
  return loaded.config.organization.emailDomains.some((allowed) => allowed.toLowerCase() === domain);
}
