/**
 * Cost of the runner's own work per market tick: BotRunner + a strategy deciding on one tick (Decimal arithmetic,
 * no I/O), and of validating the demo config. Prints figures; asserts nothing.
 *   npx tsx --conditions=@krakenkit/source packages/runner/bench/strategy-tick.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { Decimal } from 'decimal.js';
import { loadBotConfig } from '../src/config/load.js';
import { BotRunner } from '../src/engine/bot-runner.js';
import { DcaStrategy, dcaParamsSchema } from '../src/strategies/dca.js';
import { GridStrategy, gridParamsSchema } from '../src/strategies/grid.js';
import { MarginTrendStrategy, marginTrendParamsSchema } from '../src/strategies/margin-trend.js';
import type { PairInfo, Strategy } from '../src/strategies/types.js';

const PAIR: PairInfo = {
  id: 'XXBTZUSD',
  altname: 'XBTUSD',
  wsname: 'XBT/USD',
  base: 'XXBT',
  quote: 'ZUSD',
  tickSize: new Decimal('0.1'),
  pairDecimals: 1,
  lotDecimals: 8,
  orderMin: new Decimal('0.00005'),
  costMin: new Decimal('0.5'),
  leverageBuy: [2, 3, 4, 5],
  leverageSell: [2, 3, 4, 5],
  longPositionLimit: undefined,
  shortPositionLimit: undefined,
  status: 'online',
};

function ticksPerSecond(name: string, strategy: Strategy, ticks = 50_000): void {
  let now = 0;
  const bot = new BotRunner({ name, strategyName: name, key: 'k', pairs: [PAIR], strategy, now: () => now });
  let price = new Decimal(65000);
  const start = performance.now();
  for (let i = 0; i < ticks; i += 1) {
    now += 1_000;
    price = price.plus(((i * 7919) % 11) - 5);
    const actions = bot.tick({
      pair: PAIR,
      bid: price.minus('0.5'),
      ask: price.plus('0.5'),
      mid: price,
      last: price,
      at: now,
    });
    // Accept and immediately fill what was placed, so strategies keep deciding.
    for (const action of actions) {
      if (action.type !== 'place' || !bot.pending(action.order)) continue;
      bot.accepted(action.order.tag, `T${i}`);
      const order = action.order;
      bot.filled({
        tag: order.tag,
        pair: PAIR,
        side: order.side,
        volume: order.volume,
        price: order.price ?? price,
        fee: new Decimal(0),
        complete: true,
        margin: order.leverage !== undefined,
        at: now,
      });
    }
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `${name.padEnd(14)} ${Math.round(ticks / seconds)
      .toLocaleString('en-US')
      .padStart(10)} ticks/s  (${((seconds / ticks) * 1e6).toFixed(1)} µs per tick incl. fills)`,
  );
}

ticksPerSecond(
  'grid',
  new GridStrategy(gridParamsSchema.parse({ levels: 5, spacingBps: 1, volume: '0.01' })),
);
ticksPerSecond('dca', new DcaStrategy(dcaParamsSchema.parse({ amount: '100', every: '1s' })));
ticksPerSecond(
  'margin-trend',
  new MarginTrendStrategy(marginTrendParamsSchema.parse({ volume: '0.1', leverage: 2, entryEvery: '1s' })),
);

const runs = 200;
const start = performance.now();
for (let i = 0; i < runs; i += 1) loadBotConfig('config/demo-bot.yaml');
console.log(
  `validate demo-bot.yaml  ${((performance.now() - start) / runs).toFixed(2)} ms per load (YAML + schema + guard rules)`,
);
