import {
  AllowanceTable,
  type CurrencyAllowanceInput,
  loadAllowanceTable,
  loadTierTable,
  type TierInput,
} from '@krakenkit/core';
import type { z } from 'zod';
import { type ConfigurableCodes, DEFAULT_CONFIGURABLE_CODES } from '../codes.js';
import { type Dec, toDecimal, toOptionalDecimal } from '../decimal.js';
import type { PairOverride } from '../pairs/pair-override.js';
import type { TradingState } from '../state/trading-state.js';
import { compileTier, type TierLimits } from '../tables/tier-table.js';
import type { guardConfigSchema } from './schema.js';

type ParsedConfig = z.output<typeof guardConfigSchema>;

/** Sanity limits: the guard's own caps, beyond what Kraken enforces. Unset means no cap. */
export interface SanityLimits {
  priceBandBps: number | undefined;
  /** Per-order notional cap as a percentage of account equity (valued in USD). */
  maxOrderEquityPercent: number | undefined;
  /** Per quote currency (table name). */
  maxOrderNotional: ReadonlyMap<string, Dec>;
  maxPairNotional: ReadonlyMap<string, Dec>;
  maxOpenOrdersPerPair: number | undefined;
  /** Share of the tier's matching-engine threshold the guard lets orders use (1 = all of it). */
  orderRateBudget: number;
  referencePriceMaxAgeMs: number | undefined;
}

export interface WithdrawalPolicy {
  /** Withdrawal key names (Kraken's allow-listed address labels) the guard lets withdrawals go to. */
  allowedKeys: ReadonlySet<string>;
  /** API key names declared for trading, refused for withdrawals even if their permissions say otherwise. */
  tradingKeyNames: ReadonlySet<string>;
  /** Rolling 24-hour USD limit: the tier's, or lower when configured. */
  dailyUsd: Dec;
  /** Currencies priced at 1 USD without a tracked price. */
  usdPegged: ReadonlySet<string>;
  /** Refuse a withdrawal whose API key is not stated (the guard cannot tell it is not a trading key). */
  requireApiKey: boolean;
}

/** One scope's loss limits (a bot's, or the account's), in USD; unset means no limit. */
export interface LossLimit {
  dailyLossUsd: Dec | undefined;
  drawdownUsd: Dec | undefined;
  /** The account only: drawdown as a percentage of its peak equity. */
  drawdownPercent: number | undefined;
}

/** Daily-loss and drawdown limits: the account's, and each bot's by name. */
export interface LossLimits {
  account: LossLimit | undefined;
  bots: ReadonlyMap<string, LossLimit>;
}

export interface RoundingPolicy {
  volume: 'reject' | 'round-down';
  price: 'reject' | 'round-passive';
}

/** The guard's configuration after validation, with tables compiled for the account's tier. */
export interface CompiledRules {
  tier: TierLimits;
  table: AllowanceTable;
  pairOverrides: Readonly<Record<string, PairOverride>>;
  sanity: SanityLimits;
  withdrawal: WithdrawalPolicy;
  rounding: RoundingPolicy;
  codes: ConfigurableCodes;
  tradingState: TradingState;
  lossLimits: LossLimits;
}

