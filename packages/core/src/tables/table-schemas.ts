import { z } from 'zod';
import { moneySchema } from '../money/money-schema.js';

const count = z.number().int().nonnegative();

const currencyAllowanceSchema = z.strictObject({
  allowance: moneySchema,
  fiat: z.boolean().optional(),
  reduceOnly: z.boolean().optional(),
  aliases: z.array(z.string()).optional(),
});

/** Rows of an allowance table: currency → `{ allowance, fiat?, reduceOnly?, aliases? }`. */
export const allowanceRowsSchema = z.record(z.string(), currencyAllowanceSchema);

/** The shape of data/margin-allowances.yaml (and of a user's own allowance table). */
export const allowanceTableSchema = z.strictObject({
  currencies: allowanceRowsSchema,
  tiers: z
    .strictObject({
      starter: allowanceRowsSchema.optional(),
      intermediate: allowanceRowsSchema.optional(),
      pro: allowanceRowsSchema.optional(),
    })
    .optional(),
});

/** A tier's matching-engine counter: threshold, decay per second, open orders per pair. */
export const tradingCounterSchema = z.strictObject({
  threshold: z.number().positive(),
  decayPerSecond: z.number().nonnegative(),
  maxOpenOrdersPerPair: count,
});

const tierSchema = z.strictObject({
  margin: z.boolean(),
  maxLeverage: z.number().int().positive(),
  withdrawalDailyUsd: moneySchema,
  fiatDepositDailyUsd: moneySchema.optional(),
  rest: z.strictObject({ max: z.number().positive(), decayPerSecond: z.number().nonnegative() }).optional(),
  trading: tradingCounterSchema,
});

/** The shape of data/tiers.yaml (and of a user's own tier table). */
export const tierTableSchema = z.strictObject({
  starter: tierSchema,
  intermediate: tierSchema,
  pro: tierSchema,
});

/** The shape of data/fees.yaml (and of a user's own fee schedule). */
export const feeScheduleSchema = z.strictObject({
  volumeCurrency: z.string().min(1),
  tiers: z.array(z.strictObject({ volume: moneySchema, maker: moneySchema, taker: moneySchema })).min(1),
});
