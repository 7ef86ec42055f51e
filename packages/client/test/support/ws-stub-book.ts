import { crc32 } from 'node:zlib';
import { Decimal } from 'decimal.js';

/**
 * The stub exchange's own order book model, written independently of src/ws (Decimal arithmetic, plain sorting) so
 * tests compare two implementations. Levels are kept at full precision; on the wire they are printed the way Kraken
 * prints JSON numbers: trailing zeros dropped (`45281.0` → `45281`, `0.10000000` → `0.1`).
 */
export type StubLevel = readonly [price: string, qty: string];

export class StubBook {
  readonly symbol: string;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();

  constructor(symbol: string, pricePrecision: number, qtyPrecision: number) {
    this.symbol = symbol;
    this.pricePrecision = pricePrecision;
    this.qtyPrecision = qtyPrecision;
  }

  /** Sets levels (qty 0 deletes); prices/qtys are normalised to the pair's precision. */
  set(side: 'bids' | 'asks', levels: readonly StubLevel[]): void {
    const map = side === 'bids' ? this.bids : this.asks;
    for (const [price, qty] of levels) {
      const key = new Decimal(price).toFixed(this.pricePrecision);
      if (new Decimal(qty).isZero()) map.delete(key);
      else map.set(key, new Decimal(qty).toFixed(this.qtyPrecision));
    }
  }

  /** Best `depth` levels of a side, best first, as [price, qty] at full precision. */
  top(side: 'bids' | 'asks', depth: number): StubLevel[] {
    const map = side === 'bids' ? this.bids : this.asks;
    const sorted = [...map.entries()].sort(([a], [b]) => new Decimal(a).comparedTo(new Decimal(b)));
    if (side === 'bids') sorted.reverse();
    return sorted.slice(0, depth);
  }

  /** Kraken's checksum of the top 10 levels, computed the straightforward way. */
  checksum(): number {
    const digits = (text: string): string => text.replace('.', '').replace(/^0+/, '');
    let input = '';
    for (const [price, qty] of this.top('asks', 10)) input += digits(price) + digits(qty);
    for (const [price, qty] of this.top('bids', 10)) input += digits(price) + digits(qty);
    return crc32(input) >>> 0;
  }
}

/** Prints decimal text as a JSON number the way Kraken does (shortest form: trailing zeros dropped). */
export function wireNumber(text: string): string {
  if (!text.includes('.')) return text;
  const trimmed = text.replace(/0+$/, '');
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

/** JSON text of levels as Kraken v2 sends them: `[{"price":45285.2,"qty":0.001}, ...]`. */
export function levelsJson(levels: readonly StubLevel[]): string {
  return `[${levels.map(([price, qty]) => `{"price":${wireNumber(price)},"qty":${wireNumber(qty)}}`).join(',')}]`;
}

/**
 * A subscriber's view of a book: what it was last sent, so updates carry exactly the changed levels, deletions as
 * qty 0, and levels that enter the subscribed depth (no qty 0 for levels that merely fall out of scope).
 */
export class BookView {
  readonly depth: number;
  #sent = { bids: new Map<string, string>(), asks: new Map<string, string>() };

  constructor(depth: number) {
    this.depth = depth;
  }

  snapshot(book: StubBook): { bids: StubLevel[]; asks: StubLevel[] } {
    const bids = book.top('bids', this.depth);
    const asks = book.top('asks', this.depth);
    this.#sent = { bids: new Map(bids), asks: new Map(asks) };
    return { bids, asks };
  }

  diff(book: StubBook): { bids: StubLevel[]; asks: StubLevel[] } {
    return { bids: this.#diffSide(book, 'bids'), asks: this.#diffSide(book, 'asks') };
  }

  #diffSide(book: StubBook, side: 'bids' | 'asks'): StubLevel[] {
    const now = new Map(book.top(side, this.depth));
    const sent = this.#sent[side];
    const changes: StubLevel[] = [];
    const model = side === 'bids' ? book.bids : book.asks;
    for (const [price] of sent) if (!model.has(price)) changes.push([price, '0']);
    for (const [price, qty] of now) if (sent.get(price) !== qty) changes.push([price, qty]);
    this.#sent[side] = now;
    return changes;
  }
}
