import { Decimal } from '@krakenkit/core';
import { MAX_DATA_BYTES, readBoundedFile } from '@krakenkit/core/files';
import { PackedCandle } from '../../candles/candle.js';
import { type CandleInterval, intervalMs, intervalOfMinutes } from '../../candles/intervals.js';
import {
  RECORDED_CHANNELS,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type RecordedMessage,
  type RecordingHeader,
} from '../../record/recording-format.js';
import { BacktestDataError } from './data-error.js';
import type { MarketEvent, MarketSource } from './market-source.js';

const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * The pairs of a `krakenkit record` file, one MarketSource each. Prices come from its ticker messages (the mid of
 * bid and ask), or from its trades when it has no ticker; candles from its `ohlc` messages at the shortest
 * interval recorded: a candle closes when an update of a later interval arrives (at that message's time), and
 * the last one only if the recording went on past its end. Every line is checked first (file:line and field).
 */
export function readRecording(
  file: string,
  text = readBoundedFile(file, MAX_DATA_BYTES).toString('utf8'),
): MarketSource[] {
  const lines = text.split('\n');
  // A recorder killed mid-write leaves its last line unfinished: that line alone is left out.
  if (lines.length > 1 && lines[lines.length - 1] !== '' && !isJson(lines[lines.length - 1] as string))
    lines.pop();
  const header = readHeader(file, lines[0] ?? '');
  const interval = shortestInterval(file, header);
  const byPair = new Map<string, RecordingPair>();
  for (const pair of header.pairs) byPair.set(pair.symbol, new RecordingPair(file, pair.id, interval));
  const useTrades = !header.channels.includes('ticker');
  let endAt: number | undefined;
  for (let i = 1; i < lines.length; i += 1) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const value = parseLine(file, i + 1, line);
    if ('end' in value) {
      endAt = checkedTime(file, i + 1, 'end.t', (value.end as { t?: unknown } | undefined)?.t);
      continue;
    }
    const message = checkMessage(file, i + 1, value);
    const pair = byPair.get(message.symbol);
    if (pair === undefined)
      throw new BacktestDataError(
        file,
        `symbol ${JSON.stringify(message.symbol)} is not in the header's pairs`,
        {
          line: i + 1,
          field: 'symbol',
        },
      );
    pair.take(message, i + 1, useTrades);
  }
  return [...byPair.values()].filter((pair) => pair.rows > 0).map((pair) => pair.finish(endAt));
}

class RecordingPair {
  readonly #events: MarketEvent[] = [];
  readonly #stepMs: number | undefined;
  #forming: PackedCandle | undefined;
  #lastAt = Number.NEGATIVE_INFINITY;
  rows = 0;

  constructor(
    readonly file: string,
    readonly pair: string,
    readonly interval: CandleInterval | undefined,
  ) {
    this.#stepMs = interval === undefined ? undefined : intervalMs(interval);
  }

  take(message: RecordedMessage, line: number, useTrades: boolean): void {
    const at = Math.max(message.t, this.#lastAt);
    this.#lastAt = at;
    this.rows += 1;
    for (const [index, item] of message.data.entries()) {
      const field = (name: string) => `data[${index}].${name}`;
      if (message.channel === 'ticker') {
        const bid = decimalField(this.file, line, field('bid'), item['bid']);
        const ask = decimalField(this.file, line, field('ask'), item['ask']);
        this.#events.push({ kind: 'price', at, price: new Decimal(bid).plus(ask).div(2).toFixed() });
      } else if (message.channel === 'trade') {
        const price = decimalField(this.file, line, field('price'), item['price']);
        if (useTrades) this.#events.push({ kind: 'price', at, price });
      } else if (this.interval !== undefined && item['interval'] === Number(intervalMinutes(this.interval))) {
        this.#candle(at, candleOf(this.file, line, index, item));
      }
    }
  }

  finish(endAt: number | undefined): MarketSource {
    const forming = this.#forming;
    if (
      forming !== undefined &&
      this.#stepMs !== undefined &&
      endAt !== undefined &&
      endAt >= forming.time + this.#stepMs
    )
      this.#events.push({ kind: 'candle', at: Math.max(endAt, this.#lastAt), candle: forming });
    const events = this.#events;
    const first = events[0]?.at ?? 0;
    const last = (events[events.length - 1]?.at ?? 0) + 1;
    return {
      file: this.file,
      pair: this.pair,
      interval: this.interval,
      first,
      last,
      rows: this.rows,
      *events(from: number, to: number) {
        for (const event of events) if (event.at >= from && event.at < to) yield event;
      },
    };
  }

  #candle(at: number, candle: PackedCandle): void {
    const forming = this.#forming;
    if (forming !== undefined && candle.time < forming.time) return;
    if (forming !== undefined && candle.time > forming.time)
      this.#events.push({ kind: 'candle', at, candle: forming });
    this.#forming = candle;
  }
}

