/**
 * Figures and machine lines of the book end-to-end bench. Machine lines follow scripts/run-bench.mjs:
 * `BENCH {"bench","metric","value","unit","vs"?,"ratio"?,"note"?}`, higher ratio = better than `vs`.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

export const BENCH = 'book-e2e';

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { min: sorted[0] ?? Number.NaN, median, max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** Per-round ratios a[i] / b[i] of two contestants measured in the same rounds. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / (b[i] as number));
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
export const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
export const mebibytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MiB`;

/** `uptime` as the machine prints it (the load average is what matters on a shared machine). */
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
  return `Node ${process.version}, ${cpus().length} cores`;
}

export interface BenchLine {
  metric: string;
  value: number;
  unit: string;
  vs?: string;
  ratio?: number;
  note?: string;
}

export function emit(line: BenchLine): void {
  console.log(`BENCH ${JSON.stringify({ bench: BENCH, ...line })}`);
}