export function compileRules(config: ParsedConfig): CompiledRules {
  const table = new AllowanceTable({ currencies: allowanceRows(config) }, config.tier);
  const tier = compileTier({ ...loadTierTable(), ...config.tierTable, ...patchedTiers(config) }, config.tier);
  const sanity = config.sanity ?? {};
  const withdrawal = config.withdrawal ?? {};
  return {
    tier,
    table,
    pairOverrides: config.pairs ?? {},
    sanity: {
      priceBandBps: sanity.priceBandBps === false ? undefined : sanity.priceBandBps,
      maxOrderEquityPercent:
        sanity.maxOrderEquityPercent === false ? undefined : sanity.maxOrderEquityPercent,
      maxOrderNotional: currencyMap(table, 'sanity.maxOrderNotional', sanity.maxOrderNotional),
      maxPairNotional: currencyMap(table, 'sanity.maxPairNotional', sanity.maxPairNotional),
      maxOpenOrdersPerPair: sanity.maxOpenOrdersPerPair,
      orderRateBudget: sanity.orderRateBudget ?? 1,
      referencePriceMaxAgeMs: sanity.referencePriceMaxAgeMs,
    },
    withdrawal: {
      allowedKeys: new Set(withdrawal.allowedKeys ?? []),
      tradingKeyNames: new Set(withdrawal.tradingKeyNames ?? []),
      dailyUsd: lower(tier.withdrawalDailyUsd, withdrawal.dailyUsd),
      usdPegged: new Set((withdrawal.usdPegged ?? ['USD']).map((c) => table.currencyOf(c))),
      requireApiKey: withdrawal.requireApiKey ?? true,
    },
    rounding: { volume: config.rounding?.volume ?? 'reject', price: config.rounding?.price ?? 'reject' },
    codes: { ...DEFAULT_CONFIGURABLE_CODES, ...definedOnly(config.codes ?? {}) },
    tradingState: config.tradingState ?? 'ACTIVE',
    lossLimits: compileLossLimits(config.lossLimits),
  };
}

function compileLossLimits(input: ParsedConfig['lossLimits']): LossLimits {
  const limit = (where: string, raw: NonNullable<NonNullable<ParsedConfig['lossLimits']>['account']>) => ({
    dailyLossUsd: toOptionalDecimal(`${where}.maxDailyLossUsd`, raw.maxDailyLossUsd),
    drawdownUsd: toOptionalDecimal(`${where}.maxDrawdownUsd`, raw.maxDrawdownUsd),
    drawdownPercent: raw.maxDrawdownPercent,
  });
  const bots = new Map<string, LossLimit>();
  for (const [name, raw] of Object.entries(input?.bots ?? {}))
    bots.set(name, limit(`lossLimits.bots.${name}`, raw));
  return {
    account: input?.account === undefined ? undefined : limit('lossLimits.account', input.account),
    bots,
  };
}

// The tier's own table replaces `currencies` when present; `allowances:` then patches single rows on top.
function allowanceRows(config: ParsedConfig): Record<string, CurrencyAllowanceInput> {
  const source = config.allowanceTable ?? loadAllowanceTable();
  const rows: Record<string, CurrencyAllowanceInput> = {
    ...(source.tiers?.[config.tier] ?? source.currencies),
  };
  for (const [currency, patch] of Object.entries(config.allowances ?? {})) {
    rows[currency] = { ...rows[currency], ...definedOnly(patch), allowance: patch.allowance };
  }
  return rows;
}

function patchedTiers(config: ParsedConfig): Partial<Record<ParsedConfig['tier'], TierInput>> {
  const base = config.tierTable ?? loadTierTable();
  const out: Partial<Record<ParsedConfig['tier'], TierInput>> = {};
  for (const [name, patch] of Object.entries(config.tierLimits ?? {}) as [
    ParsedConfig['tier'],
    TierPatch,
  ][]) {
    if (patch === undefined) continue;
    const row = base[name];
    out[name] = {
      ...row,
      margin: patch.margin ?? row.margin,
      maxLeverage: patch.maxLeverage ?? row.maxLeverage,
      withdrawalDailyUsd: patch.withdrawalDailyUsd ?? row.withdrawalDailyUsd,
      trading: { ...row.trading, ...definedOnly(patch.trading ?? {}) },
    };
  }
  return out;
}

type TierPatch = NonNullable<NonNullable<ParsedConfig['tierLimits']>[ParsedConfig['tier']]>;

function currencyMap(table: AllowanceTable, field: string, input: Record<string, string> | undefined) {
  const map = new Map<string, Dec>();
  for (const [currency, amount] of Object.entries(input ?? {})) {
    map.set(table.currencyOf(currency), toDecimal(`${field}.${currency}`, amount));
  }
  return map;
}

function lower(limit: Dec, configured: string | undefined): Dec {
  if (configured === undefined) return limit;
  const value = toDecimal('withdrawal.dailyUsd', configured);
  return value.lt(limit) ? value : limit;
}

type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** A patch without its unset fields, so spreading it never overwrites a value with `undefined`. */
function definedOnly<T extends object>(value: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as Defined<T>;
}
