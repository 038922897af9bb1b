/**
 * The contract between the HTTP server and each simulated service: a protocol (how operation
 * names and errors travel on the wire) and a handler. Adding a service (RAM, IAM, S3) means one
 * more entry in the routing table in server.ts, keyed by the SigV4 signing name.
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

export interface ServiceCall {
  service: string;
  operation: string;
  caller: Caller;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
}

export interface Protocol {
  /** The AWS operation a request names, undefined when it names none. */
  operationOf(headers: IncomingHttpHeaders, body: Buffer): string | undefined;
  errorResponse(error: AwsError, requestId: string): WireResponse;
  /** What AWS answers for an access key it does not know (e.g. one issued before a reset). */
  readonly invalidTokenError: string;
}

export interface SandboxService {
  readonly protocol: Protocol;
  handle(call: ServiceCall): Promise<WireResponse>;
}
