/**
 * The strategy interface. A strategy is a plain object with synchronous callbacks: it is shown market data and
 * its own fills, and answers with actions (place an order, cancel one). It never holds a client: the runner
 * executes its actions through the guarded client, so every order passes the pre-trade guard, and tells the
 * strategy what happened (accepted, filled, rejected and why). Being synchronous and I/O-free, a strategy's
 * decisions can be tested on a scripted price series with no exchange at all.
 */
import type { Decimal, PairInfo } from '@krakenkit/core';
import type { CandleNeeds } from '../candles/candle-book.js';
import type { CandleView } from '../candles/candle-series.js';
import type { CandleInterval } from '../candles/intervals.js';

/** Buy or sell. */
export type Side = 'buy' | 'sell';

/** What the runner knows about a pair: core's PairInfo (AssetPairs, compiled once; decimal values as Decimal). */
export type { PairInfo };

/** One price level of an order book: its price and the base volume resting there. */
export interface DepthLevel {
  price: Decimal;
  volume: Decimal;
}

/**
 * A pair's order book as the runner's verified copy held it when the tick was made (WebSocket v2 `book`, every
 * update checked against Kraken's CRC32 checksum): best level first on each side, as many levels as subscribed
 * (10) or as the book has.
 */
export interface MarketDepth {
  /** Highest price first. */
  bids: readonly DepthLevel[];
  /** Lowest price first. */
  asks: readonly DepthLevel[];
}

/** One market observation of a pair (REST Ticker, or the WebSocket feed). */
export interface MarketTick {
  pair: PairInfo;
  bid: Decimal;
  ask: Decimal;
  /** (bid + ask) / 2. */
  mid: Decimal;
  last: Decimal;
  /** Epoch ms when the runner observed it. */
  at: number;
  /**
   * The verified book's levels (bid and ask above are its best ones). Present when the tick came from the socket
   * and the pair's book was verified then; absent from REST Ticker (`run.marketData: rest`, the socket down, the
   * pair's subscriptions refused), while the book resyncs after a checksum mismatch, and in backtests (the data
   * has no book).
   */
  book?: MarketDepth;
}

/**
 * How far from the entry's fill a protective order triggers: a percentage of the fill price (`{ percent: 2 }` is
 * 2 %) or a distance in the quote currency (`{ distance: 150 }` is 150 USD on XBT/USD, a multiple of the pair's
 * tick). Always a distance: the side (below a long, above a short) follows from the entry.
 */
export type ProtectionOffset = { percent: Decimal } | { distance: Decimal };

/**
 * Exchange-resident protection of a position an entry opens (see docs/runner.md, "Protection on the exchange").
 * The stop (stopLoss, or trailingStop: never both) rides on the entry as Kraken's conditional close, so it exists
 * on the exchange from the fill on; a takeProfit next to it is placed reduce-only once the fill is seen.
 */
export interface Protection {
  /** A stop-loss this far against the position. */
  stopLoss?: ProtectionOffset;
  /** A take-profit this far in the position's favour. */
  takeProfit?: ProtectionOffset;
  /** A trailing stop: closes the position once the price falls back this far from its best since the fill. */
  trailingStop?: ProtectionOffset;
}

/**
 * Order types a strategy's orders have: `limit` and `market`, and the triggered `stop-loss` and `take-profit`
 * (`price` is then the trigger price). `trailing-stop` is only ever a conditional close the exchange created (its
 * offset is relative: a strategy asks for one with `protect.trailingStop`).
 */
export type StrategyOrderType = 'limit' | 'market' | 'stop-loss' | 'take-profit' | 'trailing-stop';

