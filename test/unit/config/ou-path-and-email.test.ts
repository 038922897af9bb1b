import { describe, expect, it } from 'vitest';
import type { VendConfig } from '../../../lib/config/index.ts';
import { isEmailDomainAllowed, ouPathProblem, parseOuPath } from '../../../lib/config/index.ts';

describe('parseOuPath', () => {
  it('splits an absolute path into OU names from the root down', () => {
    expect(parseOuPath('/AI/Development')).toEqual(['AI', 'Development']);
    expect(parseOuPath('/AI')).toEqual(['AI']);
    expect(parseOuPath('/Data Science/Team A')).toEqual(['Data Science', 'Team A']);
  });

  it('reads "/" as the root', () => {
    expect(parseOuPath('/')).toEqual([]);
  });

  it.each([
    ['AI/Development', 'absolute path'],
    ['', 'absolute path'],
    ['/AI/', 'must not end with "/"'],
    ['/AI//Development', 'empty segment'],
    [`/${'x'.repeat(129)}`, 'at most 128'],
    ['/AI/ Development', 'leading or trailing spaces'],
    ['/AI/Dev\tOps', 'control character'],
  ])('rejects %j (%s)', (path, reason) => {
    expect(ouPathProblem(path)).toContain(reason);
    expect(() => parseOuPath(path)).toThrow(expect.objectContaining({ name: 'ConfigInvalidError' }));
  });

  it('accepts a 128-character OU name', () => {
    expect(ouPathProblem(`/${'x'.repeat(128)}`)).toBeUndefined();
  });
});

describe('isEmailDomainAllowed', () => {
  const loaded = {
    config: { organization: { emailDomains: ['example.com', 'ML.Example.org'] } } as VendConfig,
  };

  it('matches the domain exactly, ignoring case', () => {
    expect(isEmailDomainAllowed(loaded, 'team+dev@example.com')).toBe(true);
    expect(isEmailDomainAllowed(loaded, 'Team@EXAMPLE.COM')).toBe(true);
    expect(isEmailDomainAllowed(loaded, 'lead@ml.example.org')).toBe(true);
  });

  it('refuses other domains, subdomains, look-alikes and addresses without a domain', () => {
    expect(isEmailDomainAllowed(loaded, 'a@sub.example.com')).toBe(false);
    expect(isEmailDomainAllowed(loaded, 'a@example.com.evil.io')).toBe(false);
    expect(isEmailDomainAllowed(loaded, 'a@notexample.com')).toBe(false);
    expect(isEmailDomainAllowed(loaded, 'example.com')).toBe(false);
    expect(isEmailDomainAllowed(loaded, '@example.com')).toBe(false);
  });

  it('refuses an address with more than one "@", which AWS refuses too', () => {
    expect(isEmailDomainAllowed(loaded, 'a@evil.io@example.com')).toBe(false);
    expect(isEmailDomainAllowed(loaded, 'a@example.com@evil.io')).toBe(false);
  });
});
