import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { ZERO } from '../core/decimal.js';
import { invalidArgument, KrakenRejection } from '../core/rejection.js';
import { checkMarginRules } from '../margin/margin-rules.js';
import type { Pair } from '../market/pairs.js';
import { chargeTrading, checkOpenOrderLimit } from '../rate-limit/trading-limits.js';
import { checkDeadline } from './deadline.js';
import { buildDraft, type OrderDraft } from './draft.js';
import { execute } from './execution.js';
import { checkSpotFunds } from './funds.js';
import { registerOrder } from './lifecycle.js';
import type { MarginRole, Order } from './order.js';
import type { OrderRequest } from './order-request.js';
import { checkPairLimits, checkPairStatus } from './pair-rules.js';

/**
 * Argument- and pair-level validation of one order (what AddOrderBatch validates for the whole batch before
 * anything is placed): deadline, pair status, decimals, ordermin, costmin, tick size, duplicate cl_ord_id.
 */
export function validateOrder(
  ctx: ExchangeContext,
  account: Account,
  pair: Pair,
  request: OrderRequest,
  now: number,
  exclude?: Order,
): OrderDraft {
  checkDeadline(request.deadline, now);
  checkPairStatus(ctx, pair, request);
  const draft = buildDraft(ctx, account, pair, request);
  checkPairLimits(draft);
  expiryOf(request, now);
  checkStart(request, now);
  if (request.clOrdId !== null) {
    for (const order of account.openOrders()) {
      if (order !== exclude && order.clOrdId === request.clOrdId) {
        throw new KrakenRejection(ctx.errors.duplicateClOrdId);
      }
    }
  }
  return draft;
}

/** Account-level admission: margin rules for margin orders, available funds for spot orders. */
export function admitOrder(
  ctx: ExchangeContext,
  account: Account,
  draft: OrderDraft,
  now: number,
  exclude?: Order,
): MarginRole | undefined {
  const role = checkMarginRules(ctx, account, draft, exclude);
  if (role === undefined) checkSpotFunds(ctx, account, draft, now, exclude);
  return role;
}

/** Creates the order from an admitted draft, books it and runs it against the market at once. */
export function createOrder(
  ctx: ExchangeContext,
  account: Account,
  draft: OrderDraft,
  role: MarginRole | undefined,
  now: number,
): Order {
  const { request, pair } = draft;
  const order: Order = {
    txid: ctx.ids.next('O'),
    accountId: account.id,
    pair,
    side: request.side,
    ordertype: request.ordertype,
    price: draft.price,
    price2: draft.price2,
    volume: draft.volume,
    volExec: ZERO,
    cost: ZERO,
    fee: ZERO,
    leverage: request.leverage,
    reduceOnly: request.reduceOnly,
    marginRole: role,
    referencePrice: draft.referencePrice,
    oflags: request.oflags,
    timeInForce: request.timeInForce,
    expireAt: expiryOf(request, now),
    trigger: request.trigger,
    userref: request.userref,
    clOrdId: request.clOrdId,
    status: 'open',
    openedAt: now,
    closedAt: undefined,
    reason: null,
    touchedAt: now,
    misc: new Set(),
    tradeIds: [],
    triggeredAt: undefined,
    expiryTask: undefined,
    close: request.close,
  };
  if (draft.trail !== undefined) order.trail = draft.trail;
  registerOrder(ctx, account, order, now);
  execute(ctx, account, order, now, true);
  return order;
}

/**
 * GTD expiry: `+n` seconds from now (at least 5, as Kraken documents) or an absolute time, in the future and at
 * most one month ahead.
 */
export function expiryOf(request: OrderRequest, now: number): number | undefined {
  const { expiretm } = request;
  if (expiretm.kind === 'none') return undefined;
  if (expiretm.kind === 'relative' && expiretm.seconds < MIN_RELATIVE_EXPIRY_SECONDS) {
    throw invalidArgument('expiretm');
  }
  const at = expiretm.kind === 'relative' ? now + expiretm.seconds * 1000 : expiretm.seconds * 1000;
  if (at <= now || at > now + ONE_MONTH_MS) throw invalidArgument('expiretm');
  return at;
}

/**
 * `starttm`: the mock has no scheduled orders, so only a start that is already due (0, +0, a time not after now)
 * is taken; a later one is refused rather than placed at once, which would fill it before its time.
 */
function checkStart(request: OrderRequest, now: number): void {
  const start = request.starttm;
  if (start === undefined || start.kind === 'none') return;
  const later = start.kind === 'relative' ? start.seconds > 0 : start.seconds * 1000 > now;
  if (later) throw invalidArgument('starttm', 'scheduled starts are not simulated');
}

const ONE_MONTH_MS = 31 * 24 * 3600 * 1000;
const MIN_RELATIVE_EXPIRY_SECONDS = 5;

/** Result of one AddOrder: the order, or (validate=true) only its draft. */
export interface PlaceResult {
  draft: OrderDraft;
  order: Order | undefined;
}

/**
 * AddOrder: charge the pair's matching-engine counter (+1, on receipt even if validation then fails), check
 * the open-order limit, validate, admit, then create (unless `validate`).
 */
export function placeOrder(
  ctx: ExchangeContext,
  account: Account,
  request: OrderRequest,
  now: number,
): PlaceResult {
  const pair = ctx.catalog.pair(request.pairName);
  chargeTrading(ctx, account, pair, 1, now);
  checkOpenOrderLimit(ctx, account, pair, 1);
  const draft = validateOrder(ctx, account, pair, request, now);
  const role = admitOrder(ctx, account, draft, now);
  if (request.validate) return { draft, order: undefined };
  return { draft, order: createOrder(ctx, account, draft, role, now) };
}
