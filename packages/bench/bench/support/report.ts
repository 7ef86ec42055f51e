/**
 * The machine-line convention every bench script follows so `pnpm bench` (scripts/run-bench.mjs) can print one
 * combined table at the end: besides its human lines, a script prints one line per figure,
 *
 *   BENCH {"bench":"book-vs-ccxt","metric":"depth 10: krakenkit","value":412000,"unit":"updates/s","vs":"ccxt","ratio":3.9}
 *
 * - `bench`: the script's short name; `metric`: what the figure is; `value` + `unit`: the figure;
 * - `vs` + `ratio` (optional, together): how many times BETTER this row is than the row or baseline named in `vs`
 *   (higher is better whatever the unit: for rates value ÷ reference, for costs such as µs reference ÷ value);
 * - `note` (optional): a few words the reader needs (e.g. "0 checksum mismatches");
 * - `kind` (optional): `e2e` (through the public API over real loopback sockets, the server in another process) or
 *   `in-memory` (a micro-figure in one process; at most a loopback socket to a server in that same process); the
 *   table shows rows without it as `in-memory`;
 * - `min` + `max` + `rounds` (optional): the range of the figure over that many rounds (`value` is then the median);
 * - `load` (optional): the 1-minute load average over the figure's rounds, `low–high` (the table shows the
 *   script's own load at start and end for rows without it).
 * Scripts outside this package write the same line by hand (one console.log of JSON).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export interface BenchLine {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  vs?: string;
  ratio?: number;
  note?: string;
  kind?: 'e2e' | 'in-memory';
  min?: number;
  max?: number;
  rounds?: number;
  load?: string;
}

/** Prints one machine line. */
export function emit(line: BenchLine): void {
  console.log(`BENCH ${JSON.stringify(line)}`);
}

/** How many times better `value` is than `reference` (both in the same unit). */
export function advantage(value: number, reference: number, better: 'higher' | 'lower'): number {
  const ratio = better === 'higher' ? value / reference : reference / value;
  return Math.round(ratio * 100) / 100;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export function best(values: readonly number[], better: 'higher' | 'lower'): number {
  return better === 'higher' ? Math.max(...values) : Math.min(...values);
}

/** Microseconds elapsed since `start` (a process.hrtime.bigint()). */
export function microsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e3;
}

/**
 * Runs each contestant once per round, in rotating order, for `rounds` rounds (load from other processes then hits
 * them alike); returns each contestant's figure per round. Contestants share one heap, so a collection of garbage
 * one left behind may land in another's timing; rotating the order spreads that too.
 */
export async function alternate<K extends string>(
  contestants: Record<K, () => number | Promise<number>>,
  rounds: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contestants) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(round + i) % names.length] as K;
      samples[name].push(await contestants[name]());
    }
  }
  return samples;
}

/** The 1-minute load average, for the record (figures vary with load on a shared machine). */
export function loadAverage(): string {
  return `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')} on ${cpus().length} cores`;
}

/** The installed version of a package whose entry point is `<root>/js/<file>` or `<root>/<file>` (read, not guessed). */
export function installedVersion(name: string): string {
  let dir = new URL('.', import.meta.resolve(name));
  for (let up = 0; up < 3; up += 1) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version !== undefined) return manifest.version;
    } catch {
      // no package.json at this level: go up
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}
