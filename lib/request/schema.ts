import * as v from 'valibot';

/** AWS CreateAccount `Email`: 6–64 chars, one `@`, no whitespace; domain rules checked separately. */
const EMAIL =
  /^[^\s@"'()<>[\]:;,\\|%&.][^\s@"'()<>[\]:;,\\|%&]*@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z0-9.-]*[A-Za-z0-9]$/;
/** AWS CreateAccount `AccountName`: printable ASCII. */
const ACCOUNT_NAME = /^[\u0020-\u007E]+$/;
/** A request id: 1–64 of A-Z, a-z, 0-9, _ and - (also what the Slack command accepts). */
export const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/iu;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

export const RequestIdSchema = v.pipe(
  v.string('requestId must be a string'),
  v.regex(REQUEST_ID, 'requestId must be 1–64 characters of A-Z, a-z, 0-9, _ and -'),
);

export const RequestSchema = v.strictObject({
  requestId: v.optional(RequestIdSchema),
  accountName: v.pipe(
    v.string('accountName must be a string'),
    v.minLength(1, 'accountName must not be empty'),
    v.maxLength(50, 'accountName must be at most 50 characters (AWS limit)'),
    v.regex(ACCOUNT_NAME, 'accountName must be printable ASCII'),
  ),
  email: v.pipe(
    v.string('email must be a string'),
    v.minLength(6, 'email must be at least 6 characters (AWS limit)'),
    v.maxLength(64, 'email must be at most 64 characters (AWS limit)'),
    v.regex(EMAIL, 'email is not an address AWS accepts (one @, no spaces or quotes, a dotted domain)'),
  ),
  blueprint: v.pipe(v.string('blueprint must be a string'), v.minLength(1, 'blueprint must not be empty')),
  tags: v.optional(
    v.pipe(
      v.record(
        v.pipe(v.string(), v.regex(TAG_KEY, 'tag keys are 1–128 characters and must not start with aws:')),
        v.pipe(
          v.string('tag values must be strings'),
          v.regex(TAG_VALUE, 'tag values are at most 256 characters'),
        ),
      ),
      v.check((tags) => Object.keys(tags).length <= 50, 'at most 50 tags (AWS limit)'),
    ),
  ),
  requestedBy: v.optional(
    v.strictObject({
      source: v.picklist(
        ['slack', 'eventbridge', 'dynamodb', 'cli'],
        'requestedBy.source must be slack, eventbridge, dynamodb or cli',
      ),
      id: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
    }),
  ),
});

export type RequestInput = v.InferOutput<typeof RequestSchema>;

/** A request after validation: the request id is always known. */
export type VendRequest = RequestInput & { requestId: string };
