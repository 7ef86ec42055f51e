import { z } from 'zod';
import { type AssetPairsRaw, PAIR_STATUSES } from '../pairs/asset-pairs-raw.js';
import { TRADING_STATES } from '../state/trading-state.js';
import { TIER_NAMES } from '../tables/tier-names.js';

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Money and quantities: decimal strings only. A YAML number (unquoted) is refused, as a JS number would be. */
export const money = z.custom<string>((value) => typeof value === 'string' && DECIMAL_TEXT.test(value), {
  error: (issue) =>
    typeof issue.input === 'number'
      ? `expected a decimal string, got number ${issue.input} (quote it: "${issue.input}"; money is never a float)`
      : `expected a non-negative decimal string such as "0.25", got ${describe(issue.input)}`,
});

const count = z.number().int().nonnegative();
const leverageList = z.array(z.number().int().positive()).readonly();
const code = z
  .string()
  .regex(/^[EW][A-Za-z]+:/, { error: 'expected a Kraken-style code such as "EOrder:..."' });

const currencyAllowanceSchema = z.strictObject({
  allowance: money,
  fiat: z.boolean().optional(),
  reduceOnly: z.boolean().optional(),
  aliases: z.array(z.string()).optional(),
});

const allowanceRows = z.record(z.string(), currencyAllowanceSchema);

/** The shape of config/margin-allowances.yaml. */
export const allowanceTableSchema = z.strictObject({
  currencies: allowanceRows,
  tiers: z
    .strictObject({
      starter: allowanceRows.optional(),
      intermediate: allowanceRows.optional(),
      pro: allowanceRows.optional(),
    })
    .optional(),
});

const tradingCounterSchema = z.strictObject({
  threshold: z.number().positive(),
  decayPerSecond: z.number().nonnegative(),
  maxOpenOrdersPerPair: count,
});

const tierSchema = z.strictObject({
  margin: z.boolean(),
  maxLeverage: z.number().int().positive(),
  withdrawalDailyUsd: money,
  fiatDepositDailyUsd: money.optional(),
  rest: z.strictObject({ max: z.number().positive(), decayPerSecond: z.number().nonnegative() }).optional(),
  trading: tradingCounterSchema,
});

/** The shape of config/tiers.yaml. */
export const tierTableSchema = z.strictObject({
  starter: tierSchema,
  intermediate: tierSchema,
  pro: tierSchema,
});

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
