/**
 * A deterministic, Kraken-shaped WebSocket v2 `book` stream for BTC/USD (price precision 1, qty precision 8), as
 * the TEXT frames a subscriber of depth 10 or 100 would receive: one snapshot, then updates of 1–3 level changes
 * concentrated near the top of the book, each with the CRC32 checksum of the resulting top 10.
 *
 * What makes it realistic (and checks the consumers' book maintenance, not only their speed):
 * - the exchange keeps levels deeper than the subscription, so a deletion brings a new level into scope (sent);
 * - a level pushed out of scope by an insertion is NOT sent (Kraken sends no qty 0 for it): consumers must truncate;
 * - a quarter of the quantities are round (0.1, 0.5, 2) and prices land on whole dollars every tenth tick, so JSON
 *   numbers drop trailing zeros (`45281` for 45281.0, `0.5` for 0.50000000) as Kraken's encoder does; a checksum
 *   must restore them from the instrument's precision;
 * - the occasional taker sweep removes the best one or two levels of a side at once.
 *
 * Prices and quantities are kept as integer ticks and units; the checksums are computed from them directly, so the
 * generator is independent of both consumers it feeds.
 */
import { crc32 } from 'node:zlib';

export const SYMBOL = 'BTC/USD';
export const PRECISION = { price: 1, qty: 8 } as const;
const QTY_SCALE = 100_000_000;
const PRICE_SCALE = 10;
const CHECKSUM_LEVELS = 10;
/** 0.1, 0.5, 1, 2.5 and 10 BTC in units of 1e-8. */
const ROUND_QTYS = [10_000_000, 50_000_000, 100_000_000, 250_000_000, 1_000_000_000];

interface Level {
  ticks: number;
  units: number;
}

/** A level as decimal text at the instrument's precision (trailing zeros kept). */
export interface TextLevel {
  price: string;
  qty: string;
}

export interface BookStream {
  depth: number;
  /** Snapshot first, then the updates. */
  frames: string[];
  /** The subscribed window after the last frame: what both consumers' books must hold. */
  expected: { asks: TextLevel[]; bids: TextLevel[] };
}

/** Deterministic PRNG (mulberry32) so every run measures the same stream. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fixedText = (units: number, scale: number, decimals: number): string =>
  (units / scale).toFixed(decimals);
/** JSON number text as an encoder prints it: plain decimal, trailing zeros (and a bare '.') dropped. */
const wireNumber = (units: number, scale: number, decimals: number): string =>
  fixedText(units, scale, decimals).replace(/\.?0+$/, '');
const levelsJson = (levels: readonly Level[]): string =>
  `[${levels.map((l) => `{"price":${wireNumber(l.ticks, PRICE_SCALE, PRECISION.price)},"qty":${wireNumber(l.units, QTY_SCALE, PRECISION.qty)}}`).join(',')}]`;

/** Kraken's checksum: at precision 1 and 8 the digits are the integer ticks and units themselves. */
function checksumOf(asks: readonly Level[], bids: readonly Level[]): number {
  let text = '';
  for (let i = 0; i < CHECKSUM_LEVELS && i < asks.length; i += 1) {
    const level = asks[i] as Level;
    text += `${level.ticks}${level.units}`;
  }
  for (let i = 0; i < CHECKSUM_LEVELS && i < bids.length; i += 1) {
    const level = bids[i] as Level;
    text += `${level.ticks}${level.units}`;
  }
  return crc32(text) >>> 0;
}

type SideName = 'bids' | 'asks';

/** The exchange's book: both sides sorted best first, deeper than any subscriber sees. */
class ExchangeBook {
  readonly bids: Level[] = [];
  readonly asks: Level[] = [];

  constructor(
    readonly depth: number,
    private readonly random: () => number,
  ) {
    const mid = 45_000 * PRICE_SCALE;
    for (let i = 0; i < depth * 2; i += 1) this.#extend('bids', mid);
    for (let i = 0; i < depth * 2; i += 1) this.#extend('asks', mid);
  }

  window(name: SideName): Level[] {
    return this[name].slice(0, this.depth).map((level) => ({ ...level }));
  }

  has(name: SideName, ticks: number): boolean {
    return this[name].some((level) => level.ticks === ticks);
  }

  /** One market event on a random side. */
  mutate(): void {
    const name: SideName = this.random() < 0.5 ? 'bids' : 'asks';
    const side = this[name];
    const index = Math.floor(this.random() ** 2 * this.depth);
    const roll = this.random();
    if (roll < 0.55) (side[index] as Level).units = this.#qty();
    else if (roll < 0.75) side.splice(index, 1);
    else if (roll < 0.95) this.#insert(name, index);
    else side.splice(0, 1 + Math.floor(this.random() * 2)); // taker sweep
    while (side.length < this.depth * 2) this.#extend(name, 0);
  }

