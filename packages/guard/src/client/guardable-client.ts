import type {
  AddOrderBatchParams,
  AddOrderBatchResult,
  AddOrderParams,
  AddOrderResult,
  AmendOrderParams,
  AmendOrderResult,
  CallOptions,
  CancelAllOrdersAfterParams,
  CancelAllOrdersAfterResult,
  CancelAllResult,
  CancelOrderBatchParams,
  CancelOrderBatchResult,
  CancelOrderParams,
  CancelOrderResult,
  EditOrderParams,
  EditOrderResult,
  EndpointName,
  WithdrawInfoParams,
  WithdrawInfoResult,
  WithdrawParams,
  WithdrawResult,
} from '@krakenkit/client';
import { endpoints } from '@krakenkit/client/wire';

type Method<P, R> = (params: P, options?: CallOptions) => Promise<R>;

/** The client's trading and withdrawal methods: what the guarded client offers with the same signatures. */
export interface GuardedTrading {
  addOrder: Method<AddOrderParams, AddOrderResult>;
  addOrderBatch: Method<AddOrderBatchParams, AddOrderBatchResult>;
  amendOrder: Method<AmendOrderParams, AmendOrderResult>;
  editOrder: Method<EditOrderParams, EditOrderResult>;
  cancelOrder: Method<CancelOrderParams, CancelOrderResult>;
  /** Cancels every open order (CancelAll); cancels always pass the guard. */
  cancelAll: (params?: Record<string, never>, options?: CallOptions) => Promise<CancelAllResult>;
  cancelAllOrdersAfter: Method<CancelAllOrdersAfterParams, CancelAllOrdersAfterResult>;
  cancelOrderBatch: Method<CancelOrderBatchParams, CancelOrderBatchResult>;
  withdraw: Method<WithdrawParams, WithdrawResult>;
}

/**
 * What guardClient wraps, structurally: `createClient()`'s client satisfies it, and so does a test double with
 * the same methods.
 */
export interface GuardableClient extends Omit<GuardedTrading, 'cancelOrderBatch'> {
  cancelOrderBatch?: GuardedTrading['cancelOrderBatch'];
  withdrawInfo?: Method<WithdrawInfoParams, WithdrawInfoResult>;
  /** The key's name and declared permissions (never its secret): tells the guard whether it is a trading key. */
  readonly key?: { readonly name: string; readonly permissions: readonly string[] } | undefined;
  /** Where the client shares its key (`ClientOptions.store`): a shared guard on the same journals along the call. */
  readonly shared?: { readonly store: unknown; readonly account: string } | undefined;
}

export const TRADING_METHODS = [
  'addOrder',
  'addOrderBatch',
  'amendOrder',
  'editOrder',
  'cancelOrder',
  'cancelAll',
  'cancelAllOrdersAfter',
  'cancelOrderBatch',
  'withdraw',
] as const satisfies ReadonlyArray<keyof GuardedTrading>;

// A WebSocket token trades over WebSocket, past the guard: not passed through although it is a read.
const NOT_PASSED = new Set<string>(['getWebSocketsToken', ...TRADING_METHODS]);

/**
 * Calls the guarded client passes straight through: every idempotent endpoint of the client's registry (the reads),
 * plus the limiter's budget and close(). Never `request` (any endpoint: a bypass) nor `getWebSocketsToken`.
 */
export const READ_METHODS: readonly string[] = [
  ...Object.entries(endpoints)
    .filter(([name, descriptor]) => descriptor.idempotent && !NOT_PASSED.has(name))
    .map(([name]) => name),
  'rateBudget',
  'close',
];

export type ReadMethod =
  | Exclude<EndpointName, (typeof TRADING_METHODS)[number] | 'getWebSocketsToken'>
  | 'rateBudget'
  | 'close';
