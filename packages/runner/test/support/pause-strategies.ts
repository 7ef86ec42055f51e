import { Decimal } from 'decimal.js';
import { shiftBps, toTick } from '../../src/strategies/rounding.js';
import type { MarketTick, Strategy, StrategyDefinition } from '../../src/strategies/types.js';

/** What a test reads of a scripted strategy: how many ticks it was shown, and the first mid price. */
export interface Seen {
  ticks: number;
  firstMid: Decimal | undefined;
  fills: number;
}

/** A fresh record of what a strategy saw. */
export function seen(): Seen {
  return { ticks: 0, firstMid: undefined, fills: 0 };
}

const VOLUME = new Decimal('0.01');
const anyParams = { safeParse: (value: unknown) => ({ success: true as const, data: value }) };

function note(tick: MarketTick, record: Seen): void {
  record.ticks += 1;
  record.firstMid ??= tick.mid;
}

/** `count`: watches the ticks, places nothing (the clock a test waits on). */
export function countStrategy(record: Seen): StrategyDefinition<unknown> {
  return {
    name: 'count',
    summary: 'counts ticks, places nothing',
    params: anyParams,
    create: (): Strategy => ({
      onTick(tick) {
        note(tick, record);
        return [];
      },
    }),
  };
}

/**
 * `echo`: on its first tick rests two limit buys, `near` 3% under the mid and `far` 8% under (the guard's price
 * band is 10%); when `near` fills it answers with a limit sell 5% above the fill and cancels `far`.
 */
export function echoStrategy(record: Seen): StrategyDefinition<unknown> {
  return {
    name: 'echo',
    summary: 'two resting buys; answers a fill with a sell and a cancel',
    params: anyParams,
    create: (): Strategy => ({
      onTick(tick) {
        note(tick, record);
        if (record.ticks > 1) return [];
        const buy = (tag: string, bps: number) => ({
          type: 'place' as const,
          order: {
            tag,
            pair: tick.pair.id,
            side: 'buy' as const,
            type: 'limit' as const,
            volume: VOLUME,
            price: toTick(tick.pair, shiftBps(tick.mid, bps), 'buy'),
          },
        });
        return [buy('near', -300), buy('far', -800)];
      },
      onFill(fill) {
        record.fills += 1;
        if (fill.tag !== 'near' || !fill.complete) return [];
        const price = toTick(fill.pair, fill.price.times(1.05), 'sell');
        return [
          {
            type: 'place',
            order: { tag: 'answer', pair: fill.pair.id, side: 'sell', type: 'limit', volume: VOLUME, price },
          },
          { type: 'cancel', tag: 'far' },
        ];
      },
    }),
  };
}

/** `rest`: on its first tick rests one 2x margin limit buy 8% under the mid (it borrows USD and stays open). */
export function restStrategy(): StrategyDefinition<unknown> {
  return {
    name: 'rest',
    summary: 'one resting 2x margin buy',
    params: anyParams,
    create: (): Strategy => {
      let placed = false;
      return {
        onTick(tick) {
          if (placed) return [];
          placed = true;
          const price = toTick(tick.pair, shiftBps(tick.mid, -800), 'buy');
          const order = { tag: 'rest', pair: tick.pair.id, side: 'buy' as const, volume: VOLUME, price };
          return [{ type: 'place', order: { ...order, type: 'limit', leverage: 2 } }];
        },
      };
    },
  };
}
