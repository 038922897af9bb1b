/**
 * Amazon EventBridge over awsJson1_1 (`X-Amz-Target: AWSEvents.<Operation>`, signing name
 * `events`), per account and Region: event buses, PutEvents, rules and targets (stored only),
 * TestEventPattern. Local delivery is `sandbox.events.onMatch` (delivery.ts). Operations
 * missing from the table answer UnknownOperationException naming the gap.
 */
import { AwsError } from '../aws-error.ts';
import type { FaultInjector } from '../faults.ts';
import { JsonProtocol } from '../protocol-json.ts';
import type { SandboxService, ServiceCall, WireResponse } from '../service.ts';
import * as buses from './buses.ts';
import type { EventsConfig, EventsOperation } from './context.ts';
import { EVENTS_ERROR_STATUSES } from './errors.ts';
import { EventsInput } from './input.ts';
import { putEvents } from './put-events.ts';
import * as rules from './rules.ts';
import type { EventsState } from './state.ts';
import * as targets from './targets.ts';

const OPERATIONS: Record<string, EventsOperation> = {
  CreateEventBus: buses.createEventBus,
  DescribeEventBus: buses.describeEventBus,
  ListEventBuses: buses.listEventBuses,
  DeleteEventBus: buses.deleteEventBus,
  PutEvents: putEvents,
  PutRule: rules.putRule,
  DescribeRule: rules.describeRule,
  ListRules: rules.listRules,
  DeleteRule: rules.deleteRule,
  EnableRule: rules.enableRule,
  DisableRule: rules.disableRule,
  TestEventPattern: rules.testEventPattern,
  PutTargets: targets.putTargets,
  ListTargetsByRule: targets.listTargetsByRule,
  RemoveTargets: targets.removeTargets,
};

export const MODELLED_EVENTS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export interface EventsDeps {
  events: EventsState;
  faults: FaultInjector;
  config: EventsConfig;
}

export function eventsService(deps: EventsDeps): SandboxService {
  const protocol = new JsonProtocol({
    version: '1.1',
    targetPrefix: 'AWSEvents',
    messageKey: 'message',
    errorStatuses: EVENTS_ERROR_STATUSES,
  });
  return {
    protocol,
    async handle(call: ServiceCall): Promise<WireResponse> {
      const operation = OPERATIONS[call.operation];
      if (!operation) {
        throw new AwsError(
          'UnknownOperationException',
          `The sandbox does not model EventBridge operation ${call.operation}. Modelled: ${MODELLED_EVENTS_OPERATIONS.join(', ')}.`,
        );
      }
      const input = new EventsInput(protocol.parse(call.body));
      const output = operation({ ...deps, caller: call.caller, region: call.region }, input);
      return protocol.result(output, call.requestId);
    },
  };
}
