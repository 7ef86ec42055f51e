/**
 * How much of Kraken's matching-engine (per-pair trading) counter each client uses for add+cancel cycles, end to
 * end (issue #14): AddOrder then CancelOrder of that order at once, again and again, on XBTUSD, over loopback sockets
 * to the Kraken stub in a child process, which applies each key's documented counter for its tier
 * (support/trading-counter-model.ts: threshold 60 / 125 / 180, decay 1 / 2.34 / 3.75 per s; add +1, cancel 8 / 6 /
 * 5 / 4 / 2 / 1 / 0 by the order's age; `EOrder:Rate limit exceeded` over the threshold, single cancels included).
 * Contestants (support/trading-e2e/): krakenkit `createClient({ tier })` with its default limiter, a bare client
 * pacing itself with its own copy of the documented model, and CCXT `createOrder` + `cancelOrder` as shipped, each
 * always wanting more cycles than the counter allows.
 *
 * Each round starts every tier × contestant at once, on fresh keys (counters at 0), for WINDOW seconds of real time
 * (they share nothing but the machine: the stub keeps one counter per key and pair). Budget used = units the stub
 * charged for accepted calls inside the window ÷ the allowance (threshold + decay × window). Beside it, the ceiling:
 * what an ideal sequential client (zero latency, each call sent the moment it fits) charges in the same window; a
 * window ends while a cancel waits for room, so short windows keep even that client under the allowance; hence a
 * second figure, the same units against the allowance up to the client's last accepted call. Also
 * reported: calls refused for the rate limit (counted by the stub), other errors, completed cycles. Prints
 * min / median / max over rounds with the load at the start and end of each. Asserts nothing about time; exits
 * non-zero when krakenkit or the bare client is refused a call or meets any other error.
 *
 * Settings (environment): TRADING_ROUNDS (default 2), TRADING_WINDOW_S per round (default 30, the window the outside
 * review measured over; at 15 s the ideal client's own ceiling on the starter tier is under 95 %).
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/trading-budget-e2e.bench.ts
 */

import {
  describeMachine,
  emitSpread,
  formatLoad,
  formatSpread,
  loadRange,
  loadSamplesOf,
  printColumns,
  type RoundRecord,
  runRounds,
  spread,
  startStubProcess,
} from './support/e2e/index.js';
import type { KeyStats } from './support/kraken-stub.js';
import { installedVersion } from './support/report.js';
import { SECRET } from './support/rest-contestants.js';
import { STUB_TIERS, type StubTier } from './support/rest-counter-model.js';
import { tradingAllowance } from './support/trading-counter-model.js';
import { bareTrader } from './support/trading-e2e/bare-trader.js';
import { ccxtTrader } from './support/trading-e2e/ccxt-trader.js';
import { idealCycleUnits } from './support/trading-e2e/ideal-cycles.js';
import { krakenkitTrader } from './support/trading-e2e/krakenkit-trader.js';
import {
  type CycleTrader,
  TRADERS,
  type TradeReport,
  type TraderName,
} from './support/trading-e2e/trader.js';

const BENCH = 'trading-budget-e2e';
const ROUNDS = Number(process.env['TRADING_ROUNDS'] ?? 2);
const WINDOW_S = Number(process.env['TRADING_WINDOW_S'] ?? 30);

const LABEL: Record<TraderName, string> = {
  krakenkit: 'krakenkit createClient({ tier })',
  bare: 'bare, paced to the documented counter',
  ccxt: 'ccxt kraken createOrder + cancelOrder',
};

interface Outcome {
  /** Units charged for accepted trading calls inside the window. */
  charged: number;
  /** When the last of those calls was accepted (s from the window's start; 0 when none was). */
  lastChargeS: number;
  /** Calls the stub refused for the rate limit (the count that holds: a client may not see every one). */
  rateLimited: number;
  report: TradeReport;
}
type RoundResult = Record<StubTier, Record<TraderName, Outcome>>;

const keyOf = (round: number, tier: StubTier, who: TraderName) => `trading-r${round}-${tier}-${who}`;
const allowance = (tier: StubTier) => tradingAllowance(tier, WINDOW_S);
const pct = (tier: StubTier, charged: number) => (100 * charged) / allowance(tier);
/**
 * The same units against the allowance up to the last accepted call (threshold + decay × its time): what the
 * client could have spent by then. A window's figure also counts the seconds after that call, when the next cancel
 * waits for room that comes after the window ends, so it depends on where the window cuts the add+cancel rhythm
 * (the ideal client's own ceiling moves with it); this one does not.
 */
const pctToLastCall = (tier: StubTier, outcome: Outcome) =>
  outcome.charged === 0 ? 0 : (100 * outcome.charged) / tradingAllowance(tier, outcome.lastChargeS);

function traderFor(origin: string, round: number, tier: StubTier, who: TraderName): CycleTrader {
  const apiKey = keyOf(round, tier, who);
  if (who === 'krakenkit') return krakenkitTrader(origin, apiKey, tier);
  if (who === 'bare') return bareTrader(origin, apiKey, tier);
  return ccxtTrader(origin, apiKey);
}

