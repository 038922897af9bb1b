import { ConfigInvalidError } from '../errors.ts';

/** AWS Organizations: an OU name is 1–128 characters. */
export const OU_NAME_MAX_CHARS = 128;

/**
 * Why an OU path is not usable, or `undefined` when it is. A path is absolute, `/`-separated
 * from the root (`/AI/Development`); `/` alone is the root itself.
 *
 * @example
 * ouPathProblem('/AI/Development'); // undefined
 * ouPathProblem('AI/Development');  // 'must be an absolute path starting with "/", like /AI/Development'
 */
export function ouPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'must be an absolute path starting with "/", like /AI/Development';
  if (path === '/') return undefined;
  if (path.endsWith('/')) return 'must not end with "/" (use "/" alone for the root)';
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') return 'has an empty segment ("//")';
    if (segment.length > OU_NAME_MAX_CHARS) {
      return `segment "${segment.slice(0, 20)}…" is ${segment.length} characters; an OU name is at most ${OU_NAME_MAX_CHARS}`;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(segment))
      return `segment ${JSON.stringify(segment)} contains a control character`;
    // AWS would accept them, but " Development" and "Development" would then be two different OUs.
    if (segment.trim() !== segment)
      return `segment ${JSON.stringify(segment)} has leading or trailing spaces`;
  }
  return undefined;
}

/**
 * Splits an OU path into OU names from the root down. Pure; throws `ConfigInvalidError` for a
 * malformed path (the schema rejects those first, so this only fires on unvalidated input).
 *
 * @example
 * parseOuPath('/AI/Development'); // ['AI', 'Development']
 * parseOuPath('/');               // [] (the root)
 */
export function parseOuPath(path: string): string[] {
  const problem = ouPathProblem(path);
  if (problem !== undefined) throw new ConfigInvalidError(`OU path ${JSON.stringify(path)} ${problem}`);
  return path === '/' ? [] : path.slice(1).split('/');
}
