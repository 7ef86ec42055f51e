import { type AssetPairsRaw, PAIR_STATUSES, TIER_NAMES } from '@krakenkit/core';
import {
  allowanceRowsSchema,
  allowanceTableSchema,
  hiddenNameNote,
  looksLikeSecret,
  moneySchema as money,
  tierTableSchema,
  tradingCounterSchema,
} from '@krakenkit/core/config';
import { z } from 'zod';
import { TRADING_STATES } from '../state/trading-state.js';

const count = z.number().int().nonnegative();
/** A price band in basis points, or `false`: no band (where a default or a wider setting would give one). */
const band = z.union([z.number().positive(), z.literal(false)]);
const percent = z.number().gt(0).lte(100);
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
  priceBandBps: band.optional(),
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
  priceBandBps: band.optional(),
  /** Largest notional of one order as a percentage of account equity (USD); `false`: none. */
  maxOrderEquityPercent: z.union([percent, z.literal(false)]).optional(),
  maxOrderNotional: z.record(z.string(), money).optional(),
  maxPairNotional: z.record(z.string(), money).optional(),
  maxOpenOrdersPerPair: count.optional(),
  orderRateBudget: z.number().gt(0).lte(1).optional(),
  referencePriceMaxAgeMs: z.number().int().positive().optional(),
});

/** Loss limits of one bot, in USD: over the UTC day, and from its peak PnL. */
const botLossLimitsSchema = z.strictObject({
  maxDailyLossUsd: money.optional(),
  maxDrawdownUsd: money.optional(),
});

/** The account's loss limits; its drawdown may also be a percentage of its peak equity. */
const accountLossLimitsSchema = botLossLimitsSchema.extend({
  maxDrawdownPercent: percent.optional(),
});

const lossLimitsSchema = z.strictObject({
  account: accountLossLimitsSchema.optional(),
  bots: z.record(z.string().min(1), botLossLimitsSchema).optional(),
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
  /** Daily-loss and max-drawdown halts, per bot and for the account (USD). */
  lossLimits: lossLimitsSchema.optional(),
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

// A secret pasted where a path goes would be echoed by "cannot read <path>": refused here, never shown.
const tablePath = z.string().refine((path) => !looksLikeSecret(path), {
  error: (issue) => `not a usable file path ${hiddenNameNote(String(issue.input))}`,
});

/** A guard YAML file may also name the tables to load instead of the defaults (paths relative to the file). */
export const guardFileSchema = guardConfigSchema.extend({
  allowancesFile: tablePath.optional(),
  tiersFile: tablePath.optional(),
});
