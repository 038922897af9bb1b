/**
 * The AWS SDK's default credential chain as the Lambda bundles have it (lib/build/esbuild-plugins.mjs
 * puts this module in place of @aws-sdk/credential-provider-node): Lambda hands its role's
 * credentials to the function in environment variables, so the chain's SSO, profile, web
 * identity, process and instance-metadata links, and the STS/SSO clients they carry (about
 * 100 KB per bundle), never run there. Explicit `credentials` (assumed roles) are unaffected.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Lambda's role credentials were not in the environment. */
export class LambdaCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LambdaCredentialsError';
  }
}

/**
 * Same signature as @aws-sdk/credential-provider-node's `defaultProvider`; reads
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION.
 */
export function defaultProvider(_init?: unknown): AwsCredentialIdentityProvider {
  return async () => {
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION } =
      process.env;
    if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) {
      throw new LambdaCredentialsError(
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set: this bundle takes its credentials from the Lambda environment only',
      );
    }
    const credentials: AwsCredentialIdentity = {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
      ...(AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(AWS_CREDENTIAL_EXPIRATION) } : {}),
    };
    return credentials;
  };
}
