import type { BookData, BookMessage, PushType } from './messages.js';
import type { BookLevel } from './order-book.js';

/**
 * The fast path for Kraken's `book` messages, the bulk of a market-data socket's traffic. It reads the frame text
 * once, left to right, in the compact shape Kraken sends (`{"channel":"book","type":…,"data":[{"symbol":…,
 * "bids":[{"price":…,"qty":…}],"asks":[…],"checksum":…,"timestamp":…}]}`, keys in any order), keeping each price
 * and quantity as its exact digit text for the checksum.
 *
 * It only ever answers for frames it fully understands and finds valid: anything else (another channel, an unknown
 * or repeated key, whitespace, an escape, an exponent, a negative, a malformed or truncated frame) returns
 * undefined and the general parser decides, errors included. So correctness never depends on this path: where it
 * answers, its result equals the general parser's (a property test holds it to that).
 */
export function scanBookFrame(text: string): BookMessage | undefined {
  return new BookFrameScanner(text).frame();
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const SPACE = 0x20;
/** Kraken's checksum is a CRC32: at most 10 digits, at most 2^32 - 1. */
const MAX_CHECKSUM = 0xffffffff;
const MAX_CHECKSUM_DIGITS = 10;

// Field bits, to require each field once (a repeated key means JSON.parse's last-wins: left to the general path).
const CHANNEL = 1;
const TYPE = 2;
const DATA = 4;
const SYMBOL = 1;
const BIDS = 2;
const ASKS = 4;
const CHECKSUM = 8;
const TIMESTAMP = 16;
const PRICE = 1;
const QTY = 2;

const NO_LEVELS: readonly BookLevel[] = [];

/**
 * End of the unsigned JSON number without exponent at `start` (`0`, `45285.2`, `0.00100000`), or -1. Signs and
 * exponents are left to the general path, which rejects the one and expands the other.
 */
function unsignedEnd(text: string, start: number): number {
  let pos = start;
  let c = text.charCodeAt(pos);
  if (c === ZERO) {
    pos += 1;
  } else if (c > ZERO && c <= NINE) {
    pos += 1;
    c = text.charCodeAt(pos);
    while (c >= ZERO && c <= NINE) c = text.charCodeAt(++pos);
  } else return -1;
  if (text.charCodeAt(pos) !== DOT) return pos;
  const fraction = ++pos;
  c = text.charCodeAt(pos);
  while (c >= ZERO && c <= NINE) c = text.charCodeAt(++pos);
  return pos === fraction ? -1 : pos;
}

/** `text.startsWith(literal, at)`, as a loop the compiler inlines (the builtin call costs more than the compare). */
function startsWith(text: string, literal: string, at: number): boolean {
  const n = literal.length;
  for (let i = 0; i < n; i += 1) if (text.charCodeAt(at + i) !== literal.charCodeAt(i)) return false;
  return true;
}

class BookFrameScanner {
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
  }

  frame(): BookMessage | undefined {
    const text = this.#text;
    if (text.charCodeAt(0) !== OPEN_OBJECT) return undefined;
    this.#pos = 1;
    let seen = 0;
    let type: PushType | undefined;
    let data: BookData[] | undefined;
    for (;;) {
      const at = this.#pos;
      let field: number;
      if (startsWith(text, '"channel":"book"', at)) {
        field = CHANNEL;
        this.#pos = at + 16;
      } else if (startsWith(text, '"type":', at)) {
        field = TYPE;
        type = this.#pushType(at + 7);
        if (type === undefined) return undefined;
      } else if (startsWith(text, '"data":', at)) {
        field = DATA;
        this.#pos = at + 7;
        data = this.#dataList();
        if (data === undefined) return undefined;
      } else return undefined;
      if ((seen & field) !== 0) return undefined;
      seen |= field;
      if (!this.#next(CLOSE_OBJECT)) return undefined;
      if (text.charCodeAt(this.#pos - 1) === CLOSE_OBJECT) break;
    }
    if (this.#pos !== text.length || seen !== (CHANNEL | TYPE | DATA)) return undefined;
    return { channel: 'book', type: type as PushType, data: data as BookData[] };
  }

  #pushType(at: number): PushType | undefined {
    const text = this.#text;
    if (startsWith(text, '"update"', at)) {
      this.#pos = at + 8;
      return 'update';
    }
    if (startsWith(text, '"snapshot"', at)) {
      this.#pos = at + 10;
      return 'snapshot';
    }
    return undefined;
  }

  /** Consumes a ',' (more to come) or `close` (done): true; anything else: false. */
  #next(close: number): boolean {
    const c = this.#text.charCodeAt(this.#pos);
    if (c !== COMMA && c !== close) return false;
    this.#pos += 1;
    return true;
  }

  #dataList(): BookData[] | undefined {
    const text = this.#text;
    if (text.charCodeAt(this.#pos) !== OPEN_ARRAY) return undefined;
    this.#pos += 1;
    const items: BookData[] = [];
    if (text.charCodeAt(this.#pos) === CLOSE_ARRAY) {
      this.#pos += 1;
      return items;
    }
    for (;;) {
      const item = this.#bookData();
      if (item === undefined || !this.#next(CLOSE_ARRAY)) return undefined;
      items.push(item);
      if (text.charCodeAt(this.#pos - 1) === CLOSE_ARRAY) return items;
    }
  }

  #bookData(): BookData | undefined {
    const text = this.#text;
    if (text.charCodeAt(this.#pos) !== OPEN_OBJECT) return undefined;
    this.#pos += 1;
    let seen = 0;
    let symbol: string | undefined;
    let bids = NO_LEVELS;
    let asks = NO_LEVELS;
    let checksum = -1;
    let timestamp: string | undefined;
    for (;;) {
      const at = this.#pos;
      let field: number;
      if (startsWith(text, '"bids":', at)) {
        field = BIDS;
        this.#pos = at + 7;
        const levels = this.#levels();
        if (levels === undefined) return undefined;
        bids = levels;
      } else if (startsWith(text, '"asks":', at)) {
        field = ASKS;
        this.#pos = at + 7;
        const levels = this.#levels();
        if (levels === undefined) return undefined;
        asks = levels;
      } else if (startsWith(text, '"symbol":', at)) {
        field = SYMBOL;
        this.#pos = at + 9;
        symbol = this.#string();
        if (symbol === undefined) return undefined;
      } else if (startsWith(text, '"checksum":', at)) {
        field = CHECKSUM;
        this.#pos = at + 11;
        checksum = this.#checksum();
        if (checksum < 0) return undefined;
      } else if (startsWith(text, '"timestamp":', at)) {
        field = TIMESTAMP;
        this.#pos = at + 12;
        timestamp = this.#string();
        if (timestamp === undefined) return undefined;
      } else return undefined;
      if ((seen & field) !== 0) return undefined;
      seen |= field;
      if (!this.#next(CLOSE_OBJECT)) return undefined;
      if (text.charCodeAt(this.#pos - 1) === CLOSE_OBJECT) break;
    }
    if ((seen & (SYMBOL | CHECKSUM)) !== (SYMBOL | CHECKSUM)) return undefined;
    // Absent sides are fresh empty arrays, as the general reader gives (consumers may keep them).
    const data: BookData = {
      symbol: symbol as string,
      bids: bids === NO_LEVELS ? [] : (bids as BookLevel[]),
      asks: asks === NO_LEVELS ? [] : (asks as BookLevel[]),
      checksum,
    };
    if (timestamp !== undefined) data.timestamp = timestamp;
    return data;
  }

  #levels(): BookLevel[] | undefined {
    const text = this.#text;
    let pos = this.#pos;
    if (text.charCodeAt(pos) !== OPEN_ARRAY) return undefined;
    const levels: BookLevel[] = [];
    if (text.charCodeAt(pos + 1) === CLOSE_ARRAY) {
      this.#pos = pos + 2;
      return levels;
    }
    for (;;) {
      pos += 1;
      // Kraken's order, `{"price":…,"qty":…}`, read here with the position in a local; other orders below.
      const priceStart = pos + 9;
      const priceEnd = startsWith(text, '{"price":', pos) ? unsignedEnd(text, priceStart) : -1;
      const qtyStart = priceEnd + 7;
      const qtyEnd =
        priceEnd >= 0 && startsWith(text, ',"qty":', priceEnd) ? unsignedEnd(text, qtyStart) : -1;
      if (qtyEnd >= 0 && text.charCodeAt(qtyEnd) === CLOSE_OBJECT) {
        levels.push({ price: text.slice(priceStart, priceEnd), qty: text.slice(qtyStart, qtyEnd) });
        pos = qtyEnd + 1;
      } else {
        this.#pos = pos;
        const level = this.#anyOrderLevel();
        if (level === undefined) return undefined;
        levels.push(level);
        pos = this.#pos;
      }
      const c = text.charCodeAt(pos);
      if (c === CLOSE_ARRAY) {
        this.#pos = pos + 1;
        return levels;
      }
      if (c !== COMMA) return undefined;
    }
  }

  /** A level whose keys come in another order (each exactly once). */
  #anyOrderLevel(): BookLevel | undefined {
    const text = this.#text;
    if (text.charCodeAt(this.#pos) !== OPEN_OBJECT) return undefined;
    this.#pos += 1;
    let seen = 0;
    let price: string | undefined;
    let qty: string | undefined;
    for (;;) {
      const key = this.#pos;
      let field: number;
      let value: string | undefined;
      if (startsWith(text, '"qty":', key)) {
        field = QTY;
        this.#pos = key + 6;
        value = this.#unsigned();
        qty = value;
      } else if (startsWith(text, '"price":', key)) {
        field = PRICE;
        this.#pos = key + 8;
        value = this.#unsigned();
        price = value;
      } else return undefined;
      if (value === undefined || (seen & field) !== 0) return undefined;
      seen |= field;
      if (!this.#next(CLOSE_OBJECT)) return undefined;
      if (text.charCodeAt(this.#pos - 1) === CLOSE_OBJECT) break;
    }
    if (seen !== (PRICE | QTY)) return undefined;
    return { price: price as string, qty: qty as string };
  }

  #unsigned(): string | undefined {
    const start = this.#pos;
    const end = unsignedEnd(this.#text, start);
    if (end < 0) return undefined;
    this.#pos = end;
    return this.#text.slice(start, end);
  }

  /** A JSON integer in 0..2^32-1; -1 when it is anything else. */
  #checksum(): number {
    const text = this.#text;
    let pos = this.#pos;
    const start = pos;
    let value = 0;
    let c = text.charCodeAt(pos);
    if (c === ZERO) {
      pos += 1;
    } else {
      while (c >= ZERO && c <= NINE) {
        value = value * 10 + (c - ZERO);
        c = text.charCodeAt(++pos);
      }
    }
    if (pos === start || pos - start > MAX_CHECKSUM_DIGITS || value > MAX_CHECKSUM) return -1;
    this.#pos = pos;
    return value;
  }

  /** A JSON string without escapes or control characters (those go to the general path). */
  #string(): string | undefined {
    const text = this.#text;
    if (text.charCodeAt(this.#pos) !== QUOTE) return undefined;
    const start = this.#pos + 1;
    const end = text.length;
    let pos = start;
    for (;;) {
      if (pos >= end) return undefined;
      const c = text.charCodeAt(pos);
      if (c === QUOTE) break;
      if (c < SPACE || c === BACKSLASH) return undefined;
      pos += 1;
    }
    this.#pos = pos + 1;
    return text.slice(start, pos);
  }
}
