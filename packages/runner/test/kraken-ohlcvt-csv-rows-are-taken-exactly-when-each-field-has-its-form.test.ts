import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '@krakenkit/core';
import { BacktestDataError, loadMarketData } from '@krakenkit/runner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/memory-io.js';

const T = 1767225600; // 2026-01-01T00:00:00Z, in seconds
// The documented form of each field (Kraken's OHLCVT rows), restated here as the reference the reader must follow.
const SECONDS = /^\d{1,11}$/;
const DECIMAL = /^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const COUNT = /^\d{1,15}$/;

type Row = [string, string, string, string, string, string, string];

/** Whether a row is one the reader must take, after `previous` (its time in ms); its time when it is. */
function reference(row: Row, previous: number): number | undefined {
  const [stamp, ...rest] = row;
  const [open, high, low, close, volume, trades] = rest;
  if (!SECONDS.test(stamp)) return undefined;
  const time = Number(stamp) * 1000;
  if (time % 60_000 !== 0 || time <= previous) return undefined;
  const prices = [open, high, low, close].map((text) => (DECIMAL.test(text) ? Number(text) : Number.NaN));
  const [o, h, l, c] = prices as [number, number, number, number];
  if (!prices.every((value) => value > 0)) return undefined;
  if (h < o || h < l || h < c || l > o || l > c) return undefined;
  if (!DECIMAL.test(volume) || !COUNT.test(trades)) return undefined;
  return time;
}

const plain = (text: string) => (/[eE]/.test(text) ? new Decimal(text).toFixed() : text);

// A well-formed row near 100 (high and low beyond open and close, as some text form of each), and at times one
// field replaced by text in some other form, good or bad.
const decimalText = (value: number) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(String(value), value.toFixed(2), value.toFixed(4)), weight: 12 },
    { arbitrary: fc.constantFrom(`${value / 100}e2`, `${(value * 10).toFixed(1)}E-1`), weight: 1 },
  );
const wellFormed = fc
  .record({
    minute: fc.integer({ min: 0, max: 3 }),
    open: fc.integer({ min: 9000, max: 11000 }),
    close: fc.integer({ min: 9000, max: 11000 }),
    up: fc.integer({ min: 0, max: 50 }),
    down: fc.integer({ min: 0, max: 50 }),
    volume: fc.integer({ min: 0, max: 5000 }),
    trades: fc.integer({ min: 0, max: 99 }),
  })
  .chain(({ minute, open, close, up, down, volume, trades }) =>
    fc.tuple(
      fc.constant(String(T + 60 * minute)),
      decimalText(open / 100),
      decimalText((Math.max(open, close) + up) / 100),
      decimalText((Math.min(open, close) - down) / 100),
      decimalText(close / 100),
      decimalText(volume / 1000),
      fc.constant(String(trades)),
    ),
  );
const other = fc.constantFrom(
  '100',
  '0',
  '0.0',
  '',
  '100.',
  '.5',
  '-100',
  '1e',
  '1e+2',
  'abc',
  '100 ',
  '2.5',
  String(T + 30),
  '12345678901234',
  '1767225600.0',
);
const row = fc
  .tuple(wellFormed, fc.option(fc.tuple(fc.integer({ min: 0, max: 6 }), other), { freq: 2 }))
  .map(([fields, change]) => {
    const changed = [...fields] as Row;
    if (change !== null) changed[change[0]] = change[1];
    return changed;
  });

describe("Kraken's OHLCVT CSV rows", () => {
  it('are taken exactly when every field has its form, and read as their fields say', () => {
    const dir = tempDir();
    const file = join(dir, 'XBTUSD_1.csv');
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 3 }), fc.boolean(), (rows, crlf) => {
        writeFileSync(file, `${rows.map((fields) => fields.join(',')).join(crlf ? '\r\n' : '\n')}\n`);
        let previous = -1;
        let bad: number | undefined;
        for (const [index, fields] of rows.entries()) {
          const time = reference(fields, previous);
          if (time === undefined) {
            bad = index + 1;
            break;
          }
          previous = time;
        }
        if (bad !== undefined) {
          let error: unknown;
          try {
            loadMarketData([file]);
          } catch (thrown) {
            error = thrown;
          }
          expect(error).toBeInstanceOf(BacktestDataError);
          expect((error as BacktestDataError).line).toBe(bad);
          return;
        }
        const [source] = loadMarketData([file]);
        const candles = [...(source?.events(0, Number.POSITIVE_INFINITY) ?? [])].flatMap((event) =>
          event.kind === 'candle' ? [event.candle] : [],
        );
        expect(
          candles.map((candle) => [
            candle.time,
            candle.open.toFixed(),
            candle.high.toFixed(),
            candle.low.toFixed(),
          ]),
        ).toEqual(
          rows.map(([time, open, high, low]) => [
            Number(time) * 1000,
            new Decimal(plain(open)).toFixed(),
            new Decimal(plain(high)).toFixed(),
            new Decimal(plain(low)).toFixed(),
          ]),
        );
        expect(candles.map((candle) => [candle.text.close, candle.volume.toFixed(), candle.trades])).toEqual(
          rows.map(([, , , , close, volume, trades]) => [
            plain(close),
            new Decimal(volume).toFixed(),
            Number(trades),
          ]),
        );
      }),
    );
  });
});
