/**
 * The chaos soak's verdict, read from the exchange's own records (not through the faulty API): duplicates by
 * cl_ord_id, orders the bot does not know the fate of, and the guard's pool usage against the exchange's.
 */
import type { Guard } from '@krakenkit/guard';
import type { RunningMockExchange } from '@krakenkit/mock-exchange';
import * as services from '@krakenkit/mock-exchange/services';
import { Decimal } from './decimal.js';
import type { SoakBot } from './soak-bot.js';

/** One pool: the guard's total, the exchange's usage as its OpenPositions/OpenOrders report it, and unrounded. */
export interface PoolComparison {
  guard: string;
  exchange: string;
  /** The exchange's internal figure: positions' costs at full precision (the API shows cost_decimals). */
  exchangeUnrounded: string;
}

export interface ChaosAudit {
  /** Orders on the exchange for the account. */
  exchangeOrders: number;
  /** cl_ord_ids that appear on more than one exchange order. */
  duplicates: string[];
  /** Exchange orders without a cl_ord_id, or with one the bot never sent. */
  orphans: string[];
  /** Ledger entries still pending, or whose recorded fate disagrees with the exchange. */
  unknown: string[];
  /** How the bot's orders ended, by status. */
  statuses: Record<string, number>;
  /** Guard in-flight reservations before the last sync, and those the sync kept (both should be 0). */
  inFlightBefore: number;
  keptInFlight: number | undefined;
  /** Per currency: the guard's pool total and the exchange's usage (decimal text). */
  pools: Record<string, PoolComparison>;
  poolsEqual: boolean;
  /** Open margin orders and positions on the exchange at the end (the pools are not trivially empty). */
  openMarginOrders: number;
  openPositions: number;
}

export function auditExchange(
  running: RunningMockExchange,
  bot: SoakBot,
  guard: Guard,
  inFlight: { inFlightBefore: number; keptInFlight: number | undefined },
): ChaosAudit {
  const account = running.exchange.account('soak');
  const byClOrdId = new Map<string, string[]>();
  const orphans: string[] = [];
  for (const [txid, order] of account.orders) {
    if (order.clOrdId === null || !bot.ledger.has(order.clOrdId)) orphans.push(txid);
    if (order.clOrdId !== null) byClOrdId.set(order.clOrdId, [...(byClOrdId.get(order.clOrdId) ?? []), txid]);
  }
  const duplicates = [...byClOrdId].filter(([, txids]) => txids.length > 1).map(([id]) => id);
  const unknown: string[] = [];
  const statuses: Record<string, number> = {};
  for (const entry of bot.ledger.values()) {
    statuses[entry.status] = (statuses[entry.status] ?? 0) + 1;
    const onExchange = byClOrdId.get(entry.clOrdId);
    const agrees =
      entry.status === 'placed'
        ? onExchange !== undefined && (entry.txid === undefined || onExchange.includes(entry.txid))
        : entry.status !== 'pending' && onExchange === undefined;
    if (!agrees) unknown.push(`${entry.clOrdId}:${entry.status}`);
  }
  const pools = comparePools(running, guard);
  return {
    exchangeOrders: account.orders.size,
    duplicates,
    orphans,
    unknown,
    statuses,
    ...inFlight,
    pools,
    poolsEqual: Object.values(pools).every((p) => new Decimal(p.guard).eq(p.exchange)),
    openMarginOrders: [...account.openOrders()].filter((order) => order.marginRole !== undefined).length,
    openPositions: account.positions.size,
  };
}

function comparePools(running: RunningMockExchange, guard: Guard): Record<string, PoolComparison> {
  const { ctx } = running.exchange;
  const account = running.exchange.account('soak');
  const guardPools = new Map(guard.snapshot().pools.map((pool) => [pool.currency, pool.total]));
  const currencies = new Set([...guardPools.keys(), 'USD', 'XBT', 'ETH', 'SOL']);
  const out: Record<string, PoolComparison> = {};
  for (const currency of currencies) {
    const pool = ctx.allowances.currencyOf(currency);
    const internal = services.accountUsage(ctx, account, pool);
    // Positions as OpenPositions reports them (cost at the pair's cost decimals): all the guard can know.
    let reported = internal;
    for (const position of account.positions.values()) {
      const borrows = position.side === 'buy' ? position.pair.quote : position.pair.base;
      if (ctx.allowances.currencyOf(borrows) !== pool) continue;
      const open = position.vol.minus(position.volClosed);
      const view = services.positionView(ctx, position, false) as { cost: string };
      const exact = position.side === 'buy' ? position.cost.div(position.vol).times(open) : open;
      const shown = position.side === 'buy' ? new Decimal(view.cost) : open;
      reported = reported.minus(exact.toString()).plus(shown.toString());
    }
    out[currency] = {
      guard: guardPools.get(currency) ?? '0',
      exchange: reported.toFixed(),
      exchangeUnrounded: internal.toFixed(),
    };
  }
  return out;
}
