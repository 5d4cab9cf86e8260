import { randomUUID } from 'node:crypto';
import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { FaultQueue, jsonResponse, sigV4Scope, startHttpServer } from './http';
import type { SnsState } from './sns-actions';
import { snsActions } from './sns-actions';
import { queryError, queryResult, SnsError } from './sns-query-protocol';
import type { SnsAttribute, SnsDelivery, SnsFault, SnsPublish, SnsSubscription } from './sns-types';

export { filterPolicyMatches } from './sns-filter-policy';
export type { SnsAttribute, SnsDelivery, SnsFault, SnsPublish, SnsSubscription };

export interface SnsStandIn {
  url: string;
  close(): Promise<void>;
  publishes(): SnsPublish[];
  /** Email and email-json deliveries, optionally only those to one address. */
  emails(to?: string): SnsDelivery[];
  /** Every delivery, whatever the protocol. */
  deliveries(): SnsDelivery[];
  subscriptions(): SnsSubscription[];
  injectFault(action: string, fault: SnsFault, times?: number): void;
  reset(): void;
}

export interface SnsStandInOptions extends ServerOptions {
  /** Used when the request's SigV4 scope names no region. */
  region?: string;
}

/**
 * Starts an Amazon SNS stand-in speaking the awsQuery protocol the SDK v3 client uses (form-encoded
 * `Action=…&Version=2010-03-31`, XML responses and `<ErrorResponse>` errors).
 *
 * @example
 * const sns = await startSnsStandIn();
 * const client = new SNSClient({ endpoint: sns.url, region: 'eu-west-1', credentials });
 * await client.send(new CreateTopicCommand({ Name: 'pipegate' }));
 */
export async function startSnsStandIn(options: SnsStandInOptions = {}): Promise<SnsStandIn> {
  const state: SnsState = { topics: new Set(), subscriptions: [], publishes: [], deliveries: [] };
  const actions = snsActions(state);
  const faults = new FaultQueue<SnsFault>();

  const handle = (request: StandInRequest): StandInResponse => {
    if (request.method === 'GET') {
      const { topics, subscriptions, publishes, deliveries } = state;
      return jsonResponse(200, { topics: [...topics], subscriptions, publishes, deliveries });
    }
    const params = new URLSearchParams(request.body);
    const action = params.get('Action') ?? '';
    const requestId = randomUUID();
    try {
      const fault = faults.take(action);
      if (fault) throw new SnsError(fault.status, fault.code, fault.message ?? `Injected ${fault.code}`);
      const implementation = actions[action];
      if (!implementation) throw new SnsError(400, 'InvalidAction', `The action ${action} is not valid`);
      const result = implementation(
        params,
        sigV4Scope(request.headers).region ?? options.region ?? 'us-east-1',
      );
      return queryResult(action, result, requestId);
    } catch (error) {
      if (!(error instanceof SnsError)) throw error;
      return queryError(error, requestId);
    }
  };

  const server = await startHttpServer(handle, options);
  return {
    url: server.url,
    close: () => server.close(),
    publishes: () => structuredClone(state.publishes),
    emails: (to) =>
      structuredClone(
        state.deliveries.filter((d) => d.protocol.startsWith('email') && (to === undefined || d.to === to)),
      ),
    deliveries: () => structuredClone(state.deliveries),
    subscriptions: () => structuredClone(state.subscriptions),
    injectFault: (action, fault, times = 1) => faults.add(action, fault, times),
    reset: () => {
      state.topics.clear();
      state.subscriptions = [];
      state.publishes = [];
      state.deliveries = [];
      faults.clear();
    },
  };
}
