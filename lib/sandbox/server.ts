/**
 * The HTTP front door that plays AWS at one URL. The SDK signs each request with SigV4; the
 * credential scope names the service (`Credential=AKID/20260101/us-east-1/organizations/aws4_request`)
 * and the access key names the caller. Every call is recorded, then goes through injected latency,
 * injected errors, rate limits and finally the service, whose answer a fault may still drop. Signatures are not verified: the
 * sandbox tests our code, not the SDK's signer.
 */
import http from 'node:http';
import { AwsError } from './aws-error.ts';
import type { SandboxClock } from './clock.ts';
import type { FaultInjector } from './faults.ts';
import type { IdentityStore } from './identity.ts';
import * as ids from './ids.ts';
import type { RateLimiter } from './rate-limits.ts';
import type { RequestLine, SandboxService, WireResponse } from './service.ts';

export interface RecordedCall {
  /** SigV4 signing name: organizations, sts, dynamodb, ram, iam, s3, events. */
  service: string;
  /** AWS operation name, e.g. CreateAccount. */
  operation: string;
  callerAccountId: string;
  /** Role of a session the sandbox's AssumeRole issued; absent for the management principal. */
  callerRole?: string;
  time: Date;
  /** Error name the call answered with, absent on success; `ResponseLost` when a fault dropped the answer. */
  errorName?: string;
}

export interface ServerDeps {
  /** Routing table keyed by SigV4 signing name. */
  services: Readonly<Record<string, SandboxService>>;
  identities: IdentityStore;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  clock: SandboxClock;
  calls: RecordedCall[];
}

/** Access key, region and service from `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...`. */
export function parseCredentialScope(
  authorization: string | undefined,
): { accessKeyId: string; region: string; service: string } | undefined {
  const match = /Credential=([^/,\s]+)\/[^/]+\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? '');
  return match?.[1] && match[2] && match[3]
    ? { accessKeyId: match[1], region: match[2], service: match[3] }
    : undefined;
}

/** Method, decoded path and query of a request. */
export function requestLine(req: http.IncomingMessage): RequestLine {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path; the service reports what it cannot find
  }
  return { method: req.method ?? 'GET', path, query: url.searchParams };
}

/** Marks a call whose answer is dropped on the floor (faults.loseResponse). */
const DROP = Symbol('drop connection');

export function createSandboxServer(deps: ServerDeps): http.Server {
  return http.createServer((req, res) => {
    handle(deps, req)
      .then((response) => (response === DROP ? req.socket.destroy() : send(res, response)))
      .catch((error: unknown) => {
        // Only reachable if reading the request fails; handler errors become AWS errors below.
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`sandbox failure: ${String(error)}`);
      });
  });
}

async function handle(deps: ServerDeps, req: http.IncomingMessage): Promise<WireResponse | typeof DROP> {
  const body = await readBody(req);
  const requestId = ids.requestId();
  const scope = parseCredentialScope(req.headers.authorization);
  const service = scope ? deps.services[scope.service] : undefined;
  if (!scope || !service) return unroutable(deps, scope?.service, requestId);

  const line = requestLine(req);
  const operation = service.protocol.operationOf(req.headers, body, line) ?? 'UnknownOperation';
  const caller = deps.identities.resolve(scope.accessKeyId);
  const call: RecordedCall = {
    service: scope.service,
    operation,
    callerAccountId: caller?.accountId ?? 'unknown',
    ...(caller?.roleName ? { callerRole: caller.roleName } : {}),
    time: new Date(),
  };
  deps.calls.push(call);

  let response: WireResponse;
  try {
    if (!caller) {
      throw new AwsError(
        service.protocol.invalidTokenError,
        'The security token included in the request is invalid.',
      );
    }
    await deps.clock.sleep(deps.faults.takeLatency(scope.service, operation));
    const injected = deps.faults.takeError(scope.service, operation);
    if (injected) throw injected;
    deps.rateLimiter.take(scope.service, operation, caller.accountId);
    response = await service.handle({
      ...line,
      service: scope.service,
      operation,
      caller,
      region: scope.region,
      headers: req.headers,
      body,
      requestId,
    });
  } catch (error) {
    const awsError = error instanceof AwsError ? error : internalError(error);
    response = { ...service.protocol.errorResponse(awsError, requestId), errorName: awsError.name };
  }
  if (response.errorName) call.errorName = response.errorName;
  if (deps.faults.takeLostResponse(scope.service, operation)) {
    call.errorName = 'ResponseLost';
    return DROP;
  }
  return response;
}

/** A bug in the sandbox: answer like an AWS internal error, and say so loudly. */
function internalError(error: unknown): AwsError {
  console.error('[sandbox] internal error', error);
  const message = error instanceof Error ? error.message : String(error);
  return new AwsError('ServiceException', `Sandbox internal error: ${message}`, {}, 500);
}

function unroutable(deps: ServerDeps, service: string | undefined, requestId: string): WireResponse {
  const modelled = Object.keys(deps.services).join(', ');
  const [name, message] = service
    ? ['UnknownServiceException', `The sandbox does not model service '${service}'. Modelled: ${modelled}.`]
    : [
        'MissingAuthenticationTokenException',
        'The request carries no SigV4 Authorization header naming a service.',
      ];
  deps.calls.push({
    service: service ?? 'unknown',
    operation: 'Unknown',
    callerAccountId: 'unknown',
    time: new Date(),
    errorName: name,
  });
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: name, Message: message }),
    errorName: name,
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, response: WireResponse): void {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}
