import type { LoadedConfig } from './load.ts';

/**
 * Whether the email's domain is one of `organization.emailDomains`, ignoring case (domains are
 * case-insensitive). Exact match only: `team.example.com` is not allowed by `example.com`.
 *
 * @example
 * isEmailDomainAllowed(loadConfig(), 'ml-team+dev@Example.COM'); // true with emailDomains: [example.com]
 * isEmailDomainAllowed(loadConfig(), 'someone@evil.example.org'); // false
 */
export function isEmailDomainAllowed(loaded: Pick<LoadedConfig, 'config'>, email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 1) return false;
  const domain = email.slice(at + 1).toLowerCase();
  return loaded.config.organization.emailDomains.some((allowed) => allowed.toLowerCase() === domain);
}
