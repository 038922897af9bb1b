import { isEmailDomainAllowed, type LoadedConfig, RESERVED_TAG_COUNT } from '../config/index.ts';
import { InvalidRequestError } from '../errors.ts';
import { assertBlueprintValid } from '../steps/blueprint-check.ts';
import type { VendRequest } from './schema.ts';

/**
 * The checks a request needs beyond its schema, against the blueprint file: a known blueprint
 * that can be applied, tags that fit, an email in the allowed domains. Claim runs them before
 * any account exists; the Slack command runs them before it writes anything.
 */
export function checkRequestAgainstConfig(request: Partial<VendRequest>, config: LoadedConfig): void {
  const names = Object.keys(config.config.blueprints);
  if (!request.blueprint || !Object.hasOwn(config.config.blueprints, request.blueprint)) {
    throw new InvalidRequestError(
      `Unknown blueprint "${request.blueprint}". Known blueprints: ${names.join(', ')}`,
    );
  }
  assertBlueprintValid(config, request.blueprint);
  const blueprint = config.config.blueprints[request.blueprint];
  const tagKeys = new Set([...Object.keys(blueprint?.tags ?? {}), ...Object.keys(request.tags ?? {})]);
  const maxTags = config.limits.tagsPerAccount - RESERVED_TAG_COUNT;
  if (tagKeys.size > maxTags) {
    throw new InvalidRequestError(
      `The request's tags merged over blueprint ${request.blueprint}'s make ${tagKeys.size}; at most ${maxTags} fit, ` +
        `since AWS allows ${config.limits.tagsPerAccount} per account and the vending machine adds ${RESERVED_TAG_COUNT}`,
    );
  }
  if (!request.email || !isEmailDomainAllowed(config, request.email)) {
    throw new InvalidRequestError(
      `Email ${request.email} is outside the allowed domains (${config.config.organization.emailDomains.join(', ')})`,
    );
  }
}
