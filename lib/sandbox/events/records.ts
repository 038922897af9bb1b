/** What the sandbox keeps per event bus, rule and accepted event. */

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
export const RULE_STATES: readonly RuleState[] = [
  'ENABLED',
  'DISABLED',
  'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
];

export const DEFAULT_BUS = 'default';

export interface EventBusRecord {
  name: string;
  arn: string;
  accountId: string;
  region: string;
  description?: string;
  createdAt: Date;
  modifiedAt: Date;
}

export interface RuleRecord {
  name: string;
  arn: string;
  busName: string;
  accountId: string;
  region: string;
  /** As given to PutRule (JSON text), validated. */
  eventPattern?: string;
  scheduleExpression?: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  createdBy: string;
  /** Targets by Id, as given to PutTargets. Stored for inspection only: nothing is invoked. */
  targets: Map<string, Record<string, unknown>>;
}

/** The event EventBridge builds from an accepted PutEvents entry (AWS-FACTS §5). */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** RFC 3339 without fractional seconds, e.g. 2026-01-01T12:00:00Z. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface PublishedEvent {
  /** The bus name as the entry named it (`default` when it named none). */
  bus: string;
  busArn: string;
  envelope: EventEnvelope;
}

export const busArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:events:${region}:${accountId}:event-bus/${name}`;

/** Rules on the default bus are `rule/<name>`, on a custom bus `rule/<bus>/<name>`. */
export const ruleArn = (region: string, accountId: string, bus: string, name: string): string =>
  `arn:aws:events:${region}:${accountId}:rule/${bus === DEFAULT_BUS ? '' : `${bus}/`}${name}`;
