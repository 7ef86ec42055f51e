import { commaList, oneOf, toPair, WireBuilder } from '@krakenkit/core/params';
import { ValidationError } from '../../errors/index.js';
import { defineEndpoint } from '../define.js';
import { asRecord, ResponseReader } from '../validate/response-fields.js';

/** Parameters of {@link AssetPairs}. */
export interface AssetPairsParams {
  /** Pairs (array or comma text); all when omitted. */
  pair?: readonly string[] | string;
  /** Which fields: all info (default), or only leverage, fees or margin. */
  info?: 'info' | 'leverage' | 'fees' | 'margin';
  aclass_base?: 'currency' | 'tokenized_asset';
  /** ISO 3166-1 alpha-2 filter. */
  country_code?: string;
}

/** What a pair accepts: `cancel_only` lets only cancels through, `post_only` needs the post flag, etc. */
export type PairStatus = 'online' | 'cancel_only' | 'post_only' | 'limit_only' | 'reduce_only';

/** A fee tier: [30-day volume lower bound, percent], as decimal text. */
export type FeeTier = [volume: string, percent: string];

/**
 * One tradable pair. Every field is optional because `info=leverage|fees|margin` returns subsets.
 * Money and sizes stay decimal text; fee tiers (JSON numbers on the wire) become decimal text.
 */
export interface AssetPairInfo {
  altname?: string;
  /** WebSocket v1 name, e.g. `XBT/USD`. */
  wsname?: string;
  aclass_base?: string;
  base?: string;
  aclass_quote?: string;
  quote?: string;
  execution_venue?: string;
  /** Price decimals. */
  pair_decimals?: number;
  /** Cost decimals (quote). */
  cost_decimals?: number;
  /** Volume decimals (base). */
  lot_decimals?: number;
  lot_multiplier?: number;
  /** Leverage levels for buys, e.g. `[2, 3, 4, 5]`; empty means no margin. */
  leverage_buy?: number[];
  leverage_sell?: number[];
  /** Taker fee schedule. */
  fees?: FeeTier[];
  fees_maker?: FeeTier[];
  fee_volume_currency?: string;
  /** Margin call level, percent. */
  margin_call?: number;
  /** Liquidation level, percent. */
  margin_stop?: number;
  /** Minimum order volume (base). */
  ordermin?: string;
  /** Minimum order cost (quote). */
  costmin?: string;
  /** Minimum price increment. */
  tick_size?: string;
  status?: PairStatus | (string & {});
  /** Maximum long margin position, base units. */
  long_position_limit?: number;
  /** Maximum short margin position, base units. */
  short_position_limit?: number;
}

/** Keyed by pair id (`XXBTZUSD`). */
export type AssetPairsResult = Record<string, AssetPairInfo>;

/** `GET /0/public/AssetPairs`: the pair limits the guard enforces (ordermin, tick size, leverage, position limits). */
export const AssetPairs = defineEndpoint<AssetPairsParams, AssetPairsResult>({
  name: 'AssetPairs',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('AssetPairs', params, ['pair', 'info', 'aclass_base', 'country_code']);
    w.optional('pair', commaList(toPair, { max: 500 }));
    w.optional('info', oneOf(['info', 'leverage', 'fees', 'margin']));
    w.optional('aclass_base', oneOf(['currency', 'tokenized_asset']));
    w.optional('country_code', (field, value) => {
      if (typeof value === 'string' && /^[A-Z]{2}$/.test(value)) return value;
      throw new ValidationError(field, value, 'an ISO 3166-1 alpha-2 code such as "DE"');
    });
    return w.done();
  },
  fromWire(result) {
    const pairs: AssetPairsResult = {};
    for (const [id, raw] of Object.entries(asRecord('AssetPairs', result))) {
      pairs[id] = toAssetPairInfo(new ResponseReader(`AssetPairs.${id}`, asRecord(`AssetPairs.${id}`, raw)));
    }
    return pairs;
  },
});

function toAssetPairInfo(r: ResponseReader): AssetPairInfo {
  const entry: Record<string, unknown> = {
    altname: r.string('altname'),
    wsname: r.string('wsname'),
    aclass_base: r.string('aclass_base'),
    base: r.string('base'),
    aclass_quote: r.string('aclass_quote'),
    quote: r.string('quote'),
    execution_venue: r.string('execution_venue'),
    pair_decimals: r.number('pair_decimals'),
    cost_decimals: r.number('cost_decimals'),
    lot_decimals: r.number('lot_decimals'),
    lot_multiplier: r.number('lot_multiplier'),
    leverage_buy: r.numbers('leverage_buy'),
    leverage_sell: r.numbers('leverage_sell'),
    fees: r.feeTiers('fees'),
    fees_maker: r.feeTiers('fees_maker'),
    fee_volume_currency: r.string('fee_volume_currency'),
    margin_call: r.number('margin_call'),
    margin_stop: r.number('margin_stop'),
    ordermin: r.decimal('ordermin'),
    costmin: r.decimal('costmin'),
    tick_size: r.decimal('tick_size'),
    status: r.string('status'),
    long_position_limit: r.number('long_position_limit'),
    short_position_limit: r.number('short_position_limit'),
  };
  // Drop absent fields so the typed entry has no `undefined` values (exactOptionalPropertyTypes).
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  return entry as AssetPairInfo;
}
