import type { AddOrderParams, AddOrderResult, CallOptions } from '@krakenkit/client';
import type { GuardableClient } from '../../src/client/guardable-client.js';

export interface RecordedCall {
  method: string;
  params: unknown;
}

type Handler = (method: string, params: unknown) => unknown;

/**
 * A stand-in client that records every call that reaches it and answers with `handler` (throw to fail).
 * Reaching this object is "sending": a refused call must leave `calls` untouched.
 */
export function recordingClient(handler: Handler = defaultAnswer) {
  const calls: RecordedCall[] = [];
  const method =
    (name: string) =>
    async (params?: unknown, _options?: CallOptions): Promise<never> => {
      calls.push({ method: name, params });
      return (await handler(name, params)) as never;
    };
  const client = {
    addOrder: method('addOrder') as (params: AddOrderParams) => Promise<AddOrderResult>,
    addOrderBatch: method('addOrderBatch'),
    amendOrder: method('amendOrder'),
    editOrder: method('editOrder'),
    cancelOrder: method('cancelOrder'),
    cancelAll: method('cancelAll'),
    cancelAllOrdersAfter: method('cancelAllOrdersAfter'),
    cancelOrderBatch: method('cancelOrderBatch'),
    withdraw: method('withdraw'),
    withdrawInfo: method('withdrawInfo'),
    balance: method('balance'),
    openPositions: method('openPositions'),
    request: method('request'),
    getWebSocketsToken: method('getWebSocketsToken'),
    key: { name: 'bot-trading', permissions: ['Orders and trades - Create & modify orders'] },
  } satisfies GuardableClient & Record<string, unknown>;
  return { client, calls };
}

let next = 1;

function defaultAnswer(method: string, params: unknown): unknown {
  switch (method) {
    case 'addOrder':
      return { descr: { order: 'ok' }, txid: [`OTX-${next++}`] };
    case 'addOrderBatch':
      return {
        orders: ((params as { orders: unknown[] }).orders ?? []).map(() => ({ txid: `OTX-${next++}` })),
      };
    case 'amendOrder':
      return { amend_id: `AM-${next++}` };
    case 'editOrder':
      return { status: 'ok', txid: `OTX-${next++}` };
    case 'cancelOrder':
      return { count: 1 };
    case 'cancelAll':
      return { count: 3 };
    case 'withdrawInfo':
      return { method: 'Bitcoin', limit: '1000000', amount: '0.1', fee: '0.0001' };
    case 'withdraw':
      return { refid: `W-${next++}` };
    default:
      return {};
  }
}