function intervalMinutes(interval: CandleInterval): number {
  return intervalMs(interval) / 60_000;
}

function readHeader(file: string, line: string): RecordingHeader {
  const value = parseLine(file, 1, line) as Partial<RecordingHeader>;
  if (value.format !== RECORDING_FORMAT)
    throw new BacktestDataError(
      file,
      `not a krakenkit recording (its first line names no format "${RECORDING_FORMAT}")`,
      {
        line: 1,
        field: 'format',
      },
    );
  if (value.version !== RECORDING_VERSION)
    throw new BacktestDataError(
      file,
      `version ${String(value.version)}: this runner reads version ${RECORDING_VERSION}`,
      {
        line: 1,
        field: 'version',
      },
    );
  const pairs = value.pairs;
  if (
    !Array.isArray(pairs) ||
    pairs.length === 0 ||
    !pairs.every((p) => typeof p?.id === 'string' && typeof p?.symbol === 'string')
  )
    throw new BacktestDataError(file, 'expected a list of { id, symbol }', { line: 1, field: 'pairs' });
  const channels = value.channels;
  if (
    !Array.isArray(channels) ||
    !channels.every((c) => (RECORDED_CHANNELS as readonly string[]).includes(c))
  )
    throw new BacktestDataError(file, `expected a list of ${RECORDED_CHANNELS.join(', ')}`, {
      line: 1,
      field: 'channels',
    });
  if (!Array.isArray(value.intervals) || !value.intervals.every((m) => typeof m === 'number'))
    throw new BacktestDataError(file, 'expected a list of minutes', { line: 1, field: 'intervals' });
  return value as RecordingHeader;
}

function shortestInterval(file: string, header: RecordingHeader): CandleInterval | undefined {
  if (!header.channels.includes('ohlc') || header.intervals.length === 0) return undefined;
  const minutes = Math.min(...header.intervals);
  const interval = intervalOfMinutes(minutes);
  if (interval === undefined)
    throw new BacktestDataError(file, `${minutes} minutes is not an interval Kraken serves`, {
      line: 1,
      field: 'intervals',
    });
  return interval;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function parseLine(file: string, line: number, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BacktestDataError(file, `not JSON (${(error as Error).message})`, { line });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BacktestDataError(file, 'expected a JSON object', { line });
  return value as Record<string, unknown>;
}

function checkedTime(file: string, line: number, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new BacktestDataError(file, `expected epoch milliseconds, got ${JSON.stringify(value)}`, {
      line,
      field,
    });
  return value;
}

function checkMessage(file: string, line: number, value: Record<string, unknown>): RecordedMessage {
  checkedTime(file, line, 't', value['t']);
  if (!(RECORDED_CHANNELS as readonly unknown[]).includes(value['channel']))
    throw new BacktestDataError(file, `expected one of ${RECORDED_CHANNELS.join(', ')}`, {
      line,
      field: 'channel',
    });
  if (typeof value['symbol'] !== 'string')
    throw new BacktestDataError(file, 'expected a symbol', { line, field: 'symbol' });
  const data = value['data'];
  if (!Array.isArray(data) || !data.every((item) => typeof item === 'object' && item !== null))
    throw new BacktestDataError(file, 'expected a list of records', { line, field: 'data' });
  return value as unknown as RecordedMessage;
}

function decimalField(file: string, line: number, field: string, value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text))
    throw new BacktestDataError(file, `expected decimal text, got ${JSON.stringify(value)}`, { line, field });
  return text;
}

function candleOf(file: string, line: number, index: number, item: Record<string, unknown>): PackedCandle {
  const field = (name: string) => `data[${index}].${name}`;
  const begin = item['interval_begin'];
  const time = typeof begin === 'string' ? Date.parse(begin) : Number.NaN;
  if (!Number.isFinite(time))
    throw new BacktestDataError(file, `expected an RFC 3339 time, got ${JSON.stringify(begin)}`, {
      line,
      field: field('interval_begin'),
    });
  const prices = {
    open: decimalField(file, line, field('open'), item['open']),
    high: decimalField(file, line, field('high'), item['high']),
    low: decimalField(file, line, field('low'), item['low']),
    close: decimalField(file, line, field('close'), item['close']),
  };
  const volume = decimalField(file, line, field('volume'), item['volume']);
  const trades = typeof item['trades'] === 'number' ? item['trades'] : 0;
  const vwap = item['vwap'] === undefined ? undefined : decimalField(file, line, field('vwap'), item['vwap']);
  return new PackedCandle(time, { ...prices, vwap }, volume, trades);
}
