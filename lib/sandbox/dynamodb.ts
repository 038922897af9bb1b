/**
 * DynamoDB is not simulated here: requests are forwarded to an embedded dynalite (the real
 * DynamoDB wire protocol, in memory) listening on its own loopback port. Forwarding over HTTP
 * rather than handing dynalite our request object keeps the sandbox pipeline uniform: the body
 * is already read, faults and latency apply, and the answer's error name is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { JsonProtocol } from './protocol-json.ts';
import type { SandboxService, ServiceCall, WireResponse } from './service.ts';

export interface EmbeddedDynamoDb {
  service: SandboxService;
  stop(): Promise<void>;
}

// Hop-by-hop headers, and ones Node sets again on the way out.
const DROPPED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'date',
]);

export async function startDynamoDb(): Promise<EmbeddedDynamoDb> {
  // Tables ACTIVE at once: the product waits for nothing, and tests stay fast.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true });
  const protocol = new JsonProtocol({
    version: '1.0',
    targetPrefix: 'DynamoDB_20120810',
    errorNamespace: 'com.amazonaws.dynamodb.v20120810',
    messageKey: 'message',
  });
  return {
    service: { protocol, handle: (call) => forward(port, agent, call) },
    async stop() {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forward(port: number, agent: http.Agent, call: ServiceCall, retried = false): Promise<WireResponse> {
  const headers = Object.fromEntries(
    Object.entries(call.headers).filter(([name]) => !DROPPED_HEADERS.has(name)),
  );
  return new Promise<WireResponse>((resolve, reject) => {
    const request = http.request(
      // The resend takes a fresh connection: the pool may hold more sockets closing at once.
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent: retried ? false : agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const status = response.statusCode ?? 500;
          resolve({
            status,
            headers: Object.fromEntries(
              Object.entries(response.headers)
                .filter(([name, value]) => !DROPPED_HEADERS.has(name) && typeof value === 'string')
                .map(([name, value]) => [name, value as string]),
            ),
            body,
            ...(status >= 400 ? { errorName: errorNameOf(body) } : {}),
          });
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket dynalite closed just as it was reused: the request never reached
      // it, so sending it again is safe (Node's documented remedy for this race).
      if (!retried && request.reusedSocket && error.code === 'ECONNRESET') {
        forward(port, agent, call, true).then(resolve, reject);
      } else {
        reject(error);
      }
    });
    request.end(call.body);
  });
}

/** `{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}` → the name. */
function errorNameOf(body: Buffer): string {
  try {
    const type = (JSON.parse(body.toString('utf8')) as { __type?: unknown }).__type;
    if (typeof type === 'string') return type.split('#').pop() ?? type;
  } catch {
    // not JSON: fall through
  }
  return 'UnknownError';
}
