import { Decimal } from '@krakenkit/core';

/**
 * One candle of a pair: open, high, low, close and volume over one interval, and how many trades it holds. Prices
 * and volumes are the runner's Decimal (exact, as Kraken sends them); `time` is the start of the interval.
 */
export interface Candle {
  /** Start of the interval, epoch ms. */
  readonly time: number;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  /** Base-currency volume traded in the interval. */
  readonly volume: Decimal;
  /** Number of trades in the interval. */
  readonly trades: number;
  /** Volume-weighted average price, when the source gives one (REST and WebSocket OHLC; not the CSV files). */
  readonly vwap?: Decimal | undefined;
}

/** A candle's fields as a feed hands them over: decimal text or Decimal. */
export interface CandleFields {
  time: number;
  open: string | Decimal;
  high: string | Decimal;
  low: string | Decimal;
  close: string | Decimal;
  volume: string | Decimal;
  trades: number;
  vwap?: string | Decimal | undefined;
}

/**
 * The volumes of the candles an aggregated candle was built from, summed in order the first time its volume is
 * read: a year of one-minute candles aggregated to a longer interval costs no Decimal sum a strategy never reads.
 */
export class VolumeParts {
  readonly #parts: ReadonlyArray<string | Decimal | VolumeParts>;

  constructor(parts: ReadonlyArray<string | Decimal | VolumeParts>) {
    this.#parts = parts;
  }

  /** The parts added up from the first, as adding each candle's volume in turn would. */
  sum(): Decimal {
    let total: Decimal | undefined;
    for (const part of this.#parts) {
      const volume = volumeOf(part);
      total = total === undefined ? volume : total.plus(volume);
    }
    return total ?? new Decimal(0);
  }
}

function volumeOf(part: string | Decimal | VolumeParts): Decimal {
  if (part instanceof VolumeParts) return part.sum();
  return typeof part === 'string' ? new Decimal(part) : part;
}

/**
 * A candle kept as the text it arrived as, with its prices also as numbers (what indicators compute with): its
 * Decimals are made the first time they are read. A year of one-minute candles costs no Decimal a strategy never
 * looks at.
 */
export class PackedCandle implements Candle {
  readonly time: number;
  readonly trades: number;
  /** Prices as numbers, for indicators (signals in floating point, never money). */
  readonly openNumber: number;
  readonly highNumber: number;
  readonly lowNumber: number;
  readonly closeNumber: number;
  readonly #text: { open: string; high: string; low: string; close: string; vwap: string | undefined };
  #volume: string | Decimal | VolumeParts;
  #open: Decimal | undefined;
  #high: Decimal | undefined;
  #low: Decimal | undefined;
  #close: Decimal | undefined;
  #vwap: Decimal | undefined;

  constructor(
    time: number,
    prices: { open: string; high: string; low: string; close: string; vwap?: string | undefined },
    volume: string | Decimal | VolumeParts,
    trades: number,
  ) {
    this.time = time;
    this.trades = trades;
    this.#text = {
      open: prices.open,
      high: prices.high,
      low: prices.low,
      close: prices.close,
      vwap: prices.vwap,
    };
    this.#volume = volume;
    this.openNumber = Number(prices.open);
    this.highNumber = Number(prices.high);
    this.lowNumber = Number(prices.low);
    this.closeNumber = Number(prices.close);
  }

  get open(): Decimal {
    this.#open ??= new Decimal(this.#text.open);
    return this.#open;
  }

  get high(): Decimal {
    this.#high ??= new Decimal(this.#text.high);
    return this.#high;
  }

  get low(): Decimal {
    this.#low ??= new Decimal(this.#text.low);
    return this.#low;
  }

  get close(): Decimal {
    this.#close ??= new Decimal(this.#text.close);
    return this.#close;
  }

  get volume(): Decimal {
    if (!(this.#volume instanceof Decimal)) this.#volume = volumeOf(this.#volume);
    return this.#volume;
  }

  /** The volume as it is held (text, Decimal or parts not yet summed): an aggregate takes it without a sum. */
  get volumeHeld(): string | Decimal | VolumeParts {
    return this.#volume;
  }

  get vwap(): Decimal | undefined {
    if (this.#text.vwap === undefined) return undefined;
    this.#vwap ??= new Decimal(this.#text.vwap);
    return this.#vwap;
  }

  /** The prices as the text they arrived as (what a price path hands the exchange). */
  get text(): { readonly open: string; readonly high: string; readonly low: string; readonly close: string } {
    return this.#text;
  }

  toJSON(): Record<string, string | number> {
    return {
      time: this.time,
      open: this.#text.open,
      high: this.#text.high,
      low: this.#text.low,
      close: this.#text.close,
      volume: this.volume.toFixed(),
      trades: this.trades,
      ...(this.#text.vwap === undefined ? {} : { vwap: this.#text.vwap }),
    };
  }
}

/** A candle from a feed's fields (decimal text or Decimal), e.g. a WebSocket `ohlc` update. */
export function candleOf(fields: CandleFields): PackedCandle {
  const text = (value: string | Decimal) => (typeof value === 'string' ? value : value.toFixed());
  return new PackedCandle(
    fields.time,
    {
      open: text(fields.open),
      high: text(fields.high),
      low: text(fields.low),
      close: text(fields.close),
      vwap: fields.vwap === undefined ? undefined : text(fields.vwap),
    },
    fields.volume,
    fields.trades,
  );
}

/** The numbers indicators read from a candle (any Candle: packed ones already hold them). */
export function numbersOf(candle: Candle): { high: number; low: number; close: number } {
  if (candle instanceof PackedCandle)
    return { high: candle.highNumber, low: candle.lowNumber, close: candle.closeNumber };
  return { high: candle.high.toNumber(), low: candle.low.toNumber(), close: candle.close.toNumber() };
}
