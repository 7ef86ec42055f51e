import { Decimal } from '@krakenkit/core';
import { EMA } from 'trading-signals';
import { z } from 'zod';
import { duration, positiveMoney } from '../config/fields.js';
import { volumeProblems } from './order-minimums.js';
import { isProtectionTag, withProtection } from './protection.js';
import { changeBps, toLot } from './rounding.js';
import type {
  Adoption,
  Fill,
  MarketTick,
  OrderEnded,
  OrderRequest,
  PairInfo,
  PairProblem,
  Protection,
  Side,
  Strategy,
  StrategyAction,
  StrategyDefinition,
  StrategyView,
} from './types.js';
import { hasOrderOn } from './view-helpers.js';

/** Params of the margin trend follower. */
export const marginTrendParamsSchema = z
  .strictObject({
    /** Base-currency volume of each entry (decimal string). */
    volume: positiveMoney,
    /** Leverage of every margin order: an integer the pair offers (leverage_buy / leverage_sell). */
    leverage: z.number().int().min(2).max(100),
    /** Fast and slow EMA periods, in ticks (one tick per poll interval). */
    fast: z.number().int().min(1).default(3),
    slow: z.number().int().min(2).default(8),
    /** How far apart the EMAs must be (basis points of the slow one) to count as a trend. */
    thresholdBps: z.number().nonnegative().default(0),
    /** Entries per direction (pyramiding); each borrows from the margin pool. */
    maxEntries: z.number().int().min(1).max(50).default(3),
    /** Least time between two entries. */
    entryEvery: duration.default(2_000),
    /** Pause after an entry is refused (by the guard or the exchange). */
    cooldown: duration.default(3_000),
    direction: z.enum(['both', 'long', 'short']).default('both'),
    /**
     * Close the whole position when it is this far in profit / in loss (basis points of the entry price), from the
     * process: gone when it dies. The bot's `protect:` puts them on the exchange instead.
     */
    takeProfitBps: z.number().positive().optional(),
    stopLossBps: z.number().positive().optional(),
  })
  .refine((params) => params.fast < params.slow, { error: 'fast must be shorter than slow', path: ['fast'] });
/** The `params` of a `margin-trend` bot, validated. */
export type MarginTrendParams = z.output<typeof marginTrendParamsSchema>;

// EMAs are signals computed in floating point (trading-signals): a gap this small between them is rounding noise
// (a flat price leaves the two EMAs ~1e-12 bps apart), read as no gap, as the exact averages would have none.
const NOISE_BPS = 1e-6;

interface PairState {
  fast: EMA;
  slow: EMA;
  entries: number;
  lastEntryAt: number;
  blockedUntil: number;
  /** Volume-weighted entry price of the open position. */
  entryPrice: Decimal | undefined;
  seq: number;
}

/** What margin-trend saves per pair (JSON: no Decimals, no infinities). */
interface SavedPair {
  entries: number;
  lastEntryAt: number | null;
  blockedUntil: number;
  entryPrice: string | null;
  seq: number;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * A margin trend follower, long and short. A fast EMA above the slow one (by more than thresholdBps) is an up
 * trend: it buys `volume` with `leverage`, and adds another entry every `entryEvery` while the trend lasts, up to
 * `maxEntries` (pyramiding: each entry borrows more from the margin pool, which is what the guard's allowance rule
 * watches). A down trend does the same short. The position is closed (reduce-only, whole volume) when the trend
 * turns against it or at take-profit / stop-loss. One order per pair in flight at a time; after a refusal it
 * waits `cooldown`.
 */
export class MarginTrendStrategy implements Strategy {
  readonly #params: MarginTrendParams;
  readonly #protect: Protection | undefined;
  readonly #pairs = new Map<string, PairState>();

  /** `protect`: the bot's exchange-resident protection, attached to every entry. */
  constructor(params: MarginTrendParams, protect?: Protection) {
    this.#params = params;
    this.#protect = protect;
  }

