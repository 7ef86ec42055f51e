import { type Decimal, dec } from '../core/decimal.js';
import { MockConfigError } from './config-error.js';
import { bool, decimalText, finiteNumber, integer, record } from './readers.js';

export const TIER_NAMES = ['starter', 'intermediate', 'pro'] as const;
/** Kraken verification tier. */
export type TierName = (typeof TIER_NAMES)[number];

/** What a verification tier allows (data/tiers.yaml of @krakenkit/core). */
export interface TierRules {
  margin: boolean;
  maxLeverage: number;
  withdrawalDailyUsd: Decimal;
  rest: { max: number; decayPerSecond: number };
  trading: { threshold: number; decayPerSecond: number; maxOpenOrdersPerPair: number };
}

export type TierTable = Readonly<Record<TierName, TierRules>>;

/** Reads the tiers document (the shape of data/tiers.yaml in @krakenkit/core). */
export function readTierTable(doc: unknown, path = 'tiers.yaml'): TierTable {
  const root = record(doc, path);
  const out = {} as Record<TierName, TierRules>;
  for (const name of TIER_NAMES) {
    if (root[name] === undefined) throw new MockConfigError(`${path}.${name}`, 'tier missing');
    out[name] = readTier(root[name], `${path}.${name}`);
  }
  return out;
}

function readTier(value: unknown, path: string): TierRules {
  const tier = record(value, path);
  const rest = record(tier['rest'], `${path}.rest`);
  const trading = record(tier['trading'], `${path}.trading`);
  return {
    margin: bool(tier['margin'], `${path}.margin`, false),
    maxLeverage: integer(tier['maxLeverage'], `${path}.maxLeverage`),
    withdrawalDailyUsd: dec(decimalText(tier['withdrawalDailyUsd'], `${path}.withdrawalDailyUsd`)),
    rest: {
      max: finiteNumber(rest['max'], `${path}.rest.max`),
      decayPerSecond: finiteNumber(rest['decayPerSecond'], `${path}.rest.decayPerSecond`),
    },
    trading: {
      threshold: finiteNumber(trading['threshold'], `${path}.trading.threshold`),
      decayPerSecond: finiteNumber(trading['decayPerSecond'], `${path}.trading.decayPerSecond`),
      maxOpenOrdersPerPair: integer(trading['maxOpenOrdersPerPair'], `${path}.trading.maxOpenOrdersPerPair`),
    },
  };
}