/** A new order a strategy wants. `tag` is the strategy's own name for it, unique among its open orders. */
export interface OrderRequest {
  tag: string;
  /** A pair id (`XXBTZUSD`) from the strategy's PairInfo. */
  pair: string;
  side: Side;
  type: StrategyOrderType;
  /** Base-currency volume, already rounded to the pair's lot decimals. */
  volume: Decimal;
  /** Limit price (limit orders) or trigger price (stop-loss, take-profit), already on the pair's tick. */
  price?: Decimal;
  /** Margin: the leverage (an integer ≥ 2 offered by the pair). Absent: a spot order. */
  leverage?: number;
  /** Only reduce an open margin position. */
  reduceOnly?: boolean;
  /** Maker only (Kraken `oflags: post`). */
  postOnly?: boolean;
  /** Protect the position this entry opens on the exchange itself (see Protection). */
  protect?: Protection;
  /**
   * Set on a protective order: the tag of the entry it protects. Such an order is left resting at a clean stop
   * while its position is open, and is not one of the strategy's orders in flight (see hasOrderOn).
   */
  protects?: string;
}

/** What a strategy asks the runner to do. */
export type StrategyAction = { type: 'place'; order: OrderRequest } | { type: 'cancel'; tag: string };

/** A strategy order as the runner tracks it. */
export interface TrackedOrder {
  request: OrderRequest;
  /** `pending`: sent or about to be; `open`: accepted by the exchange. */
  status: 'pending' | 'open';
  txid?: string;
  /** The client order id the runner sent it with (Kraken `cl_ord_id`): how a restarted bot finds it again. */
  clOrdId?: string;
  filled: Decimal;
}

/**
 * What a bot left behind, handed to its strategy once at start (before onStart and the first tick): the orders it
 * placed that still rest on the exchange (already in `view.orders`, by their tags), its margin positions, and what
 * the strategy's snapshot() last returned. On a first start everything is empty.
 */
export interface Adoption {
  /** The bot's orders still resting on the exchange. */
  openOrders: readonly TrackedOrder[];
  /** The bot's net margin position per pair id (base currency: > 0 long), checked against the exchange's. */
  positions: ReadonlyMap<string, Decimal>;
  /** The strategy's last snapshot() (parsed JSON), or undefined. */
  saved: unknown;
}

/** A fill of one of the strategy's orders (a part of it, or the rest). */
export interface Fill {
  tag: string;
  pair: PairInfo;
  side: Side;
  volume: Decimal;
  price: Decimal;
  /** Fee charged, in the quote currency. */
  fee: Decimal;
  /** True when this fill completes the order. */
  complete: boolean;
  /** The order was a margin order (opened, added to or reduced a position). */
  margin: boolean;
  at: number;
}

/** Why an order of the strategy ended without (completely) filling. */
export interface OrderEnded {
  tag: string;
  /** `validated`: a dry run (`run.validateOnly`) had the exchange validate the order; nothing was placed. */
  reason: 'guard-rejected' | 'exchange-rejected' | 'cancelled' | 'expired' | 'failed' | 'validated';
  /** Kraken's or the guard's code, e.g. `EOrder:Margin allowance exceeded`. */
  code?: string;
  message?: string;
  at: number;
}

/** The read-only state a strategy sees in every callback. */
export interface StrategyView {
  /** Epoch ms. */
  readonly now: number;
  /** The strategy's orders that are pending or open, by tag. */
  readonly orders: ReadonlyMap<string, TrackedOrder>;
  /** Net margin position of this bot on a pair, in base currency: > 0 long, < 0 short. */
  position(pair: string): Decimal;
  /** Net spot volume this bot has bought minus sold on a pair since it started. */
  inventory(pair: string): Decimal;
  /** The latest tick of a pair, if any. */
  market(pair: string): MarketTick | undefined;
  /**
   * The candles of one of the bot's pairs (its id or any of its names) at `interval` (`'1m'`, `'5m'`, `'1h'`, …):
   * the last closed candles, as many as the strategy declared (`StrategyDefinition.candles`), and indicators over
   * them: `view.candles?.(pair, '1m').ema(20)`. Absent where the runner feeds no candles; `candlesOf(view, …)`
   * then throws, saying so.
   */
  candles?(pair: string, interval: CandleInterval): CandleView;
}

