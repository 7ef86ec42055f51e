import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { BotRunner } from '../src/engine/bot-runner.js';
import { GridStrategy, gridParamsSchema } from '../src/index.js';
import type { Fill, StrategyAction, TrackedOrder } from '../src/strategies/types.js';
import { XBT_USD } from './support/strategy-harness.js';

const PARAMS = gridParamsSchema.parse({ levels: 2, spacingBps: 100, volume: '0.01' });
const NOW = 1_700_000_000_000;

function gridBot(): BotRunner {
  return new BotRunner({
    name: 'grid',
    strategyName: 'grid',
    key: 'trader',
    pairs: [XBT_USD],
    strategy: new GridStrategy(PARAMS),
    now: () => NOW,
  });
}

/** What the exchange does with each order the bot places: accepts it, as the order sent with `cl-<n>`. */
class Exchange {
  #next = 0;
  readonly sent = new Map<string, TrackedOrder>();

  accept(bot: BotRunner, actions: readonly StrategyAction[]): void {
    for (const action of actions) {
      if (action.type !== 'place') continue;
      this.#next += 1;
      const clOrdId = `cl-${this.#next}`;
      if (!bot.pending(action.order, clOrdId)) continue;
      bot.accepted(action.order.tag, `TX${this.#next}`, clOrdId);
      this.sent.set(clOrdId, bot.order(action.order.tag) as TrackedOrder);
    }
  }

  /** The complete fill of an order, as the tracker reports it (with the order's cl_ord_id). */
  fill(order: TrackedOrder): [Fill, string] {
    const { request } = order;
    const fill: Fill = {
      tag: request.tag,
      pair: XBT_USD,
      side: request.side,
      volume: request.volume,
      price: request.price as Decimal,
      fee: new Decimal(0),
      complete: true,
      margin: false,
      at: NOW,
    };
    return [fill, order.clOrdId as string];
  }
}

const tick = (mid: string) => ({
  pair: XBT_USD,
  bid: new Decimal(mid),
  ask: new Decimal(mid),
  mid: new Decimal(mid),
  last: new Decimal(mid),
  at: NOW,
});

describe('a restarted bot hearing of fills that happened while it was down', () => {
  it('keeps tracking the order it placed again at a level whose earlier order is among those fills', () => {
    const exchange = new Exchange();
    const first = gridBot();
    exchange.accept(first, first.tick(tick('60000')));
    // The buy at L-1 fills: the grid rests a sell at L0.
    const buy = first.order('XXBTZUSD:L-1') as TrackedOrder;
    exchange.accept(first, first.filled(...exchange.fill(buy)));
    const oldSellL0 = first.order('XXBTZUSD:L0') as TrackedOrder;
    const sellL1 = first.order('XXBTZUSD:L1') as TrackedOrder;

    // The process dies; meanwhile the sells at L1 and L0 fill. The next session adopts what still rests...
    const second = gridBot();
    const resting = first.openOrders().filter((order) => order !== oldSellL0 && order !== sellL1);
    exchange.accept(
      second,
      second.adopt({ openOrders: resting, positions: new Map(), saved: first.snapshot().strategy }),
    );
    // ...then hears of the fills, in the order the exchange reports them. The L1 sell's fill re-quotes L0 (a buy)...
    exchange.accept(second, second.filled(...exchange.fill(sellL1)));
    const newBuyL0 = second.order('XXBTZUSD:L0') as TrackedOrder;
    expect(newBuyL0.request.side).toBe('buy');
    // ...and the older L0 sell's fill still counts (the grid re-quotes L-1), but is not taken for the new buy's.
    exchange.accept(second, second.filled(...exchange.fill(oldSellL0)));

    const open = second.openOrders();
    expect(open).toContain(newBuyL0);
    expect(open.map((order) => order.request.tag).sort()).toEqual(
      ['XXBTZUSD:L-1', 'XXBTZUSD:L-2', 'XXBTZUSD:L0', 'XXBTZUSD:L2'].sort(),
    );
    // Every order the exchange holds for the bot is one it knows: a stop cancels them all.
    const held = [...exchange.sent.values()].filter(
      (order) => order !== buy && order !== oldSellL0 && order !== sellL1,
    );
    expect(open.map((order) => order.clOrdId).sort()).toEqual(held.map((order) => order.clOrdId).sort());
  });

  it('still ends the tracking of an order when the news is about that very order', () => {
    const exchange = new Exchange();
    const bot = gridBot();
    exchange.accept(bot, bot.tick(tick('60000')));
    const sell = bot.order('XXBTZUSD:L1') as TrackedOrder;
    bot.filled(...exchange.fill(sell));
    expect(bot.order('XXBTZUSD:L1')).toBeUndefined();
    const buy = bot.order('XXBTZUSD:L-2') as TrackedOrder;
    bot.ended({ tag: buy.request.tag, reason: 'cancelled', at: NOW }, buy.clOrdId);
    expect(bot.order('XXBTZUSD:L-2')).toBeUndefined();
  });
});
