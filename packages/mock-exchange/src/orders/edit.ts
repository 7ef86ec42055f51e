import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import type { Decimal } from '../core/decimal.js';
import { E, invalidArgument, KrakenRejection } from '../core/rejection.js';
import type { Pair } from '../market/pairs.js';
import { tradingCost } from '../rate-limit/trading-costs.js';
import { chargeTrading } from '../rate-limit/trading-limits.js';
import { findOpenOrders } from './cancellation.js';
import type { Deadline } from './deadline.js';
import type { OrderDraft } from './draft.js';
import { finishOrder } from './lifecycle.js';
import type { Order } from './order.js';
import { requestFromOrder } from './order-as-request.js';
import { checkCombinations, type OrderRequest, type PriceSpec } from './order-request.js';
import { admitOrder, createOrder, validateOrder } from './placement.js';

/** An EditOrder request, parsed: the order and its replacement's volume and prices. */
export interface EditRequest {
  txid: string;
  pair: Pair;
  volume: Decimal | undefined;
  price: PriceSpec | undefined;
  price2: PriceSpec | undefined;
  oflags: string[] | undefined;
  newUserref: number | undefined;
  validate: boolean;
  deadline: Deadline | undefined;
}

export interface EditResult {
  original: Order;
  replacement: Order | undefined;
  draft: OrderDraft;
}

/**
 * EditOrder (legacy cancel-and-replace): the original is cancelled and a new order with a new txid takes its
 * place; executions stay with the original, so the replacement's volume is the new volume minus what already
 * executed. Not possible for triggered stop orders. The replacement is validated and admitted with the
 * original left out of every usage sum, before anything is cancelled.
 */
export function editOrder(
  ctx: ExchangeContext,
  account: Account,
  edit: EditRequest,
  now: number,
): EditResult {
  const original = findOpenOrders(account, { txid: edit.txid })[0];
  if (original === undefined) throw new KrakenRejection(E.unknownOrder);
  if (original.pair.id !== edit.pair.id) throw invalidArgument('pair');
  if (original.triggeredAt !== undefined)
    throw new KrakenRejection(E.invalidOrder, 'triggered orders cannot be edited');
  chargeTrading(ctx, account, original.pair, tradingCost.edit(now - original.touchedAt), now);
  const volume = (edit.volume ?? original.volume).minus(original.volExec);
  if (volume.lessThanOrEqualTo(0)) throw invalidArgument('volume');
  const request = replacementRequest(original, edit, volume);
  // New oflags must suit the order as AddOrder's would (post only on limits, viqc only on market buys...).
  checkCombinations(request);
  const draft = validateOrder(ctx, account, original.pair, request, now, original);
  const role = admitOrder(ctx, account, draft, now, original);
  if (edit.validate) return { original, replacement: undefined, draft };
  finishOrder(ctx, original, 'canceled', 'Order replaced', now);
  return { original, replacement: createOrder(ctx, account, draft, role, now), draft };
}

function replacementRequest(original: Order, edit: EditRequest, volume: Decimal): OrderRequest {
  const base = requestFromOrder(original, { volume, deadline: edit.deadline });
  return {
    ...base,
    price: edit.price ?? base.price,
    price2: edit.price2 ?? base.price2,
    oflags: edit.oflags ?? base.oflags,
    timeInForce: original.timeInForce === 'GTD' ? 'GTC' : original.timeInForce,
    userref: edit.newUserref ?? original.userref,
    clOrdId: null,
    validate: edit.validate,
  };
}
