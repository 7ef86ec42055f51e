import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError } from '../src/errors/index.js';
import { createRateLimiter } from '../src/rate-limit/limiter.js';
import {
  DEFAULT_HISTORY_COST,
  KRAKEN_TIER_LIMITS,
  resolveTierLimits,
  type TierName,
} from '../src/rate-limit/tiers.js';

// The tier table every package reads: @krakenkit/core's shipped data file.
const tiersYaml = parse(
  readFileSync(createRequire(import.meta.url).resolve('@krakenkit/core/data/tiers.yaml'), 'utf8'),
) as Record<TierName, { rest: unknown; trading: unknown }>;

describe('tier limits', () => {
  it("are @krakenkit/core's data/tiers.yaml, tier by tier (no second copy to drift)", () => {
    expect(Object.keys(tiersYaml).sort()).toEqual(Object.keys(KRAKEN_TIER_LIMITS).sort());
    for (const tier of ['starter', 'intermediate', 'pro'] as const) {
      expect(KRAKEN_TIER_LIMITS[tier].rest, tier).toEqual(tiersYaml[tier].rest);
      expect(KRAKEN_TIER_LIMITS[tier].trading, tier).toEqual(tiersYaml[tier].trading);
    }
  });

  it("hold Kraken's documented numbers (docs/kraken/rate-limits.md)", () => {
    expect(KRAKEN_TIER_LIMITS.starter).toEqual({
      rest: { max: 15, decayPerSecond: 0.33 },
      trading: { threshold: 60, decayPerSecond: 1, maxOpenOrdersPerPair: 60 },
    });
    expect(KRAKEN_TIER_LIMITS.intermediate.trading).toEqual({
      threshold: 125,
      decayPerSecond: 2.34,
      maxOpenOrdersPerPair: 80,
    });
    expect(KRAKEN_TIER_LIMITS.pro.rest).toEqual({ max: 20, decayPerSecond: 1 });
    expect(DEFAULT_HISTORY_COST).toBe(4);
  });

  it('can be overridden field by field, the rest keeping the documented value', () => {
    const limits = resolveTierLimits('pro', {
      rest: { decayPerSecond: 0.5 },
      trading: { maxOpenOrdersPerPair: 10 },
    });
    expect(limits).toEqual({
      rest: { max: 20, decayPerSecond: 0.5 },
      trading: { threshold: 180, decayPerSecond: 3.75, maxOpenOrdersPerPair: 10 },
    });
    expect(KRAKEN_TIER_LIMITS.pro.rest.decayPerSecond).toBe(1);
    expect(
      createRateLimiter({ tier: 'pro', limits: { trading: { threshold: 100 } } }).limits.trading.threshold,
    ).toBe(100);
  });

  it('reject invalid overrides with a ConfigError naming every bad field', () => {
    const attempt = () =>
      resolveTierLimits('starter', {
        rest: { max: 0 },
        trading: { decayPerSecond: Number.NaN, maxOpenOrdersPerPair: 2.5 },
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual([
        'limits.rest.max',
        'limits.trading.decayPerSecond',
        'limits.trading.maxOpenOrdersPerPair',
      ]);
    }
    expect(() => resolveTierLimits('gold' as TierName)).toThrow(/unknown tier "gold"/);
  });

  it('take the history cost from the options (sources say 2 or 4) and refuse one the counter cannot hold', () => {
    expect(createRateLimiter({ tier: 'starter' }).historyCost).toBe(4);
    expect(createRateLimiter({ tier: 'starter', historyCost: 2 }).historyCost).toBe(2);
    expect(() => createRateLimiter({ tier: 'starter', historyCost: 0 })).toThrow(ConfigError);
    expect(() => createRateLimiter({ tier: 'starter', historyCost: 16 })).toThrow(
      /exceeds the REST counter max 15/,
    );
  });
});
