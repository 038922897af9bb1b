/**
 * Service control policies under `config/policies/scp/`. They are checked here before any AWS
 * call, so a bad file fails `avm validate` or the step with the file and the place to fix,
 * instead of an AWS MalformedPolicyDocument or POLICY_CONTENT_LIMIT_EXCEEDED halfway through a vend.
 */
import * as v from 'valibot';
import type { LoadedConfig } from './load.ts';
import { policyDocumentSchema, policyFile, readPolicyJson } from './policy-document.ts';
import { configInvalidError, issueProblems, type Problem } from './problems.ts';

/** A service control policy ready to send to AWS. */
export interface ScpDocument {
  /** The name in the blueprint file (the file name without `.json`). */
  name: string;
  /** The policy name in AWS: `organization.policyNamePrefix` + `name`. */
  awsName: string;
  /** The policy file, relative to the working directory when inside it. */
  file: string;
  /** The document minified: AWS counts every character as sent, whitespace included. */
  content: string;
}

const ScpSchema = policyDocumentSchema('scp');

/** Where the SCP named `name` lives: `<config dir>/policies/scp/<name>.json`. */
export function scpFile(loaded: Pick<LoadedConfig, 'dir'>, name: string): string {
  return policyFile(loaded, 'scp', name);
}

/**
 * Reads and checks one SCP without throwing. `referencedAt` is where the blueprint file names it
 * (`blueprints.ai-dev.scps[0]`): a missing file is then reported there, the place to fix a typo.
 */
export function inspectScp(
  loaded: LoadedConfig,
  name: string,
  referencedAt?: string,
): { scp: ScpDocument; problems: [] } | { scp?: undefined; problems: Problem[] } {
  const read = readPolicyJson(loaded, 'scp', name, referencedAt);
  if (read.json === undefined) return { problems: read.problems };
  const { json, file } = read;

  const parsed = v.safeParse(ScpSchema, json);
  if (!parsed.success) return { problems: issueProblems(file, parsed.issues) };

  // Minified from the file as written (not the normalised parse), so Statement keeps its shape.
  const content = JSON.stringify(json);
  const max = loaded.limits.scpMaxChars;
  if (content.length > max) {
    return {
      problems: [
        {
          file,
          path: '(document)',
          message: `${content.length} characters after minification; an SCP may have at most ${max} (organization.limits.scpMaxChars)`,
        },
      ],
    };
  }
  return {
    scp: { name, awsName: `${loaded.config.organization.policyNamePrefix}${name}`, file, content },
    problems: [],
  };
}

/**
 * Reads the SCP `name` from `config/policies/scp/<name>.json` (next to the blueprint file),
 * checks it and returns it minified with its AWS name. Throws `ConfigInvalidError` naming the
 * file for a missing file, invalid JSON, a document that is not a policy, or one over
 * `limits.scpMaxChars`.
 *
 * @example
 * const scp = readScp(loadConfig(), 'deny-leave-organization');
 * // { name: 'deny-leave-organization', awsName: 'avm-deny-leave-organization',
 * //   file: 'config/policies/scp/deny-leave-organization.json', content: '{"Version":"2012-10-17",...}' }
 */
export function readScp(loaded: LoadedConfig, name: string): ScpDocument {
  const { scp, problems } = inspectScp(loaded, name);
  if (scp === undefined) throw configInvalidError(problems);
  return scp;
}
