import { crc32 } from 'node:zlib';

/**
 * An endless, deterministic, Kraken-shaped v2 `book` stream for one symbol (price precision 1, qty precision 8):
 * a snapshot, then updates of 1–3 level changes near the top (qty changes, deletions that pull a deeper level
 * into view, insertions that push the last one out), numbers printed as Kraken prints JSON numbers, each with the
 * CRC32 of the resulting top 10. Prices and quantities are integer ticks, and the checksum is computed here,
 * independently of the client. Prices stay in a band, so a long run exercises steady state, not growth.
 */
export class BookStream {
  readonly symbol = 'BTC/USD';
  readonly #depth: number;
  readonly #random: () => number;
  /** Full sides, best first: bids descending, asks ascending ticks; qty in units of 1e-8. */
  readonly #bids: Array<[number, number]> = [];
  readonly #asks: Array<[number, number]> = [];
  #sequence = 0;

  constructor(depth: number, seed: number) {
    this.#depth = depth;
    this.#random = mulberry32(seed);
    for (let i = 0; i < depth * 2; i += 1) {
      this.#bids.push([449_999 - i * 3, this.#qty()]);
      this.#asks.push([450_001 + i * 3, this.#qty()]);
    }
  }

  snapshot(): string {
    return this.#frame('snapshot', this.#visible(this.#bids), this.#visible(this.#asks));
  }

  /** The next update frame (text exactly as it would arrive on the socket). */
  next(): string {
    const before = { bids: new Map(this.#visible(this.#bids)), asks: new Map(this.#visible(this.#asks)) };
    const changes = 1 + Math.floor(this.#random() * 3);
    for (let i = 0; i < changes; i += 1) this.#change(this.#random() < 0.5 ? this.#bids : this.#asks);
    const bids = diff(before.bids, this.#visible(this.#bids));
    const asks = diff(before.asks, this.#visible(this.#asks));
    return this.#frame('update', bids, asks);
  }

  #change(side: Array<[number, number]>): void {
    const roll = this.#random();
    const index = Math.floor(this.#random() ** 2 * this.#depth);
    const level = side[index];
    if (level === undefined) return;
    if (roll < 0.5) {
      level[1] = this.#qty();
    } else if (roll < 0.75 && side.length > this.#depth + 1) {
      side.splice(index, 1);
      const last = side[side.length - 1] as [number, number];
      const step = side === this.#bids ? -3 : 3;
      side.push([last[0] + step, this.#qty()]);
    } else {
      const outer = side[index + 1];
      if (outer === undefined || Math.abs(outer[0] - level[0]) < 2) {
        level[1] = this.#qty();
        return;
      }
      side.splice(index + 1, 0, [(level[0] + outer[0]) >> 1, this.#qty()]);
      if (side.length > this.#depth * 3) side.pop();
    }
  }

  #visible(side: ReadonlyArray<[number, number]>): Array<[number, number]> {
    return side.slice(0, this.#depth).map(([price, qty]) => [price, qty]);
  }

  #frame(type: 'snapshot' | 'update', bids: Array<[number, number]>, asks: Array<[number, number]>): string {
    this.#sequence += 1;
    const checksum = checksumOf(this.#visible(this.#asks), this.#visible(this.#bids));
    const timestamp = new Date(1_767_225_600_000 + this.#sequence).toISOString();
    return `{"channel":"book","type":"${type}","data":[{"symbol":"${this.symbol}","bids":${levels(bids)},"asks":${levels(asks)},"checksum":${checksum},"timestamp":"${timestamp}"}]}`;
  }

  #qty(): number {
    return 1 + Math.floor(this.#random() ** 3 * 5e8);
  }
}

/** Levels that changed from `before` to `after`: new or different qty, and removed ones as qty 0. */
function diff(before: ReadonlyMap<number, number>, after: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const seen = new Set<number>();
  for (const [price, qty] of after) {
    seen.add(price);
    if (before.get(price) !== qty) out.push([price, qty]);
  }
  for (const price of before.keys()) if (!seen.has(price)) out.push([price, 0]);
  return out;
}

const priceText = (ticks: number): string =>
  ticks % 10 === 0 ? String(ticks / 10) : `${Math.floor(ticks / 10)}.${ticks % 10}`;

function qtyText(units: number): string {
  if (units === 0) return '0';
  const fraction = String(units % 1e8)
    .padStart(8, '0')
    .replace(/0+$/, '');
  const whole = Math.floor(units / 1e8);
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

const levels = (side: Array<[number, number]>): string =>
  `[${side.map(([price, qty]) => `{"price":${priceText(price)},"qty":${qtyText(qty)}}`).join(',')}]`;

/** Kraken's checksum digits of a level are its integer ticks and units (price "45285.2" → "452852"). */
function checksumOf(asks: Array<[number, number]>, bids: Array<[number, number]>): number {
  let text = '';
  for (const [price, qty] of asks.slice(0, 10)) text += `${price}${qty}`;
  for (const [price, qty] of bids.slice(0, 10)) text += `${price}${qty}`;
  return crc32(text) >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
