/**
 * Backtest speed: one year of one-minute candles (525,600, generated) for one pair and one bot, the guard in the
 * loop, for three kinds of bot; then how the time grows with pairs and bots over 7 days. Each run is the whole
 * `runBacktest` (the data checked, the exchange, guard and clients set up, the replay, the report assembled);
 * generating the CSV files is not counted. Prints figures and BENCH lines; asserts nothing.
 *   node --conditions=@krakenkit/source --import tsx packages/runner/bench/backtest.bench.ts [year|scale]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadMarketData } from '../src/backtest/data/load-data.js';
import { runBacktest } from '../src/backtest/run-backtest.js';
import { syntheticCandleRows } from '../src/backtest/synthetic-candles.js';
import { defineBotConfig } from '../src/config/load.js';

const YEAR = 525_600;
const WEEK = 10_080;
const START = Date.UTC(2025, 0, 1);
const only = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'krakenkit-backtest-bench-'));

/** Pairs of the embedded mock, each with a file of generated one-minute candles around its usual price. */
const PAIRS = [
  { name: 'XBT/USD', file: 'XBTUSD_1.csv', price: 65_000, decimals: 1 },
  { name: 'ETH/USD', file: 'ETHUSD_1.csv', price: 3_200, decimals: 2 },
  { name: 'SOL/USD', file: 'SOLUSD_1.csv', price: 150, decimals: 2 },
  { name: 'XBT/EUR', file: 'XBTEUR_1.csv', price: 60_000, decimals: 1 },
] as const;

function writeCandles(pair: (typeof PAIRS)[number], count: number, seed: number): string {
  const file = join(dir, `${count}`, pair.file);
  const rows = [
    ...syntheticCandleRows({ seed, start: START, count, price: pair.price, decimals: pair.decimals }),
  ];
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

// A volume above each pair's order minimum (XBT 0.01, ETH 0.1, SOL 1).
const lot = (pair: string, xbt: string, other: string) =>
  pair.startsWith('XBT') ? xbt : pair.startsWith('ETH') ? other : String(Number(other) * 10);

const BOTS: Record<string, (pair: string) => Record<string, unknown>> = {
  grid: (pair) => ({
    strategy: 'grid',
    pairs: [pair],
    params: { levels: 5, spacingBps: 50, volume: lot(pair, '0.01', '0.1') },
  }),
  dca: (pair) => ({
    strategy: 'dca',
    pairs: [pair],
    params: { volume: lot(pair, '0.001', '0.1'), every: '1h' },
  }),
  'ema-cross': (pair) => ({
    strategy: 'ema-cross',
    pairs: [pair],
    params: { volume: lot(pair, '0.01', '1'), interval: '15m', fast: 9, slow: 21 },
  }),
};

function configOf(bots: Array<{ kind: string; pair: string }>) {
  return defineBotConfig(
    {
      account: {
        tier: 'pro',
        balances: { ZUSD: '1000000', ZEUR: '1000000', XXBT: '10', XETH: '100', SOL: '1000' },
      },
      keys: {
        paper: {
          permissions: [
            'funds_query',
            'trades_query_open',
            'trades_query_closed',
            'trades_modify',
            'trades_close',
          ],
        },
      },
      bots: bots.map(({ kind, pair }, i) => ({ name: `${kind}-${i}`, key: 'paper', ...BOTS[kind]?.(pair) })),
    },
    { name: 'bench' },
  );
}

function load(): string {
  return loadavg()[0]?.toFixed(2) ?? '?';
}

async function timed(label: string, files: string[], bots: Array<{ kind: string; pair: string }>) {
  const before = load();
  const started = performance.now();
  const result = await runBacktest(configOf(bots), { data: loadMarketData(files) });
  const seconds = (performance.now() - started) / 1000;
  const candles = result.run.candles;
  const loadText = `${before}–${load()}`;
  console.log(
    `${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(candles / seconds)
      .toLocaleString('en-US')
      .padStart(
        9,
      )} candles/s  ${String(result.placed).padStart(6)} orders  ${String(result.totals.trades).padStart(6)} fills  ${Object.values(result.refusals.guard).reduce((a, b) => a + b, 0)} refused  load ${loadText}`,
  );
  return { seconds, candles, result, load: loadText };
}

try {
  if (only === undefined || only === 'year') {
    console.log(
      `one year of 1-minute candles (${YEAR.toLocaleString('en-US')}), one pair (XBT/USD), one bot, guard in the loop`,
    );
    const [xbt] = PAIRS;
    // A directory per data size, so file names stay Kraken's (the pair and interval come from them).
    mkdirSync(join(dir, `${YEAR}`), { recursive: true });
    const generated = performance.now();
    const file = writeCandles(xbt, YEAR, 1);
    console.log(
      `(generated the CSV in ${((performance.now() - generated) / 1000).toFixed(1)} s; not counted)`,
    );
    for (const kind of ['grid', 'dca', 'ema-cross']) {
      const run = await timed(`year, 1 pair, ${kind}`, [file], [{ kind, pair: xbt.name }]);
      console.log(
        `BENCH ${JSON.stringify({
          bench: 'backtest',
          metric: `1 year of 1m candles, 1 pair, 1 ${kind} bot`,
          value: Number(run.seconds.toFixed(2)),
          unit: 's',
          note: `${run.result.placed} orders, ${run.result.totals.trades} fills; target ≤ 30 s, goal ≤ 10 s`,
          load: run.load,
        })}`,
      );
    }
  }
  if (only === undefined || only === 'scale') {
    console.log(
      `\n7 days of 1-minute candles (${WEEK.toLocaleString('en-US')} per pair): pairs × bots (grid, then + dca)`,
    );
    mkdirSync(join(dir, `${WEEK}`), { recursive: true });
    const files = PAIRS.map((pair, i) => writeCandles(pair, WEEK, 10 + i));
    for (const pairs of [1, 2, 4]) {
      for (const kinds of [['grid'], ['grid', 'dca']]) {
        const chosen = PAIRS.slice(0, pairs);
        const bots = kinds.flatMap((kind) => chosen.map((pair) => ({ kind, pair: pair.name })));
        const run = await timed(
          `7 days, ${pairs} pair(s), ${kinds.length} bot(s) per pair`,
          files.slice(0, pairs),
          bots,
        );
        console.log(
          `BENCH ${JSON.stringify({
            bench: 'backtest',
            metric: `7 days of 1m, ${pairs} pair(s) × ${kinds.length} bot(s) per pair`,
            value: Number(run.seconds.toFixed(2)),
            unit: 's',
            note: `${Math.round(run.candles / run.seconds).toLocaleString('en-US')} candles/s, ${run.result.placed} orders`,
            load: run.load,
          })}`,
        );
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
