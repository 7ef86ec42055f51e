/**
 * How the bench reports: min/median/max per contestant and scenario, the mock-to-peer ratio of medians (and its
 * range over paired rounds), the machine's load from `uptime`, and one `BENCH {...}` machine line per figure (the
 * convention scripts/run-bench.mjs gathers into its table).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

export const BENCH = 'mock-throughput-e2e';

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? Number.NaN,
    median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** `uptime`'s line (load averages over 1, 5 and 15 minutes); os.loadavg() where there is no `uptime`. */
export function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(', ')}`;
  }
}

export function machine(): string {
  return `${cpus().length} cores, Node ${process.version}`;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;
const fixed = (value: number, digits: number): string => value.toFixed(digits).padStart(7);

/** One contestant's row in the human table. */
function row(label: string, samples: readonly number[], unit: string, digits: number): string {
  const { min, median, max } = spread(samples);
  return `  ${label.padEnd(22)} ${fixed(min, digits)} ${fixed(median, digits)} ${fixed(max, digits)}   ${unit} (min median max)`;
}

/**
 * How many times better `samples` are than `reference`: of the medians, and the lowest and highest over paired
 * rounds (same round, same load). Higher is better whatever the unit.
 */
function ratio(
  samples: readonly number[],
  reference: readonly number[],
  better: 'higher' | 'lower',
): { median: number; low: number; high: number } {
  const of = (value: number, base: number) => (better === 'higher' ? value / base : base / value);
  const paired = spread(samples.map((value, i) => of(value, reference[i] ?? Number.NaN)));
  return {
    median: round2(of(spread(samples).median, spread(reference).median)),
    low: round2(paired.min),
    high: round2(paired.max),
  };
}

export interface ScenarioReport {
  label: string;
  names: readonly string[];
  /** The yardstick every other contestant is held against. */
  reference: string;
  /** A contestant to compare another one with, besides the reference (before/after). */
  baseline: { name: string; versus: string } | undefined;
  rates(name: string): readonly number[];
  cpu(name: string): readonly number[];
  /** The 1-minute load average over the rounds, `low–high`. */
  load: string;
}

/** Prints one scenario's table and its `BENCH` lines: req/s, and the server's CPU µs per call. */
export function reportScenario(report: ScenarioReport): void {
  const { label, names, reference, rates, cpu, load } = report;
  console.log(`\n${label} (1 call in flight per connection), load average ${load}:`);
  for (const name of names) console.log(row(name, rates(name), 'req/s', 0));
  for (const name of names) console.log(row(name, cpu(name), 'server CPU µs/call', 1));
  for (const name of names) {
    const throughput = spread(rates(name));
    const cost = spread(cpu(name));
    const rounds = rates(name).length;
    const rate = {
      metric: `${label}: ${name}`,
      value: Math.round(throughput.median),
      unit: 'req/s',
      min: Math.round(throughput.min),
      max: Math.round(throughput.max),
      rounds,
      load,
    };
    const perCall = {
      metric: `${label}: ${name}, server CPU per call`,
      value: round2(cost.median),
      unit: 'µs',
      min: round2(cost.min),
      max: round2(cost.max),
      rounds,
      load,
    };
    if (name === reference) {
      emit(rate);
      emit(perCall);
      continue;
    }
    const faster = ratio(rates(name), rates(reference), 'higher');
    const cheaper = ratio(cpu(name), cpu(reference), 'lower');
    console.log(
      `  ${name} vs ${reference}: ${faster.median}x the throughput (paired rounds ${faster.low}x-${faster.high}x), ` +
        `${cheaper.median}x less CPU per call (${cheaper.low}x-${cheaper.high}x)`,
    );
    emit({
      ...rate,
      vs: reference,
      ratio: faster.median,
      note: `paired rounds ${faster.low}x-${faster.high}x`,
    });
    emit({
      ...perCall,
      vs: reference,
      ratio: cheaper.median,
      note: `paired rounds ${cheaper.low}x-${cheaper.high}x`,
    });
  }
  if (report.baseline !== undefined) {
    const { name, versus } = report.baseline;
    const faster = ratio(rates(versus), rates(name), 'higher');
    const cheaper = ratio(cpu(versus), cpu(name), 'lower');
    console.log(
      `  ${versus} vs ${name}: ${faster.median}x the throughput (paired rounds ${faster.low}x-${faster.high}x), ` +
        `${cheaper.median}x less CPU per call (${cheaper.low}x-${cheaper.high}x)`,
    );
  }
}

/** One machine line (scripts/run-bench.mjs): an end-to-end figure, the median of its rounds. */
function emit(line: {
  metric: string;
  value: number;
  unit: string;
  min: number;
  max: number;
  rounds: number;
  load: string;
  vs?: string;
  ratio?: number;
  note?: string;
}): void {
  console.log(`BENCH ${JSON.stringify({ bench: BENCH, kind: 'e2e', ...line })}`);
}
