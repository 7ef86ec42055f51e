import type { ExchangeContext } from '../context.js';
import { type Decimal, sumDec } from '../core/decimal.js';
import { openCost, openMargin, type Position } from './position.js';
import { valuation } from './position-view.js';

/**
 * OpenPositions with `consolidation=market`: an array with one aggregate per pair and side instead of the map by
 * position id. Fields as in answers Kraken has been seen to give (the shape is UNCONFIRMED by its pages): the
 * count of positions as text, the totals of the single view's fields, and the leverage of the whole, cost over
 * margin with 5 decimals.
 */
export function consolidatedPositionsView(
  ctx: ExchangeContext,
  positions: readonly Position[],
  docalcs: boolean,
): Record<string, unknown>[] {
  const groups = new Map<string, Position[]>();
  for (const position of positions) {
    const key = `${position.pair.id}|${position.side}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [position]);
    else group.push(position);
  }
  return [...groups.values()].map((group) => aggregate(ctx, group, docalcs));
}

function aggregate(
  ctx: ExchangeContext,
  group: readonly Position[],
  docalcs: boolean,
): Record<string, unknown> {
  const [first] = group as [Position, ...Position[]];
  const { pair } = first;
  const c = (v: Decimal) => v.toFixed(pair.costDecimals);
  const total = (of: (p: Position) => Decimal) => sumDec(group.map(of));
  const cost = total(openCost);
  const margin = total(openMargin);
  const view: Record<string, unknown> = {
    pair: pair.id,
    positions: String(group.length),
    type: first.side,
    leverage: margin.isZero() ? '0.00000' : cost.div(margin).toFixed(5),
    cost: c(cost),
    fee: c(total((p) => p.fee)),
    vol: total((p) => p.vol).toFixed(pair.lotDecimals),
    vol_closed: total((p) => p.volClosed).toFixed(pair.lotDecimals),
    margin: c(margin),
  };
  if (docalcs) {
    const values = group.map((p) => valuation(ctx, p));
    view['value'] = c(sumDec(values.map((v) => v.value)));
    view['net'] = c(sumDec(values.map((v) => v.net)));
  }
  return view;
}
