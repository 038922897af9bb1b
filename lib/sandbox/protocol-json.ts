/**
 * AWS JSON protocols (awsJson1_0 for DynamoDB, awsJson1_1 for Organizations and EventBridge): POST /, the
 * operation in `X-Amz-Target: <Prefix>.<Operation>`, JSON in and out, errors as
 * `{"__type": "<Name>", "Message": "...", ...modelled members}`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError, defaultHttpStatus } from './aws-error.ts';
import type { Protocol, WireResponse } from './service.ts';

export interface JsonProtocolOptions {
  version: '1.0' | '1.1';
  /** X-Amz-Target prefix, e.g. AWSOrganizationsV20161128. */
  targetPrefix: string;
  /** Prepended to `__type` as `<namespace>#Name` (DynamoDB does this; the SDK strips it). */
  errorNamespace?: string;
  /** Organizations spells it `Message`, DynamoDB `message`. */
  messageKey: 'Message' | 'message';
  /** Status per error name where it is not `defaultHttpStatus` (e.g. EventBridge InternalException 500). */
  errorStatuses?: Readonly<Record<string, number>>;
}

export class JsonProtocol implements Protocol {
  readonly invalidTokenError = 'UnrecognizedClientException';

  constructor(private readonly options: JsonProtocolOptions) {}

  private get contentType(): string {
    return `application/x-amz-json-${this.options.version}`;
  }

  operationOf(headers: IncomingHttpHeaders): string | undefined {
    const target = headers['x-amz-target'];
    if (typeof target !== 'string') return undefined;
    const [prefix, operation] = target.split('.');
    return prefix === this.options.targetPrefix && operation ? operation : undefined;
  }

  /** Parses a request body; an empty body is an empty input, as the SDK sends `{}` anyway. */
  parse(body: Buffer): Record<string, unknown> {
    const text = body.toString('utf8').trim();
    if (text === '') return {};
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // fall through to the same error AWS gives for a body it cannot read
    }
    throw new AwsError('SerializationException', 'Could not parse the request body as a JSON object.');
  }

  result(output: unknown, requestId: string): WireResponse {
    return {
      status: 200,
      headers: { 'content-type': this.contentType, 'x-amzn-requestid': requestId },
      body: JSON.stringify(output ?? {}),
    };
  }

  errorResponse(error: AwsError, requestId: string): WireResponse {
    const type = this.options.errorNamespace ? `${this.options.errorNamespace}#${error.name}` : error.name;
    return {
      status: error.httpStatus ?? this.options.errorStatuses?.[error.name] ?? defaultHttpStatus(error.name),
      headers: { 'content-type': this.contentType, 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: type, [this.options.messageKey]: error.message, ...error.fields }),
    };
  }
}