  #qty(): number {
    if (this.random() < 0.25) return ROUND_QTYS[Math.floor(this.random() * ROUND_QTYS.length)] ?? QTY_SCALE;
    return 1 + Math.floor(this.random() ** 3 * 5 * QTY_SCALE);
  }

  /** A new level just in front of `index` (or improving the best price), never crossing the other side. */
  #insert(name: SideName, index: number): void {
    const side = this[name];
    const sign = name === 'bids' ? 1 : -1;
    const at = side[index] as Level;
    const before = index === 0 ? undefined : (side[index - 1] as Level);
    const ticks = at.ticks + sign * (1 + Math.floor(this.random() * 3));
    const other = (name === 'bids' ? this.asks[0] : this.bids[0]) as Level;
    const crosses = name === 'bids' ? ticks >= other.ticks : ticks <= other.ticks;
    const passes = before !== undefined && (name === 'bids' ? ticks >= before.ticks : ticks <= before.ticks);
    if (crosses || passes) at.units = this.#qty();
    else side.splice(index, 0, { ticks, units: this.#qty() });
  }

  #extend(name: SideName, mid: number): void {
    const side = this[name];
    const last = side[side.length - 1];
    const gap = 1 + Math.floor(this.random() * 4);
    const from = last?.ticks ?? mid;
    side.push({ ticks: name === 'bids' ? from - gap : from + gap, units: this.#qty() });
  }
}

/**
 * What a subscriber is sent for one side: new or changed levels in its window, and qty 0 for levels that left the
 * window because they are gone from the book. Levels merely pushed out of scope are not sent.
 */
function diffSide(
  book: ExchangeBook,
  name: SideName,
  before: readonly Level[],
  after: readonly Level[],
): Level[] {
  const old = new Map(before.map((l) => [l.ticks, l.units]));
  const now = new Set(after.map((l) => l.ticks));
  const changes: Level[] = [];
  for (const [ticks] of old) if (!now.has(ticks) && !book.has(name, ticks)) changes.push({ ticks, units: 0 });
  for (const level of after) if (old.get(level.ticks) !== level.units) changes.push(level);
  return changes;
}

const timestamp = (n: number): string =>
  `${new Date(Date.UTC(2026, 0, 5, 12) + n * 3).toISOString().slice(0, -1)}${String((n * 317) % 1000).padStart(3, '0')}Z`;

/** Generates `updates` update frames after a snapshot, for a subscriber of `depth`. */
export function generateBookStream(depth: number, updates: number, seed: number): BookStream {
  const random = prng(seed);
  const book = new ExchangeBook(depth, random);
  let seen = { bids: book.window('bids'), asks: book.window('asks') };
  const frames = [
    `{"channel":"book","type":"snapshot","data":[{"symbol":"${SYMBOL}","bids":${levelsJson(seen.bids)},"asks":${levelsJson(seen.asks)},"checksum":${checksumOf(seen.asks, seen.bids)}}]}`,
  ];
  while (frames.length <= updates) {
    const events = 1 + Math.floor(random() * 3);
    for (let k = 0; k < events; k += 1) book.mutate();
    const next = { bids: book.window('bids'), asks: book.window('asks') };
    const bids = diffSide(book, 'bids', seen.bids, next.bids);
    const asks = diffSide(book, 'asks', seen.asks, next.asks);
    seen = next;
    if (bids.length === 0 && asks.length === 0) continue; // events outside the window: nothing is sent
    frames.push(
      `{"channel":"book","type":"update","data":[{"symbol":"${SYMBOL}","bids":${levelsJson(bids)},"asks":${levelsJson(asks)},"checksum":${checksumOf(seen.asks, seen.bids)},"timestamp":"${timestamp(frames.length)}"}]}`,
    );
  }
  const text = (l: Level): TextLevel => ({
    price: fixedText(l.ticks, PRICE_SCALE, PRECISION.price),
    qty: fixedText(l.units, QTY_SCALE, PRECISION.qty),
  });
  return { depth, frames, expected: { asks: seen.asks.map(text), bids: seen.bids.map(text) } };
}

/** Average frame length in characters (for the report). */
export function averageFrameChars(frames: readonly string[]): number {
  return Math.round(frames.reduce((sum, frame) => sum + frame.length, 0) / frames.length);
}
