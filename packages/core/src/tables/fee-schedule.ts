/** One row of the spot fee schedule (data/fees.yaml): from `volume` (30-day, in the volume currency) up. */
export interface FeeTierInput {
  /** Lower bound of the tier (decimal text). */
  volume: string;
  /** Maker fee, percent (decimal text: "0.25" means 0.25 %). */
  maker: string;
  /** Taker fee, percent (decimal text). */
  taker: string;
}

/** The spot fee schedule by rolling 30-day volume, as written in data/fees.yaml. */
export interface FeeScheduleInput {
  /** The asset the 30-day volume is counted in (Kraken: `ZUSD`). */
  volumeCurrency: string;
  tiers: readonly FeeTierInput[];
}