/** Units the stub charged this key for calls it accepted between `start` and `end`, and when it took the last. */
function chargedBetween(
  entry: KeyStats | undefined,
  start: number,
  end: number,
): { charged: number; lastChargeS: number } {
  const inWindow = (entry?.tradingCharges ?? []).filter((charge) => charge.at >= start && charge.at <= end);
  const last = inWindow.reduce((latest, charge) => Math.max(latest, charge.at), start);
  return {
    charged: inWindow.reduce((sum, charge) => sum + charge.units, 0),
    lastChargeS: (last - start) / 1000,
  };
}

console.log(
  `${BENCH}: add+cancel cycles on XBTUSD against the documented matching-engine counter per tier, stub in a child process, CCXT ${installedVersion('ccxt')}; ${ROUNDS} rounds × ${WINDOW_S} s, all tiers and contestants at once on fresh keys; ${describeMachine()}`,
);
const keys = Array.from({ length: ROUNDS }, (_, round) =>
  STUB_TIERS.flatMap((tier) =>
    TRADERS.map((who) => ({ apiKey: keyOf(round, tier, who), apiSecret: SECRET, strictNonce: true, tier })),
  ),
).flat();
const stub = await startStubProcess(keys);

async function round(index: number): Promise<RoundResult> {
  const traders = STUB_TIERS.map((tier) => TRADERS.map((who) => traderFor(stub.origin, index, tier, who)));
  await Promise.all(traders.flat().map((trader) => trader.prepare()));
  const start = Date.now();
  const deadline = start + WINDOW_S * 1000;
  const reports = await Promise.all(
    traders.map((row) => Promise.all(row.map((trader) => trader.trade(deadline)))),
  );
  await Promise.all(traders.flat().map((trader) => trader.close()));
  const stats = await stub.stats();
  return Object.fromEntries(
    STUB_TIERS.map((tier, t) => [
      tier,
      Object.fromEntries(
        TRADERS.map((who, w) => {
          const entry = stats[keyOf(index, tier, who)];
          const report = reports[t]![w]!;
          const outcome: Outcome = {
            ...chargedBetween(entry, start, deadline),
            rateLimited: entry?.tradingRateLimited ?? report.rateLimited,
            report,
          };
          return [who, outcome];
        }),
      ),
    ]),
  ) as RoundResult;
}

function printRound(record: RoundRecord<RoundResult>): void {
  const cells = STUB_TIERS.map(
    (tier) =>
      `${tier} ${TRADERS.map((who) => `${who} ${record.result[tier][who].charged}/${allowance(tier).toFixed(1)}`).join(' ')}`,
  );
  console.log(
    `  round ${record.round + 1}: ${cells.join('; ')} (units charged/allowance); load ${formatLoad(record.loadStart)} → ${formatLoad(record.loadEnd)}`,
  );
}

function summarize(records: Array<RoundRecord<RoundResult>>): boolean {
  const load = loadRange(loadSamplesOf(records));
  console.log(`\nbudget used, min / median / max over ${records.length} rounds (%; load ${load}):`);
  const rows: string[][] = [];
  let refused = false;
  for (const tier of STUB_TIERS) {
    const of = (who: TraderName) => records.map((record) => record.result[tier][who]);
    const budgetOf = (who: TraderName) => spread(of(who).map((outcome) => pct(tier, outcome.charged)));
    const ideal = pct(tier, idealCycleUnits(tier, WINDOW_S));
    for (const who of TRADERS) {
      const outcomes = of(who);
      const budget = budgetOf(who);
      const cycles = spread(outcomes.map((outcome) => outcome.report.cycles));
      const rateLimited = outcomes.reduce((sum, outcome) => sum + outcome.rateLimited, 0);
      const other = outcomes.reduce((sum, outcome) => sum + outcome.report.other, 0);
      const first = outcomes.find((outcome) => outcome.report.firstOther !== undefined)?.report.firstOther;
      if (who !== 'ccxt' && rateLimited + other > 0) refused = true;
      rows.push([
        `${tier}: ${LABEL[who]}`,
        formatSpread(budget),
        ideal.toFixed(1),
        formatSpread(spread(outcomes.map((outcome) => pctToLastCall(tier, outcome)))),
        String(rateLimited),
        String(other),
        formatSpread(cycles, 0),
      ]);
      if (first !== undefined) console.log(`  ${tier} ${who}: first error ${first}`);
      const ratio = who === 'krakenkit' ? budget.median / budgetOf('bare').median : undefined;
      emitSpread({
        bench: BENCH,
        metric: `trading budget used, add+cancel cycles, ${tier}: ${LABEL[who]}`,
        unit: '%',
        spread: budget,
        rounds: records.length,
        load,
        ...(ratio === undefined ? {} : { vs: 'bare', ratio }),
        note: `${rateLimited} rate-limited, ${other} other errors, ${cycles.median} cycles (median); allowance ${allowance(tier).toFixed(2)} units per ${WINDOW_S} s, ideal sequential client ${ideal.toFixed(1)} %; of the allowance up to the last accepted call ${spread(outcomes.map((outcome) => pctToLastCall(tier, outcome))).median.toFixed(1)} %`,
      });
    }
  }
  printColumns(
    [
      'tier: contestant',
      'budget used %',
      'ideal %',
      'to last call %',
      'rate-limited',
      'other errors',
      'cycles',
    ],
    rows,
  );
  return refused;
}

try {
  const records = await runRounds(ROUNDS, round, printRound);
  if (summarize(records)) process.exitCode = 1;
} finally {
  await stub.close();
}
