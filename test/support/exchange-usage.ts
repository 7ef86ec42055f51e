import type { MockExchange } from '@krakenkit/mock-exchange';
import { Decimal } from './decimal.js';

/** Pool usage and position volumes of one account, as the exchange holds them. */
export interface ExchangeExposure {
  /** Allowance currency → borrowed by open positions + open position-opening margin orders. */
  pools: Map<string, Decimal>;
  /** `altname|buy` / `altname|sell` → open position volume. */
  positions: Map<string, Decimal>;
}

/**
 * Reads the account's positions and open orders straight from the referee and totals them by the rule of
 * docs/kraken/margin-rules.md: a long borrows its open cost in the quote currency, a short its open volume in the base
 * currency (nothing when the base is fiat: fiat allowances limit longs only); an open order the exchange
 * classified as position-opening holds its remaining volume (× its reference price for a long).
 */
export function exchangeExposure(exchange: MockExchange, accountId: string): ExchangeExposure {
  const table = exchange.ctx.allowances;
  const account = exchange.account(accountId);
  const pools = new Map<string, Decimal>();
  const positions = new Map<string, Decimal>();
  const add = (map: Map<string, Decimal>, key: string, amount: Decimal) =>
    map.set(key, (map.get(key) ?? new Decimal(0)).plus(amount));
  const borrow = (
    pairBase: string,
    pairQuote: string,
    side: 'buy' | 'sell',
    volume: Decimal,
    price: Decimal,
  ) => {
    if (side === 'buy') add(pools, table.currencyOf(pairQuote), volume.times(price));
    else if (table.entry(pairBase, account.tier)?.fiat !== true)
      add(pools, table.currencyOf(pairBase), volume);
  };
  for (const position of account.positions.values()) {
    const open = new Decimal(position.vol.minus(position.volClosed).toFixed());
    const entry = new Decimal(position.cost.toFixed()).div(position.vol.toFixed());
    borrow(position.pair.base, position.pair.quote, position.side, open, entry);
    add(positions, `${position.pair.altname}|${position.side}`, open);
  }
  for (const order of account.open) {
    if (order.marginRole !== 'open') continue;
    const left = new Decimal(order.volume.minus(order.volExec).toFixed());
    borrow(order.pair.base, order.pair.quote, order.side, left, new Decimal(order.referencePrice.toFixed()));
  }
  return { pools, positions };
}
