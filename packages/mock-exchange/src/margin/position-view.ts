import type { ExchangeContext } from '../context.js';
import type { Decimal } from '../core/decimal.js';
import { seconds } from '../orders/views.js';
import { openCost, openMargin, openVolume, type Position } from './position.js';

/** Current value (quote) and unrealised P&L of the open share, at the price the position would close at. */
export function valuation(ctx: ExchangeContext, position: Position): { value: Decimal; net: Decimal } {
  const market = ctx.markets.of(position.pair);
  const exit = position.side === 'buy' ? market.bid : market.ask;
  const value = exit.times(openVolume(position));
  const cost = openCost(position);
  return { value, net: position.side === 'buy' ? value.minus(cost) : cost.minus(value) };
}

/** A position in Kraken's OpenPositions shape (docs/kraken/rest-endpoints.md). */
export function positionView(
  ctx: ExchangeContext,
  position: Position,
  docalcs: boolean,
): Record<string, unknown> {
  const { pair } = position;
  const c = (v: Decimal) => v.toFixed(pair.costDecimals);
  const view: Record<string, unknown> = {
    ordertxid: position.ordertxid,
    posstatus: 'open',
    pair: pair.id,
    time: seconds(position.openedAt),
    type: position.side,
    ordertype: position.ordertype,
    cost: c(openCost(position)),
    fee: c(position.fee),
    vol: position.vol.toFixed(pair.lotDecimals),
    vol_closed: position.volClosed.toFixed(pair.lotDecimals),
    margin: c(openMargin(position)),
    terms: `${ctx.settings.marginRolloverFeePercent}% per ${ctx.settings.rolloverHours} hours`,
    rollovertm: String(Math.floor(position.rolloverAt / 1000)),
    misc: '',
    oflags: '',
  };
  if (docalcs) {
    const { value, net } = valuation(ctx, position);
    view['value'] = c(value);
    view['net'] = c(net);
  }
  return view;
}