  onTick(tick: MarketTick, view: StrategyView): StrategyAction[] {
    const state = this.#state(tick.pair.id);
    const mid = tick.mid.toNumber();
    state.fast.add(mid);
    state.slow.add(mid);
    if (!state.slow.isStable || hasOrderOn(view, tick.pair.id)) return [];
    // fast < slow: once the slow EMA is stable, so is the fast one.
    const fast = state.fast.getResultOrThrow();
    const slow = state.slow.getResultOrThrow();
    const trend = this.#trend(((fast - slow) / slow) * 10_000);
    const position = view.position(tick.pair.id);
    if (!position.isZero() && this.#shouldExit(position, trend, tick.mid, state)) {
      return [this.#order(tick.pair, state, position.gt(0) ? 'sell' : 'buy', position.abs(), true)];
    }
    if (trend === undefined || view.now < state.blockedUntil) return [];
    if (view.now - state.lastEntryAt < this.#params.entryEvery) return [];
    const holding: Side | undefined = position.isZero() ? undefined : position.gt(0) ? 'buy' : 'sell';
    if (holding !== undefined && (holding !== trend || state.entries >= this.#params.maxEntries)) return [];
    state.lastEntryAt = view.now;
    state.entries += 1;
    return [this.#order(tick.pair, state, trend, toLot(tick.pair, new Decimal(this.#params.volume)), false)];
  }

  /**
   * Takes back each pair's entries, timers, entry price and order numbering, then squares them with the position
   * the bot holds now: flat means no entries; a position it saved nothing about counts as one entry, so the bot
   * never pyramids on top of a position it cannot account for. The EMAs start afresh (they need `slow` ticks).
   */
  adopt(adoption: Adoption): StrategyAction[] {
    const saved = (adoption.saved as { pairs?: Record<string, SavedPair> } | undefined)?.pairs ?? {};
    for (const [pair, entry] of Object.entries(saved)) {
      const state = this.#state(pair);
      state.entries = numberOr(entry.entries, 0);
      state.lastEntryAt = numberOr(entry.lastEntryAt, Number.NEGATIVE_INFINITY);
      state.blockedUntil = numberOr(entry.blockedUntil, 0);
      state.seq = numberOr(entry.seq, 0);
      state.entryPrice = typeof entry.entryPrice === 'string' ? new Decimal(entry.entryPrice) : undefined;
    }
    for (const [pair, position] of adoption.positions) {
      const state = this.#state(pair);
      if (position.isZero()) Object.assign(state, { entries: 0, entryPrice: undefined });
      else state.entries = Math.max(1, state.entries);
    }
    for (const order of adoption.openOrders) {
      const seq = Number(/(\d+)$/.exec(order.request.tag)?.[1] ?? 0);
      const state = this.#state(order.request.pair);
      state.seq = Math.max(state.seq, seq);
    }
    return [];
  }

  /** Each pair's entries, timers, entry price (decimal text) and order numbering. */
  snapshot(): { pairs: Record<string, SavedPair> } {
    const pairs: Record<string, SavedPair> = {};
    for (const [pair, state] of this.#pairs) {
      pairs[pair] = {
        entries: state.entries,
        lastEntryAt: Number.isFinite(state.lastEntryAt) ? state.lastEntryAt : null,
        blockedUntil: state.blockedUntil,
        entryPrice: state.entryPrice?.toFixed() ?? null,
        seq: state.seq,
      };
    }
    return { pairs };
  }

  onFill(fill: Fill, view: StrategyView): StrategyAction[] {
    const state = this.#state(fill.pair.id);
    const after = view.position(fill.pair.id);
    if (after.isZero()) {
      state.entries = 0;
      state.entryPrice = undefined;
      return [];
    }
    const signed = fill.side === 'buy' ? fill.volume : fill.volume.neg();
    const before = after.minus(signed);
    // Only fills that grow the position move its entry price.
    if (before.isZero() || before.isPositive() === signed.isPositive()) {
      const held = before.abs();
      const previous = state.entryPrice ?? fill.price;
      state.entryPrice = previous.times(held).plus(fill.price.times(fill.volume)).div(held.plus(fill.volume));
    }
    return [];
  }

  onOrderEnded(ended: OrderEnded, view: StrategyView): StrategyAction[] {
    const state = this.#pairs.get(ended.tag.split(':')[0] ?? '');
    // A stop or take-profit that ended unfilled is no entry of its own (the desk reports refusals).
    if (state === undefined || ended.reason === 'cancelled' || ended.reason === 'expired') return [];
    if (isProtectionTag(ended.tag)) return [];
    if (ended.tag.includes(':entry')) state.entries = Math.max(0, state.entries - 1);
    state.blockedUntil = view.now + this.#params.cooldown;
    return [];
  }

  #trend(spreadBps: number): Side | undefined {
    const { thresholdBps, direction } = this.#params;
    if (Math.abs(spreadBps) <= NOISE_BPS) return undefined;
    if (spreadBps > thresholdBps && direction !== 'short') return 'buy';
    if (spreadBps < -thresholdBps && direction !== 'long') return 'sell';
    return undefined;
  }

  #shouldExit(position: Decimal, trend: Side | undefined, mid: Decimal, state: PairState): boolean {
    const holding: Side = position.gt(0) ? 'buy' : 'sell';
    if (trend !== undefined && trend !== holding) return true;
    if (state.entryPrice === undefined) return false;
    const moved = changeBps(state.entryPrice, mid);
    const gain = holding === 'buy' ? moved : moved.neg();
    const { takeProfitBps, stopLossBps } = this.#params;
    return (
      (takeProfitBps !== undefined && gain.gte(takeProfitBps)) ||
      (stopLossBps !== undefined && gain.lte(-stopLossBps))
    );
  }

  #order(pair: PairInfo, state: PairState, side: Side, volume: Decimal, closing: boolean): StrategyAction {
    state.seq += 1;
    const order: OrderRequest = {
      tag: `${pair.id}:${closing ? 'close' : 'entry'}${state.seq}`,
      pair: pair.id,
      side,
      type: 'market',
      volume,
      leverage: this.#params.leverage,
      ...(closing ? { reduceOnly: true } : {}),
    };
    return { type: 'place', order: closing ? order : withProtection(order, this.#protect, pair) };
  }

  #state(pair: string): PairState {
    let state = this.#pairs.get(pair);
    if (state === undefined) {
      state = {
        fast: new EMA(this.#params.fast),
        slow: new EMA(this.#params.slow),
        entries: 0,
        lastEntryAt: Number.NEGATIVE_INFINITY,
        blockedUntil: 0,
        entryPrice: undefined,
        seq: 0,
      };
      this.#pairs.set(pair, state);
    }
    return state;
  }
}

function leverageProblems(params: MarginTrendParams, pairs: readonly PairInfo[]): PairProblem[] {
  const problems: PairProblem[] = [];
  for (const pair of pairs) {
    const sides: Array<[Side, readonly number[]]> = [];
    if (params.direction !== 'short') sides.push(['buy', pair.leverageBuy]);
    if (params.direction !== 'long') sides.push(['sell', pair.leverageSell]);
    for (const [side, offered] of sides) {
      if (!offered.includes(params.leverage))
        problems.push({
          param: 'leverage',
          message: `${pair.wsname} does not offer leverage ${params.leverage} for ${side}s (offered: ${offered.length === 0 ? 'none' : offered.join(', ')})`,
        });
    }
  }
  return problems;
}

/** The built-in `margin-trend` strategy: a leveraged trend follower, long and short. */
export const marginTrendStrategy: StrategyDefinition<MarginTrendParams> = {
  name: 'margin-trend',
  summary: 'margin trend follower, long and short with leverage, pyramiding entries, closes on reversal',
  params: marginTrendParamsSchema,
  checkPairs: (params, pairs) => [
    ...leverageProblems(params, pairs),
    ...volumeProblems(params.volume, pairs),
  ],
  protection: true,
  checkProtection: (params, protect) => [
    ...(params.stopLossBps !== undefined && (protect.stopLoss ?? protect.trailingStop) !== undefined
      ? [
          'give the stop once: params.stopLossBps (kept by the process) or protect (on the exchange), not both',
        ]
      : []),
    ...(params.takeProfitBps !== undefined && protect.takeProfit !== undefined
      ? [
          'give the take-profit once: params.takeProfitBps (kept by the process) or protect.takeProfit, not both',
        ]
      : []),
  ],
  create: ({ params, protect }) => new MarginTrendStrategy(params, protect),
};
