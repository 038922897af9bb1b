/**
 * S3 over restXml, path-style: buckets (global names, one owner account each) with their
 * policy, Block Public Access and default encryption. No objects: object operations answer
 * NotImplemented naming the gap. Bucket Regions are recorded but requests are answered
 * whichever Region they were signed for (no 301 redirects).
 */
import type { AwsLimits } from '../../aws/limits.ts';
import { AwsError } from '../aws-error.ts';
import type { IamState } from '../iam/state.ts';
import { bucketAndKey, RestXmlProtocol } from '../protocol-rest-xml.ts';
import type { SandboxService, ServiceCall, WireResponse } from '../service.ts';
import type { OrganizationState } from '../state.ts';
import * as config from './bucket-config.ts';
import * as policy from './bucket-policy.ts';
import * as buckets from './buckets.ts';
import type { S3Operation } from './context.ts';
import type { S3State } from './state.ts';

const OPERATIONS: Record<string, S3Operation> = {
  ListBuckets: buckets.listBuckets,
  CreateBucket: buckets.createBucket,
  HeadBucket: buckets.headBucket,
  DeleteBucket: buckets.deleteBucket,
  GetBucketLocation: buckets.getBucketLocation,
  GetBucketPolicy: policy.getBucketPolicy,
  PutBucketPolicy: policy.putBucketPolicy,
  DeleteBucketPolicy: policy.deleteBucketPolicy,
  GetPublicAccessBlock: config.getPublicAccessBlock,
  PutPublicAccessBlock: config.putPublicAccessBlock,
  DeletePublicAccessBlock: config.deletePublicAccessBlock,
  GetBucketEncryption: config.getBucketEncryption,
  PutBucketEncryption: config.putBucketEncryption,
  DeleteBucketEncryption: config.deleteBucketEncryption,
};

export const MODELLED_S3_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export interface S3Deps {
  s3: S3State;
  iam: IamState;
  org: OrganizationState;
  limits: AwsLimits;
}

export function s3Service(deps: S3Deps): SandboxService {
  const protocol = new RestXmlProtocol();
  return {
    protocol,
    async handle(call: ServiceCall): Promise<WireResponse> {
      const operation = OPERATIONS[call.operation];
      if (!operation) {
        throw new AwsError(
          'NotImplemented',
          `The sandbox does not model S3 operation ${call.operation}. Modelled: ${MODELLED_S3_OPERATIONS.join(', ')}.`,
          {},
          400,
        );
      }
      // A brand-new account is not usable at once (AWS-FACTS §3). What S3 answers in that window
      // is not documented; AccessDenied is the likely face of it. UNCONFIRMED.
      if (!deps.org.isAccountReady(call.caller.accountId))
        throw new AwsError('AccessDenied', 'Access Denied', {}, 403);
      const [bucketName] = bucketAndKey(call.path);
      return operation({ ...deps, protocol, call, bucketName });
    },
  };
}
