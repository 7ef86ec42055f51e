/**
 * How the bench reports one scenario, on the e2e harness (support/e2e/): min / median / max per contestant, how
 * many times better than the peer stub each other contestant did (of the medians, and its range over paired
 * rounds), the issue's target (at least the peer stub's throughput) judged from the sign-test interval of the
 * median of the paired rounds' ratios (`judgeTarget`), and one `BENCH {...}` machine line per figure
 * (`emitSpread`: the convention scripts/run-bench.mjs gathers into its table).
 */
import {
  type Advantage,
  emitSpread,
  formatInterval,
  formatPairedRange,
  formatSpread,
  judgeTarget,
  medianInterval,
  pairedAdvantage,
  pairedRatios,
  printColumns,
  spread,
  type TargetVerdict,
} from '../e2e/index.js';

export const BENCH = 'mock-throughput-e2e';

/** Issue #14: the mock exchange answers at least as many calls per second as the peer stub. */
export const THROUGHPUT_TARGET = 1.0;

export interface ScenarioReport {
  label: string;
  names: readonly string[];
  /** The yardstick every other contestant is held against. */
  reference: string;
  /** A contestant to compare another one with, besides the reference (before/after). */
  baseline: { name: string; versus: string } | undefined;
  /** Requests per second, one figure per round. */
  rates(name: string): readonly number[];
  /** The server's CPU µs per call, one figure per round. */
  cpu(name: string): readonly number[];
  /** The 1-minute load average over the rounds, `low–high`. */
  load: string;
}

/** One contestant against another: throughput (higher is better) and server CPU per call (lower is better). */
function compare(
  report: ScenarioReport,
  name: string,
  versus: string,
): { faster: Advantage; cheaper: Advantage; target: TargetVerdict } {
  const faster = pairedAdvantage(report.rates(name), report.rates(versus), 'higher');
  const cheaper = pairedAdvantage(report.cpu(name), report.cpu(versus), 'lower');
  const target = judgeTarget(
    pairedRatios(report.rates(name), report.rates(versus)),
    THROUGHPUT_TARGET,
    'at-least',
  );
  const lessCpu = pairedRatios(report.cpu(versus), report.cpu(name));
  console.log(
    `  ${name} vs ${versus}: ${faster.ofMedians.toFixed(2)}x the throughput of the medians (paired rounds ${formatPairedRange(faster)}), ` +
      `${cheaper.ofMedians.toFixed(2)}x less CPU per call (${formatPairedRange(cheaper)})`,
  );
  console.log(`    throughput, paired rounds: ${target.text}`);
  console.log(
    `    less CPU per call, paired rounds: ${spread(lessCpu).median.toFixed(2)}x (${formatInterval(medianInterval(lessCpu))})`,
  );
  return { faster, cheaper, target };
}

/** Prints one scenario's table and its `BENCH` lines: req/s, and the server's CPU µs per call. */
export function reportScenario(report: ScenarioReport): void {
  const { label, names, reference, rates, cpu, load } = report;
  console.log(
    `\n${label} (1 call in flight per connection), median (min–max) over the rounds, load average ${load}:`,
  );
  printColumns(
    ['contestant', 'req/s', 'server CPU µs/call'],
    names.map((name) => [name, formatSpread(spread(rates(name)), 0), formatSpread(spread(cpu(name)), 1)]),
  );
  for (const name of names) {
    const rounds = rates(name).length;
    const rate = { bench: BENCH, metric: `${label}: ${name}`, unit: 'req/s', spread: spread(rates(name)) };
    const perCall = {
      bench: BENCH,
      metric: `${label}: ${name}, server CPU per call`,
      unit: 'µs',
      spread: spread(cpu(name)),
    };
    if (name === reference) {
      emitSpread({ ...rate, rounds, load });
      emitSpread({ ...perCall, rounds, load });
      continue;
    }
    const { faster, cheaper, target } = compare(report, name, reference);
    const versus = (advantage: Advantage, verdict = '') => ({
      rounds,
      load,
      vs: reference,
      ratio: advantage.ofMedians,
      note: `paired rounds ${formatPairedRange(advantage)}${verdict}`,
    });
    emitSpread({ ...rate, ...versus(faster, `; median of the paired rounds ${target.text}`) });
    emitSpread({ ...perCall, ...versus(cheaper) });
  }
  if (report.baseline !== undefined) compare(report, report.baseline.versus, report.baseline.name);
}
