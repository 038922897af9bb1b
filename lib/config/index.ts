/**
 * Blueprint configuration: the YAML file, its policy documents, and the checks against AWS
 * limits. See config/blueprints.yaml for the format.
 */
export { isEmailDomainAllowed } from './email.ts';
export { clearConfigCache, defaultConfigFile, type LoadedConfig, loadConfig } from './load.ts';
export { OU_NAME_MAX_CHARS, ouPathProblem, parseOuPath } from './ou-path.ts';
export { readScp, type ScpDocument, scpFile } from './policies.ts';
export { configInvalidError, dedupeProblems, formatProblems, type Problem } from './problems.ts';
export {
  type Blueprint,
  DEFAULT_ACCESS_ROLE_NAME,
  DEFAULT_POLICY_NAME_PREFIX,
  RESERVED_TAG_COUNT,
  type VendConfig,
  VendConfigSchema,
} from './schema.ts';
export { blueprintProblems, validateConfigFile } from './validate.ts';
