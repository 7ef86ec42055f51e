/**
 * How much of Kraken's REST call counter each client uses for private queries, end to end (issue #14): Balance,
 * OpenOrders and QueryOrders in turn, over loopback sockets to the Kraken stub in a child process, which applies
 * each key's documented counter for its tier (support/rest-counter-model.ts: starter 15 / −0.33 s⁻¹, intermediate
 * 20 / −0.5 s⁻¹, pro 20 / −1 s⁻¹; `EAPI:Rate limit exceeded` over it). Contestants (support/budget-e2e/pollers.ts):
 * krakenkit `createClient({ tier })` with its default limiter, a bare client pacing itself to the documented counter,
 * and CCXT as shipped (its default rateLimit), each always wanting more calls than the counter allows.
 *
 * Each round starts every tier × contestant at once, on fresh keys (counters at 0), for WINDOW seconds of real time
 * (they share nothing but the machine: the stub keeps one counter per key). Budget used = queries the stub accepted
 * inside the window ÷ queries the documented counter allows in it (the maximum, then one per freed unit:
 * ⌊max + decay × window⌋). Errors: calls refused for the rate limit (counted by the stub) and any other failure.
 * Prints min / median / max over rounds with the load at the start and end of each. Asserts nothing about time;
 * exits non-zero when krakenkit or the bare client is refused a call.
 *
 * Settings (environment): BUDGET_ROUNDS (default 2), BUDGET_WINDOW_S per round (default 15).
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/rest-budget-e2e.bench.ts
 */

import {
  barePoller,
  ccxtPoller,
  krakenkitPoller,
  POLLERS,
  type PollErrors,
  type PollerName,
  type QueryPoller,
} from './support/budget-e2e/pollers.js';
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
import { installedVersion } from './support/report.js';
import { SECRET } from './support/rest-contestants.js';
import { callsAllowed, STUB_TIERS, type StubTier } from './support/rest-counter-model.js';

const BENCH = 'rest-budget-e2e';
const ROUNDS = Number(process.env['BUDGET_ROUNDS'] ?? 2);
const WINDOW_S = Number(process.env['BUDGET_WINDOW_S'] ?? 15);

const LABEL: Record<PollerName, string> = {
  krakenkit: 'krakenkit createClient({ tier })',
  bare: 'bare, paced to the documented counter',
  ccxt: 'ccxt kraken (default rateLimit)',
};

interface Outcome {
  accepted: number;
  allowed: number;
  errors: PollErrors;
}
type RoundResult = Record<StubTier, Record<PollerName, Outcome>>;

const keyOf = (round: number, tier: StubTier, who: PollerName) => `budget-r${round}-${tier}-${who}`;

function pollerFor(origin: string, round: number, tier: StubTier, who: PollerName): QueryPoller {
  const apiKey = keyOf(round, tier, who);
  if (who === 'krakenkit') return krakenkitPoller(origin, apiKey, tier);
  if (who === 'bare') return barePoller(origin, apiKey, tier);
  return ccxtPoller(origin, apiKey);
}

const pct = (outcome: Outcome) => (100 * outcome.accepted) / outcome.allowed;

console.log(
  `${BENCH}: REST queries (Balance, OpenOrders, QueryOrders) against the documented counter per tier, stub in a child process, CCXT ${installedVersion('ccxt')}; ${ROUNDS} rounds × ${WINDOW_S} s, all tiers and contestants at once on fresh keys; ${describeMachine()}`,
);
const keys = Array.from({ length: ROUNDS }, (_, round) =>
  STUB_TIERS.flatMap((tier) =>
    POLLERS.map((who) => ({ apiKey: keyOf(round, tier, who), apiSecret: SECRET, strictNonce: true, tier })),
  ),
).flat();
const stub = await startStubProcess(keys);

async function round(index: number): Promise<RoundResult> {
  const pollers = STUB_TIERS.map((tier) => POLLERS.map((who) => pollerFor(stub.origin, index, tier, who)));
  const start = Date.now();
  const deadline = start + WINDOW_S * 1000;
  const errors = await Promise.all(
    pollers.map((row) => Promise.all(row.map((poller) => poller.poll(deadline)))),
  );
  await Promise.all(pollers.flat().map((poller) => poller.close()));
  const stats = await stub.stats();
  const allowed = (tier: StubTier) => callsAllowed(tier, WINDOW_S);
  return Object.fromEntries(
    STUB_TIERS.map((tier, t) => [
      tier,
      Object.fromEntries(
        POLLERS.map((who, w) => {
          const entry = stats[keyOf(index, tier, who)];
          const inWindow = (entry?.queriesAcceptedAt ?? []).filter((at) => at >= start && at <= deadline);
          const seen = errors[t]![w]!;
          // The stub's count of refusals is the one that holds: a client may retry one unseen.
          const outcome: Outcome = {
            accepted: inWindow.length,
            allowed: allowed(tier),
            errors: { ...seen, rateLimited: entry?.rateLimited ?? seen.rateLimited },
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
      `${tier} ${POLLERS.map((who) => `${who} ${record.result[tier][who].accepted}/${record.result[tier][who].allowed}`).join(' ')}`,
  );
  console.log(
    `  round ${record.round + 1}: ${cells.join('; ')} (accepted/allowed); load ${formatLoad(record.loadStart)} → ${formatLoad(record.loadEnd)}`,
  );
}

function summarize(records: Array<RoundRecord<RoundResult>>): boolean {
  const load = loadRange(loadSamplesOf(records));
  console.log(`\nbudget used, min / median / max over ${records.length} rounds (%; load ${load}):`);
  const rows: string[][] = [];
  let refused = false;
  for (const tier of STUB_TIERS) {
    const of = (who: PollerName) => records.map((record) => record.result[tier][who]);
    const median = (who: PollerName) => spread(of(who).map(pct)).median;
    for (const who of POLLERS) {
      const outcomes = of(who);
      const budget = spread(outcomes.map(pct));
      const rateLimited = outcomes.reduce((sum, outcome) => sum + outcome.errors.rateLimited, 0);
      const other = outcomes.reduce((sum, outcome) => sum + outcome.errors.other, 0);
      const first = outcomes.find((outcome) => outcome.errors.firstOther !== undefined)?.errors.firstOther;
      if (who !== 'ccxt' && rateLimited + other > 0) refused = true;
      rows.push([`${tier}: ${LABEL[who]}`, formatSpread(budget), String(rateLimited), String(other)]);
      if (first !== undefined) console.log(`  ${tier} ${who}: first error ${first}`);
      const ratio = who === 'krakenkit' ? median('krakenkit') / median('bare') : undefined;
      emitSpread({
        bench: BENCH,
        metric: `REST budget used, queries, ${tier}: ${LABEL[who]}`,
        unit: '%',
        spread: budget,
        rounds: records.length,
        load,
        ...(ratio === undefined ? {} : { vs: 'bare', ratio }),
        note: `${rateLimited} rate-limited, ${other} other errors; ${outcomes[0]?.allowed ?? 0} calls allowed per ${WINDOW_S} s`,
      });
    }
  }
  printColumns(['tier: contestant', 'budget used %', 'rate-limited', 'other errors'], rows);
  return refused;
}

try {
  const records = await runRounds(ROUNDS, round, printRound);
  if (summarize(records)) process.exitCode = 1;
} finally {
  await stub.close();
}
