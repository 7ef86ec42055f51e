/**
 * How an e2e bench reports a figure measured over rounds: a human line `median (min–max)` and a BENCH machine line
 * (support/report.ts's convention) with `kind: 'e2e'`, the median as `value`, the range, the round count and the
 * load over the rounds.
 */
import { emit } from '../report.js';
import type { Advantage, Spread } from './stats.js';

export interface SpreadFigure {
  bench: string;
  metric: string;
  unit: string;
  spread: Spread;
  rounds: number;
  /** The 1-minute load over the rounds (see loadRange). */
  load: string;
  /** How many times better than `vs` (higher = better), usually of the medians. */
  vs?: string;
  ratio?: number;
  note?: string;
}

/** Rounds to 2 decimals below 100, 1 below 1000, whole above: enough for any figure here. */
export function roundFigure(value: number): number {
  const digits = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 100 ? 1 : 2;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** `231.0–300.2`: the range alone, e.g. of paired ratios. */
export function formatRange(spread: Spread, digits = 1): string {
  return `${spread.min.toFixed(digits)}–${spread.max.toFixed(digits)}`;
}

/** How many times better, over paired rounds: `0.74–1.10x`. */
export function formatPairedRange(advantage: Advantage): string {
  return `${formatRange(advantage.paired, 2)}x`;
}

/** `246.1 (231.0–300.2)`. */
export function formatSpread(spread: Spread, digits = 1): string {
  return `${spread.median.toFixed(digits)} (${formatRange(spread, digits)})`;
}

/** Prints the figure's BENCH line: `kind: 'e2e'`, the median as `value`, min, max, rounds and load. */
export function emitSpread(figure: SpreadFigure): void {
  emit({
    bench: figure.bench,
    metric: figure.metric,
    value: roundFigure(figure.spread.median),
    unit: figure.unit,
    ...(figure.vs === undefined || figure.ratio === undefined
      ? {}
      : { vs: figure.vs, ratio: Math.round(figure.ratio * 100) / 100 }),
    ...(figure.note === undefined ? {} : { note: figure.note }),
    kind: 'e2e',
    min: roundFigure(figure.spread.min),
    max: roundFigure(figure.spread.max),
    rounds: figure.rounds,
    load: figure.load,
  });
}

/** Prints rows as aligned columns (first column left, the rest right-aligned), under a header. */
export function printColumns(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(`  ${line(header)}`);
  for (const row of rows) console.log(`  ${line(row)}`);
}
