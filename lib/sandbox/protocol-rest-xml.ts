/**
 * S3's restXml protocol, path-style (the sandbox's endpoint is an IP address, so the SDK puts
 * the bucket in the path: `PUT /my-bucket/?policy`). The operation follows from method, path
 * and sub-resource; errors are an XML `<Error>` with Code, Message and the bucket, except for
 * HEAD, which carries no body (the SDK then names the error after the status: NotFound,
 * Forbidden).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type AwsError, defaultHttpStatus } from './aws-error.ts';
import { el } from './s3/xml.ts';
import type { Protocol, RequestLine, WireResponse } from './service.ts';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Status per S3 error code (S3 error responses reference). */
export const S3_ERROR_STATUSES: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  IllegalLocationConstraintException: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidLocationConstraint: 400,
  MalformedPolicy: 400,
  MalformedXML: 400,
  NoSuchBucket: 404,
  NoSuchBucketPolicy: 404,
  NoSuchPublicAccessBlockConfiguration: 404,
  NotImplemented: 400,
  OperationAborted: 409,
  PolicyTooLarge: 400,
  ServerSideEncryptionConfigurationNotFoundError: 404,
  ServiceUnavailable: 503,
  SlowDown: 503,
};

/** Sub-resources the sandbox routes, with the operation name stem for each. */
const SUBRESOURCES: Record<string, string> = {
  policy: 'BucketPolicy',
  publicAccessBlock: 'PublicAccessBlock',
  encryption: 'BucketEncryption',
  location: 'BucketLocation',
  tagging: 'BucketTagging',
  versioning: 'BucketVersioning',
  acl: 'BucketAcl',
  cors: 'BucketCors',
  lifecycle: 'BucketLifecycleConfiguration',
  ownershipControls: 'BucketOwnershipControls',
};
const VERB: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', HEAD: 'Head' };

/** Bucket and key of a path-style request: `/bucket/some/key` → ['bucket', 'some/key']. */
export function bucketAndKey(path: string): [bucket: string, key: string] {
  const [, bucket = '', ...key] = path.split('/');
  return [bucket, key.join('/')];
}

export class RestXmlProtocol implements Protocol {
  readonly invalidTokenError = 'InvalidAccessKeyId';

  operationOf(_headers: IncomingHttpHeaders, _body: Buffer, request: RequestLine): string | undefined {
    const explicit = request.query.get('x-id');
    if (explicit) return explicit;
    const [bucket, key] = bucketAndKey(request.path);
    const verb = VERB[request.method];
    if (!verb && request.method !== 'POST') return undefined;
    if (!bucket) return request.method === 'GET' ? 'ListBuckets' : undefined;
    if (key) return `${verb ?? 'Post'}Object`;
    const sub = Object.keys(SUBRESOURCES).find((name) => request.query.has(name));
    if (sub) return `${verb ?? 'Post'}${SUBRESOURCES[sub]}`;
    if (request.method === 'PUT') return 'CreateBucket';
    if (request.method === 'GET')
      return request.query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return verb ? `${verb}Bucket` : undefined;
  }

  result(status: number, requestId: string, body = '', headers: Record<string, string> = {}): WireResponse {
    return {
      status,
      headers: {
        ...(body.startsWith('<') ? { 'content-type': 'application/xml' } : {}),
        ...headers,
        'x-amz-request-id': requestId,
        'x-amz-id-2': hostId(requestId),
      },
      body,
    };
  }

  /** An XML document body with S3's namespace on the root element. */
  xml(root: string, children: string[]): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${children.join('')}</${root}>`;
  }

  errorResponse(error: AwsError, requestId: string): WireResponse {
    const status = error.httpStatus ?? S3_ERROR_STATUSES[error.name] ?? defaultHttpStatus(error.name);
    const fields = Object.entries(error.fields).map(([name, value]) => el(name, value));
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error>${el('Code', error.name)}${el('Message', error.message)}${fields.join('')}` +
      `${el('RequestId', requestId)}${el('HostId', hostId(requestId))}</Error>`;
    return {
      status,
      headers: {
        'content-type': 'application/xml',
        'x-amz-request-id': requestId,
        'x-amz-id-2': hostId(requestId),
      },
      body,
    };
  }
}

function hostId(requestId: string): string {
  return Buffer.from(requestId).toString('base64');
}
