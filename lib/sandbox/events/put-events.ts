/**
 * PutEvents (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html).
 *
 * Whole-call failures (ValidationException, HTTP 400): `Entries` missing, empty or longer than
 * 10; the entries' total size (AWS's documented calculation: Time 14 bytes, Source, DetailType,
 * Detail and each Resource in UTF-8 bytes) not below the limit: 256 KB by default, as
 * AWS-FACTS §5 and the user guide's size page say. AWS raised the limit to 1 MB on 2026-01-29
 * and the installed API model (client-eventbridge 3.1169) already says "less than 1MB": the
 * sandbox keeps the stricter number unless `putEventsMaxBytes` says otherwise.
 *
 * Per-entry failures (the call answers 200; `Entries[i]` carries ErrorCode/ErrorMessage and
 * `FailedEntryCount` counts them), with AWS's codes and messages as recorded against AWS in
 * LocalStack's validated snapshots: missing Source/DetailType/Detail → InvalidArgument;
 * Detail not a JSON object → MalformedDetail; Source starting with `aws.` →
 * NotAuthorizedForSourceException. DetailType over 128 characters → InvalidArgument (the code
 * is AWS's, the message the sandbox's). Then `faults.failEntries` may fail an entry that would
 * have been accepted.
 *
 * A bus that does not exist is NOT an error: AWS accepts the entry, returns an EventId, counts
 * it as a success and drops the event (EventBridge user guide, "Sending events with
 * PutEvents": "If you use PutEvents to publish an event to an event bus that does not exist,
 * EventBridge event matching will not find a corresponding rule and will drop the event";
 * confirmed by aws/aws-cli#9186 (2025), aws/aws-sdk#186, and LocalStack's AWS-validated
 * test_put_events_nonexistent_event_bus). The sandbox does the same and records the event in
 * `sandbox.events.dropped`.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../aws-error.ts';
import { busRef, type EventsContext } from './context.ts';
import { validation } from './errors.ts';
import type { EventsInput } from './input.ts';
import { busArn, type EventEnvelope } from './records.ts';

const MAX_ENTRIES = 10;
const MAX_DETAIL_TYPE = 128;

interface ResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

interface Entry {
  Time?: unknown;
  Source?: unknown;
  Resources?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
}

export function putEvents(ctx: EventsContext, input: EventsInput): Record<string, unknown> {
  const entries = input.list('Entries', { min: 1, max: MAX_ENTRIES }).map(asEntry);
  input.optionalString('EndpointId');
  if (entries.reduce((total, entry) => total + entrySize(entry), 0) >= ctx.config.putEventsMaxBytes)
    throw validation('Total size of the entries in the request is over the limit.');
  const results = entries.map((entry) => putEntry(ctx, entry));
  return { FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length, Entries: results };
}

function asEntry(value: unknown, index: number): Entry {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new AwsError('SerializationException', `Entries[${index}] must be an object.`);
  const entry = value as Entry;
  for (const member of ['Source', 'DetailType', 'Detail', 'EventBusName'] as const) {
    const v = entry[member];
    if (v !== undefined && v !== null && typeof v !== 'string')
      throw new AwsError('SerializationException', `Entries[${index}].${member} must be a string.`);
  }
  const resources = entry.Resources;
  if (
    resources !== undefined &&
    resources !== null &&
    (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string'))
  )
    throw new AwsError('SerializationException', `Entries[${index}].Resources must be a list of strings.`);
  return entry;
}

/** AWS's documented entry size ("Calculating PutEvents event entry size"). */
function entrySize(entry: Entry): number {
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  const resources = Array.isArray(entry.Resources) ? entry.Resources : [];
  return (
    (entry.Time === undefined || entry.Time === null ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources.reduce((total: number, r: unknown) => total + bytes(r), 0)
  );
}

const failed = (ErrorCode: string, ErrorMessage: string): ResultEntry => ({ ErrorCode, ErrorMessage });
const required = (member: string): ResultEntry =>
  failed('InvalidArgument', `Parameter ${member} is not valid. Reason: ${member} is a required argument.`);

function putEntry(ctx: EventsContext, entry: Entry): ResultEntry {
  const source = entry.Source;
  const detailType = entry.DetailType;
  const detailText = entry.Detail;
  if (typeof source !== 'string' || source === '') return required('Source');
  if (typeof detailType !== 'string' || detailType === '') return required('DetailType');
  if (typeof detailText !== 'string') return required('Detail');
  if (source.startsWith('aws.'))
    return failed('NotAuthorizedForSourceException', 'Not authorized for the source.');
  if (detailType.length > MAX_DETAIL_TYPE)
    return failed(
      'InvalidArgument',
      `Parameter DetailType is not valid. Reason: DetailType is longer than ${MAX_DETAIL_TYPE} characters.`,
    );
  const detail = parseDetail(detailText);
  if (!detail) return failed('MalformedDetail', 'Detail is malformed.');
  const injected = ctx.faults.takeEntryFailure();
  if (injected) return failed(injected.errorCode, injected.message);

  const id = randomUUID();
  const envelope: EventEnvelope = {
    version: '0',
    id,
    'detail-type': detailType,
    source,
    account: ctx.caller.accountId,
    time: rfc3339(eventTime(entry.Time)),
    region: ctx.region,
    resources: Array.isArray(entry.Resources) ? [...(entry.Resources as string[])] : [],
    detail,
  };
  const busName = typeof entry.EventBusName === 'string' ? entry.EventBusName : undefined;
  const ref = busRef(ctx, busName);
  const bus = ctx.events.findBus(ref.accountId, ref.region, ref.name);
  const event = { bus: ref.name, busArn: bus?.arn ?? busArn(ref.region, ref.accountId, ref.name), envelope };
  if (bus) ctx.events.publish(event);
  else ctx.events.drop(event);
  return { EventId: id };
}

function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // malformed
  }
  return undefined;
}

/** `Time` arrives as epoch seconds (awsJson timestamps); absent means the time of the call. */
function eventTime(time: unknown): Date {
  if (typeof time === 'number' && Number.isFinite(time)) return new Date(time * 1000);
  if (typeof time === 'string' && !Number.isNaN(Date.parse(time))) return new Date(time);
  return new Date();
}

const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
