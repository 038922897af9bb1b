/**
 * The contract between the HTTP server and each simulated service: a protocol (how operation
 * names and errors travel on the wire) and a handler. Adding a service (RAM, IAM, S3) means one
 * more entry in the routing table built in index.ts, keyed by the SigV4 signing name.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from './aws-error.ts';
import type { Caller } from './identity.ts';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Error name to record when the handler answered an error itself (proxied services). */
  errorName?: string;
}

/** What REST protocols route on: the method and the URL, split and decoded. */
export interface RequestLine {
  method: string;
  /** Decoded path without the query, e.g. `/my-bucket/` or `/createresourceshare`. */
  path: string;
  query: URLSearchParams;
}

export interface ServiceCall extends RequestLine {
  service: string;
  operation: string;
  caller: Caller;
  /** Region from the SigV4 credential scope, e.g. us-east-1. */
  region: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
}

export interface Protocol {
  /** The AWS operation a request names, undefined when it names none. */
  operationOf(headers: IncomingHttpHeaders, body: Buffer, request: RequestLine): string | undefined;
  errorResponse(error: AwsError, requestId: string): WireResponse;
  /** What AWS answers for an access key it does not know (e.g. one issued before a reset). */
  readonly invalidTokenError: string;
}

export interface SandboxService {
  readonly protocol: Protocol;
  handle(call: ServiceCall): Promise<WireResponse>;
}
