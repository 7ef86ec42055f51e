import { Ring } from './ring.js';
import type { DashboardSource } from './source.js';
import { cents } from './usd-cents.js';

/** One point of a chart: `time` in epoch seconds (the charting library's time scale), `value` decimal text. */
export interface SeriesPoint {
  time: number;
  value: string;
}

/** The charts' data: PnL in USD to the cent (the account's and each bot's, as the guard values it) and each pair's mid. */
export interface HistoryView {
  sampleMs: number;
  pnl: Record<string, SeriesPoint[]>;
  prices: Record<string, SeriesPoint[]>;
}

/** How long the charts reach back: one point a second for an hour by default. */
export interface HistoryOptions {
  sampleMs: number;
  points: number;
}

export const DEFAULT_HISTORY: HistoryOptions = { sampleMs: 1_000, points: 3_600 };

/** The name the account's own PnL line has in {@link HistoryView.pnl}. */
export const ACCOUNT_SERIES = 'account';

/**
 * Samples PnL and prices on a timer into bounded series, so a page opened late still draws the curve since the
 * dashboard started. Reads only what the session already holds: no exchange call.
 */
export class History {
  readonly #source: DashboardSource;
  readonly #options: HistoryOptions;
  readonly #pnl = new Map<string, Ring<SeriesPoint>>();
  readonly #prices = new Map<string, Ring<SeriesPoint>>();
  readonly #timer: NodeJS.Timeout;
  readonly #now: () => number;

  constructor(
    source: DashboardSource,
    options: HistoryOptions = DEFAULT_HISTORY,
    now: () => number = Date.now,
  ) {
    this.#source = source;
    this.#options = options;
    this.#now = now;
    this.sample();
    this.#timer = setInterval(() => this.sample(), options.sampleMs);
    this.#timer.unref();
  }

  /** Takes one sample now (the timer calls it; a second sample within the same second replaces nothing). */
  sample(): void {
    const time = Math.floor(this.#now() / 1000);
    const { pnl } = this.#source.connection.guard.snapshot();
    this.#add(this.#pnl, ACCOUNT_SERIES, time, cents(pnl.account.pnl));
    for (const bot of this.#source.session?.bots ?? []) {
      this.#add(this.#pnl, bot.name, time, cents(pnl.bots[bot.name]?.pnl ?? '0'));
      for (const pair of bot.pairs) {
        const mid = bot.market(pair.id)?.mid;
        if (mid !== undefined) this.#add(this.#prices, pair.wsname, time, mid.toFixed());
      }
    }
  }

  view(): HistoryView {
    const out = (series: Map<string, Ring<SeriesPoint>>) =>
      Object.fromEntries([...series].map(([name, ring]) => [name, ring.toArray()]));
    return { sampleMs: this.#options.sampleMs, pnl: out(this.#pnl), prices: out(this.#prices) };
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #add(series: Map<string, Ring<SeriesPoint>>, name: string, time: number, value: string): void {
    let ring = series.get(name);
    if (ring === undefined) {
      ring = new Ring(this.#options.points);
      series.set(name, ring);
    }
    // The chart needs strictly increasing times.
    if ((ring.last()?.time ?? -1) < time) ring.push({ time, value });
  }
}
