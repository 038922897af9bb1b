/**
 * S3 names the blueprint file refers to: bucket names and key prefixes of `dataAccess` entries.
 * Checked here because S3 reports a bad name only when the bucket policy is written, halfway
 * through a vend, and a prefix with a wildcard would silently grant more than intended.
 */

/** S3: a general purpose bucket name is 3–63 characters. */
export const BUCKET_NAME_MIN_CHARS = 3;
export const BUCKET_NAME_MAX_CHARS = 63;
/** The longest `dataAccess` prefix we accept; the bucket policy repeats it in every statement. */
export const DATA_PREFIX_MAX_CHARS = 512;

/** Prefixes and suffixes S3 reserves for access point aliases, Object Lambda, directory buckets, MRAPs and its examples. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '--x-s3', '.mrap'];

/**
 * Why `name` cannot be an S3 general purpose bucket name, or `undefined` when it can
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 *
 * @example
 * s3BucketNameProblem('ml-data-333333333333'); // undefined
 * s3BucketNameProblem('ML_Data');              // 'may contain only lowercase letters, digits, "." and "-"'
 * s3BucketNameProblem('192.168.5.4');          // 'must not look like an IP address'
 */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < BUCKET_NAME_MIN_CHARS || name.length > BUCKET_NAME_MAX_CHARS) {
    return `is ${name.length} characters; a bucket name has ${BUCKET_NAME_MIN_CHARS}–${BUCKET_NAME_MAX_CHARS}`;
  }
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, "." and "-"';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return 'must begin and end with a lowercase letter or digit';
  }
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name)) return 'must not look like an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) return `must not start with "${prefix}" (reserved by S3)`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix !== undefined) return `must not end with "${suffix}" (reserved by S3)`;
  return undefined;
}

/**
 * Why `prefix` cannot be the key prefix of a `dataAccess` entry, or `undefined` when it can.
 * `''` means the whole bucket; otherwise it is a "folder": no leading `/`, ending with `/`.
 * Wildcards (`*`, `?`) and `$` are refused: in the bucket policy they would be IAM wildcards or
 * policy variables and grant more than the prefix says.
 *
 * @example
 * dataPrefixProblem('datasets/');  // undefined
 * dataPrefixProblem('');           // undefined (the whole bucket)
 * dataPrefixProblem('/datasets/'); // 'must not start with "/"; S3 keys have no leading slash (write datasets/)'
 */
export function dataPrefixProblem(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  if (prefix.length > DATA_PREFIX_MAX_CHARS) {
    return `is ${prefix.length} characters; at most ${DATA_PREFIX_MAX_CHARS}`;
  }
  if (prefix.startsWith('/')) {
    return `must not start with "/"; S3 keys have no leading slash (write ${prefix.replace(/^\/+/, '')})`;
  }
  if (!prefix.endsWith('/'))
    return `must end with "/" (write ${prefix}/), so "data/" cannot also match "data-old/"`;
  if (prefix.includes('//')) return 'has an empty segment ("//")';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(prefix)) return 'contains a control character';
  const wildcard = /[*?$]/.exec(prefix)?.[0];
  if (wildcard !== undefined) {
    return `must not contain "${wildcard}": in a bucket policy it is a wildcard or policy variable and would grant more than this prefix`;
  }
  return undefined;
}
