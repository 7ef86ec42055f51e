import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { invalidArgument, isKrakenRejection, KrakenRejection } from '../core/rejection.js';
import { tradingCost } from '../rate-limit/trading-costs.js';
import { chargeTrading, checkOpenOrderLimit } from '../rate-limit/trading-limits.js';
import type { OrderDraft } from './draft.js';
import type { Order } from './order.js';
import type { OrderRequest } from './order-request.js';
import { admitOrder, createOrder, validateOrder } from './placement.js';

/** One order of an AddOrderBatch: the order placed, or the error that refused it. */
export type BatchItemResult =
  | { draft: OrderDraft; order: Order | undefined }
  | { draft: OrderDraft; error: string };

/**
 * AddOrderBatch: 2 to 15 orders on one pair. The counter is charged n/2; then every order is validated and if
 * one fails the whole batch is rejected with its error. After that each order is admitted on its own (funds,
 * margin): a failure there is that item's `error` and the others proceed.
 */
export function placeBatch(
  ctx: ExchangeContext,
  account: Account,
  pairName: string,
  requests: readonly OrderRequest[],
  validateOnly: boolean,
  now: number,
): BatchItemResult[] {
  if (requests.length < 2 || requests.length > 15)
    throw invalidArgument('orders', 'a batch holds 2 to 15 orders');
  const pair = ctx.catalog.pair(pairName);
  chargeTrading(ctx, account, pair, tradingCost.batchAdd(requests.length), now);
  checkOpenOrderLimit(ctx, account, pair, requests.length);
  const clOrdIds = requests.map((r) => r.clOrdId).filter((id): id is string => id !== null);
  if (new Set(clOrdIds).size !== clOrdIds.length) throw new KrakenRejection(ctx.errors.duplicateClOrdId);
  const drafts = requests.map((request) => validateOrder(ctx, account, pair, request, now));
  return drafts.map((draft) => {
    try {
      const role = admitOrder(ctx, account, draft, now);
      return { draft, order: validateOnly ? undefined : createOrder(ctx, account, draft, role, now) };
    } catch (error) {
      if (!isKrakenRejection(error)) throw error;
      return { draft, error: error.code };
    }
  });
}
