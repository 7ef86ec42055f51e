import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import type { Decimal } from '../core/decimal.js';
import { isKrakenRejection } from '../core/rejection.js';
import type { Order } from './order.js';
import type { OrderRequest } from './order-request.js';
import { admitOrder, createOrder, validateOrder } from './placement.js';

/**
 * Conditional close (AddOrder `close[ordertype]`, `close[price]`, `close[price2]`): every execution of the
 * primary order creates an independent opposite order of the executed volume, with the primary's leverage
 * (so it reduces a margin position). Relative close prices are taken from the last price, i.e. the fill. A
 * close order that fails the normal rules at that moment is not created; the refusal is returned. The close
 * order names its primary in `refid`, as Kraken's order views do. `faults.refuseConditionalCloses` makes the next
 * ones fail that way on demand.
 */
export function spawnCloseOrder(
  ctx: ExchangeContext,
  account: Account,
  primary: Order,
  filled: Decimal,
  now: number,
): { order: Order } | { refusal: string } | undefined {
  const { close } = primary;
  if (close === undefined || filled.isZero()) return undefined;
  const fault = ctx.faults.takeCloseRefusal();
  if (fault !== undefined) return { refusal: fault };
  const request: OrderRequest = {
    pairName: primary.pair.id,
    ordertype: close.ordertype,
    side: primary.side === 'buy' ? 'sell' : 'buy',
    volume: filled,
    price: close.price,
    price2: close.price2,
    leverage: primary.leverage,
    reduceOnly: false,
    oflags: [],
    timeInForce: 'GTC',
    expiretm: { kind: 'none' },
    trigger: primary.trigger,
    userref: primary.userref,
    clOrdId: null,
    validate: false,
    close: undefined,
    deadline: undefined,
  };
  try {
    const draft = validateOrder(ctx, account, primary.pair, request, now);
    const role = admitOrder(ctx, account, draft, now);
    const order = createOrder(ctx, account, draft, role, now);
    order.refid = primary.txid;
    return { order };
  } catch (error) {
    if (isKrakenRejection(error)) return { refusal: error.code };
    throw error;
  }
}
