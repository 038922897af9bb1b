/**
 * The restJson1 protocol (RAM): the operation is named by method and path
 * (`POST /createresourceshare`), members travel as JSON (some as query parameters), errors as
 * an `x-amzn-ErrorType: <Name>` header with `{"message": "..."}` and the status the model gives
 * each error.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError, defaultHttpStatus } from './aws-error.ts';
import type { Protocol, RequestLine, WireResponse } from './service.ts';

export interface RestRoute {
  method: string;
  path: string;
  operation: string;
}

export interface RestJsonProtocolOptions {
  routes: readonly RestRoute[];
  /** HTTP status per error name from the service model; others fall back to `defaultHttpStatus`. */
  errorStatuses: Readonly<Record<string, number>>;
}

export class RestJsonProtocol implements Protocol {
  readonly invalidTokenError = 'UnrecognizedClientException';

  constructor(private readonly options: RestJsonProtocolOptions) {}

  operationOf(_headers: IncomingHttpHeaders, _body: Buffer, request: RequestLine): string | undefined {
    const path = request.path.replace(/\/+$/, '').toLowerCase();
    return this.options.routes.find((r) => r.method === request.method && r.path === path)?.operation;
  }

  /** The JSON body merged with the query parameters (DELETE operations carry members there). */
  parse(body: Buffer, query: URLSearchParams): Record<string, unknown> {
    const text = body.toString('utf8').trim();
    let members: Record<string, unknown> = {};
    if (text !== '') {
      try {
        const value: unknown = JSON.parse(text);
        if (value === null || typeof value !== 'object' || Array.isArray(value))
          throw new Error('not an object');
        members = value as Record<string, unknown>;
      } catch {
        throw new AwsError(
          'SerializationException',
          'Could not parse the request body as a JSON object.',
          {},
          400,
        );
      }
    }
    return { ...Object.fromEntries(query), ...members };
  }

  result(output: unknown, requestId: string): WireResponse {
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
      body: JSON.stringify(output ?? {}),
    };
  }

  errorResponse(error: AwsError, requestId: string): WireResponse {
    const status =
      error.httpStatus ?? this.options.errorStatuses[error.name] ?? defaultHttpStatus(error.name);
    return {
      status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.name,
      },
      body: JSON.stringify({ message: error.message, ...error.fields }),
    };
  }
}
