import { type AssetPairsResult, createClient, KrakenkitError } from '@krakenkit/client';
import { createMockExchange, mockTransport } from '@krakenkit/mock-exchange';
import type { BotConfig } from '../config/load.js';

// One public call: a short bound per attempt and one retry keep a dead network from holding `validate` for a minute.
const LIVE_TIMEOUT_MS = 10_000;
const LIVE_ATTEMPTS = 2;
/** Kraken's production REST origin: the live list of a config that trades on the mock. */
const KRAKEN_REST_URL = 'https://api.kraken.com';

/** An exchange's pair list (AssetPairs) and how messages name where it came from. */
export interface PairList {
  assetPairs: AssetPairsResult;
  /** `on the embedded mock exchange`, `on Kraken (https://api.kraken.com)`. */
  where: string;
}

/** The live pair list could not be read (network down, Kraken unavailable): nothing could be checked against it. */
export class PairListUnavailableError extends KrakenkitError {
  override name = 'PairListUnavailableError';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `could not read the pair list (AssetPairs) from ${url}: ${reason}. Check the network, or drop --live to check against the embedded mock exchange's pairs`,
      { code: 'KRAKENKIT_PAIR_LIST_UNAVAILABLE', category: 'network', retryable: true, cause },
    );
  }
}

/**
 * The pair list `validate` checks bots against. Offline: the embedded mock exchange's, built in-process exactly as
 * `run` builds it (no port, no network). Live: Kraken's public AssetPairs, at `exchange.restUrl` for a config with
 * `kind: kraken`, else at Kraken's production origin.
 */
export async function readPairList(config: BotConfig, live: boolean): Promise<PairList> {
  if (!live) {
    const exchange = createMockExchange(
      config.exchange.kind === 'mock' && config.exchange.seed !== undefined
        ? { seed: config.exchange.seed }
        : {},
    );
    const client = createClient({ transport: mockTransport(exchange) });
    try {
      return { assetPairs: await client.assetPairs(), where: 'on the embedded mock exchange' };
    } finally {
      await client.close();
    }
  }
  const baseUrl = config.exchange.kind === 'kraken' ? config.exchange.restUrl : KRAKEN_REST_URL;
  const client = createClient({ baseUrl, timeoutMs: LIVE_TIMEOUT_MS, retry: { attempts: LIVE_ATTEMPTS } });
  try {
    return { assetPairs: await client.assetPairs(), where: `on Kraken (${baseUrl})` };
  } catch (error) {
    throw new PairListUnavailableError(baseUrl, error);
  } finally {
    await client.close();
  }
}
