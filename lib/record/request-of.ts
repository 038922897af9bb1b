import type { RequestRecord } from './types.ts';

const REQUEST_FIELDS = ['accountName', 'email', 'blueprint', 'tags', 'requestedBy'] as const;

/**
 * The request a record carries. The workflow nests it under `request`; a person or system
 * inserting a `REQUESTED` item may also write the fields at the top level, which is accepted.
 *
 * @example requestOf({ requestId: 'r1', status: 'REQUESTED', accountName: 'a', email: 'a@example.com', blueprint: 'ai-dev' })
 */
export function requestOf(record: RequestRecord): Record<string, unknown> {
  const fields = record as unknown as Record<string, unknown>;
  if (record.request && typeof record.request === 'object')
    return { ...record.request, requestId: record.requestId };
  const request: Record<string, unknown> = { requestId: record.requestId };
  for (const field of REQUEST_FIELDS) if (fields[field] !== undefined) request[field] = fields[field];
  return request;
}
