/**
 * The awsQuery protocol (STS, IAM): a form body `Action=<Op>&Version=...&Name=value`,
 * XML results wrapped in `<OpResponse><OpResult>`, errors as an XML `ErrorResponse`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type AwsError, defaultHttpStatus } from './aws-error.ts';
import type { Protocol, WireResponse } from './service.ts';

/** A value the XML writer understands: nested objects become elements, arrays `<member>`s. */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | XmlValue[]
  | { [key: string]: XmlValue };

export class QueryProtocol implements Protocol {
  readonly invalidTokenError = 'InvalidClientTokenId';

  constructor(
    private readonly xmlNamespace: string,
    /** HTTP status per error code from the service model (IAM: NoSuchEntity 404 ...). */
    private readonly errorStatuses: Readonly<Record<string, number>> = {},
  ) {}

  operationOf(_headers: IncomingHttpHeaders, body: Buffer): string | undefined {
    return this.parse(body).get('Action') ?? undefined;
  }

  /** Flat form parameters, e.g. `Tags.member.1.Key`. */
  parse(body: Buffer): URLSearchParams {
    return new URLSearchParams(body.toString('utf8'));
  }

  result(action: string, result: Record<string, XmlValue>, requestId: string): WireResponse {
    const body =
      `<${action}Response xmlns="${this.xmlNamespace}">` +
      `<${action}Result>${toXml(result)}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
      `</${action}Response>`;
    return { status: 200, headers: xmlHeaders(requestId), body };
  }

  /** A response without a result element, as AWS sends for actions with no output (DeleteRole). */
  empty(action: string, requestId: string): WireResponse {
    const body =
      `<${action}Response xmlns="${this.xmlNamespace}">` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
      `</${action}Response>`;
    return { status: 200, headers: xmlHeaders(requestId), body };
  }

  errorResponse(error: AwsError, requestId: string): WireResponse {
    const status = error.httpStatus ?? this.errorStatuses[error.name] ?? defaultHttpStatus(error.name);
    const body =
      `<ErrorResponse xmlns="${this.xmlNamespace}"><Error>` +
      `<Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `<Code>${escapeXml(error.name)}</Code><Message>${escapeXml(error.message)}</Message>` +
      `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status, headers: xmlHeaders(requestId), body };
  }
}

function xmlHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

export function toXml(value: Record<string, XmlValue>): string {
  return Object.entries(value)
    .map(([key, v]) => (v === undefined ? '' : `<${key}>${xmlContent(v)}</${key}>`))
    .join('');
}

function xmlContent(value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${xmlContent(v)}</member>`).join('');
  if (typeof value === 'object') return toXml(value);
  return escapeXml(String(value));
}

export function escapeXml(text: string): string {
  const entities: Record<string, string> = {
    '<': '&lt;',
    '>': '&gt;',
    '&': '&amp;',
    '"': '&quot;',
    "'": '&apos;',
  };
  return text.replace(/[<>&"']/g, (c) => entities[c] ?? c);
}
