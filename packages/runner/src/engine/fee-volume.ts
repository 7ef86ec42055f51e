import type { CallOptions, TradeVolumeResult } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import type { BotRunner } from './bot-runner.js';
import type { Connection } from './connect.js';
import type { FeeSchedule } from './fee-tier.js';

const USD_QUOTES = new Set(['ZUSD', 'USD']);

/**
 * The fee tier's inputs: the 30-day volume as TradeVolume last reported it (asked about the first bot's first
 * pair) and the USD volume the bots traded since, so progress towards the next tier moves between two reads.
 */
export class FeeVolume {
  readonly #connection: Connection;
  readonly #pair: string | undefined;
  #tradeVolume: TradeVolumeResult | undefined;
  #sinceUsd = new Decimal(0);

  constructor(connection: Connection, bots: readonly BotRunner[]) {
    this.#connection = connection;
    this.#pair = bots[0]?.pairs[0]?.id;
    this.#tradeVolume = connection.tradeVolume;
  }

  /** TradeVolume as last read (undefined when the key may not read it). */
  get tradeVolume(): TradeVolumeResult | undefined {
    return this.#tradeVolume;
  }

  /** USD volume traded since the last read. */
  get sinceUsd(): Decimal {
    return this.#sinceUsd;
  }

  /** Counts a fill (pairs quoted in USD only). */
  record(quote: string, volume: Decimal, price: Decimal): void {
    if (USD_QUOTES.has(quote)) this.#sinceUsd = this.#sinceUsd.plus(volume.times(price));
  }

  /** The fee schedule of the pair TradeVolume is asked about, when AssetPairs gave it. */
  schedule(): { feeSchedule?: FeeSchedule } {
    const entry = this.#pair === undefined ? undefined : this.#connection.assetPairs[this.#pair];
    if (entry?.fees === undefined || entry.fees_maker === undefined) return {};
    return { feeSchedule: { taker: entry.fees, maker: entry.fees_maker } };
  }

  /** Reads TradeVolume again (when the key may). */
  async refresh(options: CallOptions = {}): Promise<void> {
    const client = [...this.#connection.clients.values()][0];
    if (this.#tradeVolume === undefined || client === undefined) return;
    const params = this.#pair === undefined ? {} : { pair: [this.#pair] };
    this.#tradeVolume = await client.tradeVolume(params, options);
    this.#sinceUsd = new Decimal(0);
  }
}
