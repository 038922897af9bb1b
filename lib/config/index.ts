/**
 * Blueprint configuration: the YAML file, its policy documents, and the checks against AWS
 * limits. See config/blueprints.yaml for the format.
 */
export { DATA_ACCESS_ROLE_PREFIX } from './access-checks.ts';
export { isEmailDomainAllowed } from './email.ts';
export { isAwsManagedPolicyArn } from './iam-names.ts';
export {
  IAM_POLICY_PLACEHOLDERS,
  IAM_POLICY_WORST_CASE_VARS,
  type IamPolicyDocument,
  type IamPolicyPlaceholder,
  type IamPolicyVars,
  renderIamPolicy,
} from './iam-policies.ts';
export { clearConfigCache, defaultConfigFile, type LoadedConfig, loadConfig } from './load.ts';
export { OU_NAME_MAX_CHARS, ouPathProblem, parseOuPath } from './ou-path.ts';
export { readScp, type ScpDocument, scpFile } from './policies.ts';
export { configInvalidError, dedupeProblems, formatProblems, type Problem } from './problems.ts';
export {
  type Arn,
  parseArn,
  RAM_SHAREABLE_TYPES,
  type RamShareableType,
  ramShareableType,
  ramShareProblem,
} from './ram.ts';
export { dataPrefixProblem, s3BucketNameProblem } from './s3-names.ts';
export {
  type Blueprint,
  DEFAULT_ACCESS_ROLE_NAME,
  DEFAULT_POLICY_NAME_PREFIX,
  RESERVED_TAG_COUNT,
  type VendConfig,
  VendConfigSchema,
} from './schema.ts';
export type {
  DataAccessConfig,
  ExecutionRoleConfig,
  GroupConfig,
  ResourceShareConfig,
} from './schema-access.ts';
export { blueprintProblems, validateConfigFile } from './validate.ts';
