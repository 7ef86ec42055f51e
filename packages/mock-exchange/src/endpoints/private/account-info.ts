import type { Account } from '../../accounts/account.js';
import { feeTierFor } from '../../config/fees.js';
import type { ExchangeContext } from '../../context.js';
import { type Decimal, HUNDRED, ONE, ZERO } from '../../core/decimal.js';
import { collateralUsd } from '../../margin/collateral.js';
import { openCost } from '../../margin/position.js';
import { valuation } from '../../margin/position-view.js';
import { holds } from '../../orders/funds.js';
import { remaining } from '../../orders/order.js';
import { type PrivateEndpoint, privateEndpoint } from '../types.js';
import { amountText, balanceJson, decimalsOf } from './balance-text.js';

/** Balance, BalanceEx, TradeBalance, TradeVolume, GetWebSocketsToken. */
export const accountInfoEndpoints: readonly PrivateEndpoint[] = [
  privateEndpoint('Balance', ['funds_query'], 'rest', ({ ctx, account }) => balanceJson(ctx, account)),

  privateEndpoint('BalanceEx', ['funds_query'], 'rest', ({ ctx, account, now }) => {
    const held = holds(ctx, account, now);
    const out: Record<string, unknown> = {};
    for (const [asset, amount] of account.balances) {
      const d = decimalsOf(ctx, asset);
      out[asset] = { balance: amountText(amount, d), hold_trade: (held.get(asset) ?? ZERO).toFixed(d) };
    }
    return out;
  }),

  privateEndpoint('TradeBalance', ['funds_query'], 'rest', ({ ctx, account, params }) => {
    const asset = ctx.catalog.asset(params.optText('asset') ?? 'ZUSD');
    return tradeBalance(ctx, account, asset.id, asset.decimals);
  }),

  privateEndpoint('TradeVolume', ['funds_query'], 'rest', ({ ctx, account, params, now }) => {
    const volume = account.volume30d(now);
    const { tier, next } = feeTierFor(ctx.fees, volume);
    const pct = (v: Decimal) => v.toFixed(4);
    const feeInfo = (kind: 'maker' | 'taker') => ({
      fee: pct(tier[kind]),
      minfee: pct(ctx.fees.tiers[ctx.fees.tiers.length - 1]?.[kind] ?? tier[kind]),
      maxfee: pct(ctx.fees.tiers[0]?.[kind] ?? tier[kind]),
      nextfee: next === undefined ? null : pct(next[kind]),
      nextvolume: next === undefined ? null : next.volume.toFixed(4),
      tiervolume: tier.volume.toFixed(4),
    });
    const pairs = params.list('pair').map((name) => ctx.catalog.pair(name));
    const result: Record<string, unknown> = { currency: ctx.fees.volumeCurrency, volume: volume.toFixed(4) };
    if (pairs.length > 0) {
      result['fees'] = Object.fromEntries(pairs.map((p) => [p.id, feeInfo('taker')]));
      result['fees_maker'] = Object.fromEntries(pairs.map((p) => [p.id, feeInfo('maker')]));
    }
    return result;
  }),

  privateEndpoint('GetWebSocketsToken', ['websocket'], 'rest', ({ ctx, account, key, now }) => {
    const token = ctx.ids.opaque(30);
    const expires = ctx.settings.wsTokenTtlSeconds;
    ctx.wsTokens.set(token, { accountId: account.id, apiKey: key.apiKey, expiresAt: now + expires * 1000 });
    return { token, expires };
  }),
];

/**
 * TradeBalance in `asset` (default ZUSD): eb/tb from balances, m = initial margin of open positions, n/v/c from
 * their valuation, e = tb + n, mf = e − m, ml = e / m × 100 (only with positions), uv = unexecuted order value.
 */
function tradeBalance(
  ctx: ExchangeContext,
  account: Account,
  asset: string,
  decimals: number,
): Record<string, string> {
  const perUsd = ONE.div(ctx.markets.usdPrice(asset) ?? ONE);
  const inAsset = (usd: Decimal) => usd.times(perUsd).toFixed(decimals);
  const eb = collateralUsd(ctx, account);
  let n = ZERO;
  let c = ZERO;
  let v = ZERO;
  for (const position of account.positions.values()) {
    const { value, net } = valuation(ctx, position);
    n = n.plus(ctx.markets.usdValue(position.pair.quote, net));
    v = v.plus(ctx.markets.usdValue(position.pair.quote, value));
    c = c.plus(ctx.markets.usdValue(position.pair.quote, openCost(position)));
  }
  let m = ZERO;
  for (const position of account.positions.values())
    m = m.plus(ctx.markets.usdValue(position.pair.quote, openCost(position).div(position.leverage)));
  let uv = ZERO;
  for (const order of account.openOrders()) {
    uv = uv.plus(ctx.markets.usdValue(order.pair.quote, remaining(order).times(order.referencePrice)));
  }
  const e = eb.plus(n);
  const result: Record<string, string> = {
    eb: inAsset(eb),
    tb: inAsset(eb),
    m: inAsset(m),
    n: inAsset(n),
    c: inAsset(c),
    v: inAsset(v),
    e: inAsset(e),
    mf: inAsset(e.minus(m)),
    uv: inAsset(uv),
  };
  if (m.greaterThan(ZERO)) result['ml'] = e.div(m).times(HUNDRED).toFixed(2);
  return result;
}
