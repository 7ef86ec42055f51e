import {
  type AssetPairsRaw,
  allowanceRowsSchema,
  allowanceTableSchema,
  moneySchema as money,
  PAIR_STATUSES,
  TIER_NAMES,
  tierTableSchema,
  tradingCounterSchema,
} from '@krakenkit/core';
import { z } from 'zod';
import { TRADING_STATES } from '../state/trading-state.js';

const count = z.number().int().nonnegative();
const leverageList = z.array(z.number().int().positive()).readonly();
const code = z
  .string()
  .regex(/^[EW][A-Za-z]+:/, { error: 'expected a Kraken-style code such as "EOrder:..."' });

export { allowanceTableSchema, tierTableSchema };

const allowanceRows = allowanceRowsSchema;

const tierPatchSchema = z.strictObject({
  margin: z.boolean().optional(),
  maxLeverage: z.number().int().positive().optional(),
  withdrawalDailyUsd: money.optional(),
  trading: tradingCounterSchema.partial().optional(),
});

const pairOverrideSchema = z.strictObject({
  base: z.string().optional(),
  quote: z.string().optional(),
  status: z.enum(PAIR_STATUSES).optional(),
  ordermin: money.optional(),
  costmin: money.optional(),
  tickSize: money.optional(),
  pairDecimals: count.optional(),
  lotDecimals: count.optional(),
  leverageBuy: leverageList.optional(),
  leverageSell: leverageList.optional(),
  longPositionLimit: money.optional(),
  shortPositionLimit: money.optional(),
  maxLeverage: z.number().int().positive().optional(),
  maxOrderNotional: money.optional(),
  maxPairNotional: money.optional(),
  maxOpenOrders: count.optional(),
  priceBandBps: z.number().positive().optional(),
});

/** One raw AssetPairs entry: Kraken's own field names; fields the guard does not read are let through. */
const assetPairRawSchema = z.looseObject({
  altname: z.string().optional(),
  wsname: z.string().optional(),
  base: z.string().optional(),
  quote: z.string().optional(),
  pair_decimals: count.optional(),
  lot_decimals: count.optional(),
  leverage_buy: leverageList.optional(),
  leverage_sell: leverageList.optional(),
  ordermin: money.optional(),
  costmin: money.optional(),
  tick_size: money.optional(),
  status: z.string().optional(),
  long_position_limit: count.optional(),
  short_position_limit: count.optional(),
});

const sanitySchema = z.strictObject({
  priceBandBps: z.number().positive().optional(),
  maxOrderNotional: z.record(z.string(), money).optional(),
  maxPairNotional: z.record(z.string(), money).optional(),
  maxOpenOrdersPerPair: count.optional(),
  orderRateBudget: z.number().gt(0).lte(1).optional(),
  referencePriceMaxAgeMs: z.number().int().positive().optional(),
});

const withdrawalSchema = z.strictObject({
  allowedKeys: z.array(z.string()).optional(),
  tradingKeyNames: z.array(z.string()).optional(),
  dailyUsd: money.optional(),
  usdPegged: z.array(z.string()).optional(),
  requireApiKey: z.boolean().optional(),
});

/** Every setting of the guard. See config/guard.example.yaml for each one explained. */
export const guardConfigSchema = z.strictObject({
  tier: z.enum(TIER_NAMES),
  tradingState: z.enum(TRADING_STATES).optional(),
  allowanceTable: allowanceTableSchema.optional(),
  allowances: allowanceRows.optional(),
  tierTable: tierTableSchema.optional(),
  tierLimits: z
    .strictObject({
      starter: tierPatchSchema.optional(),
      intermediate: tierPatchSchema.optional(),
      pro: tierPatchSchema.optional(),
    })
    .optional(),
  pairs: z.record(z.string(), pairOverrideSchema).optional(),
  assetPairs: z.record(z.string(), assetPairRawSchema).optional(),
  sanity: sanitySchema.optional(),
  rounding: z
    .strictObject({
      volume: z.enum(['reject', 'round-down']).optional(),
      price: z.enum(['reject', 'round-passive']).optional(),
    })
    .optional(),
  withdrawal: withdrawalSchema.optional(),
  codes: z
    .strictObject({
      reduceOnlyCannotIncrease: code.optional(),
      reduceOnlyNoPosition: code.optional(),
      limitOnlyMarketOrder: code.optional(),
    })
    .optional(),
});

/**
 * The guard's rules as data: what `loadGuardConfig` returns and `createGuard` takes. `assetPairs` is Kraken's raw
 * AssetPairs result (the client's `AssetPairsResult` fits as is).
 */
export type GuardConfig = Omit<z.input<typeof guardConfigSchema>, 'assetPairs'> & {
  assetPairs?: AssetPairsRaw;
};

/** A guard YAML file may also name the tables to load instead of the defaults (paths relative to the file). */
export const guardFileSchema = guardConfigSchema.extend({
  allowancesFile: z.string().optional(),
  tiersFile: z.string().optional(),
});