/**
 * A trading strategy. Every callback is optional except onTick, synchronous, and returns the actions to take
 * now (an empty array for none). The runner calls them one at a time, never concurrently.
 */
export interface Strategy {
  /** Called once, before the first tick. */
  onStart?(view: StrategyView): StrategyAction[];
  /** A new market observation of one of the bot's pairs. */
  onTick(tick: MarketTick, view: StrategyView): StrategyAction[];
  /** One of its orders (partly) filled. */
  onFill?(fill: Fill, view: StrategyView): StrategyAction[];
  /** One of its orders ended unfilled: refused by the guard or the exchange, cancelled, expired. */
  onOrderEnded?(ended: OrderEnded, view: StrategyView): StrategyAction[];
  /** The bot is stopping: last actions (the runner then cancels or keeps open orders per config). */
  onStop?(view: StrategyView): StrategyAction[];
  /**
   * The bot starts again after a stop or a crash: take back its resting orders, positions and saved state, so it
   * continues instead of starting over (a grid must not rest a second grid on top of the first). Called once,
   * before onStart; fills that happened while it was down follow as onFill calls.
   */
  adopt?(adoption: Adoption, view: StrategyView): StrategyAction[];
  /**
   * The state that must survive a restart, as JSON-serialisable data (no Decimals: write them as text). The runner
   * saves it in the state store whenever it changes and hands it back to adopt().
   */
  snapshot?(): unknown;
}

/** What a strategy is built from: its validated params and the pairs it trades. */
export interface StrategySetup<P> {
  /** The bot's name (for tags and logs). */
  bot: string;
  params: P;
  pairs: readonly PairInfo[];
  /** The bot's `protect:`: what its entries attach (strategies that declare `protection: true`). */
  protect?: Protection;
}

/** A problem {@link StrategyDefinition.checkPairs} found: text, or text placed at one of the bot's params. */
export type PairProblem = string | { param: string; message: string };

/** A zod-compatible params validator (anything with `safeParse`). */
export interface ParamsSchema<P> {
  /** Validates `value`: the parsed params, or the issues with their paths. */
  safeParse(
    value: unknown,
    params?: { reportInput?: boolean },
  ):
    | { success: true; data: P }
    | {
        success: false;
        error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string }> };
      };
}

/**
 * A named strategy the YAML config can refer to (`strategy: grid`). Register your own with the `strategies`
 * option of loadBotConfig / startSession.
 */
export interface StrategyDefinition<P = unknown> {
  name: string;
  /** One line for `--help` and docs. */
  summary: string;
  /** Validates `params:` of the bot entry; errors are reported with file:line:column. */
  params: ParamsSchema<P>;
  /**
   * Checks that need the pairs (margin offered at this leverage, a volume above the pair's minimum); returns the
   * problems, each as text (placed at the bot's `params`) or with the param it is about (placed there).
   */
  checkPairs?(params: P, pairs: readonly PairInfo[]): PairProblem[];
  /**
   * The candle series the strategy reads on each of its pairs, and how many closed candles each keeps (from its
   * params, so each bot sets its own): they are filled from the first candle on. A series not declared is set up
   * when first read and fills from then on.
   */
  candles?(params: P): CandleNeeds;
  /**
   * The strategy opens positions and attaches the bot's `protect:` to its entries. A bot may set `protect:` only
   * for such a strategy (anything else is a config error: protection nobody attaches would be a false comfort).
   */
  protection?: boolean;
  /** Problems of the bot's `protect:` next to these params (the same stop given twice), as text. */
  checkProtection?(params: P, protect: Protection): string[];
  /** Creates the strategy of one bot from its validated params and pairs. */
  create(setup: StrategySetup<P>): Strategy;
}
