import { Decimal } from '@krakenkit/core';
import { z } from 'zod';
import type { Protection } from '../strategies/types.js';
import { botCandlesSchema } from './bot-candles.js';
import {
  boundsText,
  type DurationBounds,
  HOUR,
  isWithin,
  SECOND,
  SHUTDOWN_TIMEOUT,
  written,
} from './duration-bounds.js';
import { credentialRef, duration, filePath, label, money, permissionName, storeSpec } from './fields.js';

/** Kraken's intended uses of a key, as the client's key audit knows them. */
export const KEY_USES = ['read-only', 'trading', 'market-making', 'withdrawal'] as const;

/** Error strings that halt a running bot (a revoked, expired or wrong key; a lockout). */
export const DEFAULT_HALT_ON = ['EAPI:Invalid key', 'EAPI:Invalid signature', 'EGeneral:Temporary lockout'];

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const wsUrl = z.url({ protocol: /^wss?$/, error: 'expected a ws(s) URL' });

const mockExchangeSchema = z.strictObject({
  kind: z.literal('mock'),
  /** Seed of the simulated prices: the same seed gives the same price path. */
  seed: z.union([z.string(), z.number()]).optional(),
  /** Loopback port of the embedded exchange; 0 picks a free one. */
  port: z.number().int().min(0).max(65_535).default(0),
});

const krakenExchangeSchema = z.strictObject({
  kind: z.literal('kraken'),
  restUrl: httpUrl.default('https://api.kraken.com'),
  /**
   * WebSocket v2 endpoint of the market data. Default: Kraken's `wss://ws.kraken.com/v2` with Kraken's own
   * restUrl, else the restUrl's host at `/v2` (where the mock exchange serves it).
   */
  wsUrl: wsUrl.optional(),
});

export const exchangeSchema = z.discriminatedUnion('kind', [mockExchangeSchema, krakenExchangeSchema], {
  error: 'expected kind: mock or kind: kraken',
});

export const accountSchema = z.strictObject({
  /** Verification tier: margin eligibility, leverage cap, rate limits, withdrawal limit. */
  tier: z.enum(['starter', 'intermediate', 'pro']),
  /** Mock only: starting balances of the paper account, by asset (decimal strings). */
  balances: z.record(z.string(), money).optional(),
  /** Mock only: 30-day USD volume before the run (sets the starting fee tier). */
  volume30d: money.optional(),
});

export const keySchema = z.strictObject({
  /** What the key is for: the key audit measures its permissions against this. */
  use: z.enum(KEY_USES).default('trading'),
  /** The public API key: `{ env: NAME }` or `{ file: path }`. Not needed with the mock exchange. */
  apiKey: credentialRef.optional(),
  /** The private key (base64): `{ env: NAME }` or `{ file: path }`, never inline. Not needed with the mock. */
  secret: credentialRef.optional(),
  /** Permissions the key was created with on Kraken (labels or flags). */
  permissions: z.array(permissionName).min(1, { error: 'declare at least one permission' }),
  /** IPs/CIDRs the key is restricted to on Kraken (Kraken enforces it; audits read it). */
  ipAllowlist: z.array(z.string()).optional(),
  /** Why those addresses (for the audit report). */
  ipAllowlistNote: z.string().optional(),
  /** Kraken's nonce window setting of the key (0: strictly increasing). */
  nonceWindow: z.number().int().nonnegative().optional(),
  notes: z.string().optional(),
  /**
   * Accept `{ file: path }` credentials that group or others can read, with a warning (default: refused, as ssh
   * refuses such keys). `KRAKENKIT_ALLOW_INSECURE_SECRET_FILES=1` does the same for every key.
   */
  allowInsecureSecretFile: z.boolean().optional(),
});

export const keysSchema = z.record(label, keySchema);

/** A keys-only file (config/keys.example.yaml), for `krakenkit keys audit`. */
export const keysFileSchema = z.strictObject({ keys: keysSchema });

export const guardSectionSchema = z.strictObject({
  /** A guard rules YAML (the guard's own format, `loadGuardConfig`); relative to this file. */
  file: filePath.optional(),
  /** Inline guard rules, same keys as a guard YAML except `tier` (taken from account.tier); on top of `file`. */
  rules: z.record(z.string(), z.unknown()).optional(),
});

/** The shortest pollInterval (and dead man's switch refresh): a shorter one only burns CPU and REST calls. */
export const MIN_INTERVAL_MS = 100;
const DAY = 24 * HOUR;

/**
 * A duration within `bounds`. Every one feeds a timer or a per-cycle check: below the minimum the loop spins, and
 * Node fires a timer of more than 2^31 - 1 ms (24.8 days) at once, so no bound may pass that.
 */
function durationBetween(field: string, bounds: DurationBounds) {
  return duration.refine((ms) => isWithin(ms, bounds), {
    error: (issue) => `${field} must be ${boundsText(bounds)}, got ${written(issue.input as number)}`,
  });
}

const deadManSwitchSchema = z
  .strictObject({
    /** Every order is cancelled this long after the last refresh (whole seconds, below 24 h). */
    timeout: duration.default(60_000),
    /** How often the runner pushes the deadline back (100ms to 1h, and shorter than timeout). */
    refresh: durationBetween('refresh', { minMs: MIN_INTERVAL_MS, maxMs: HOUR }).default(20_000),
  })
  .refine((value) => value.timeout % 1000 === 0 && value.timeout >= 1000 && value.timeout < 86_400_000, {
    error: 'timeout must be whole seconds, from 1s to below 24h',
    path: ['timeout'],
  })
  .refine((value) => value.refresh < value.timeout, {
    error: 'refresh must be shorter than timeout',
    path: ['refresh'],
  });

export const runSchema = z.strictObject({
  /** Stop after this long (the CLI's --duration wins); unset: until Ctrl-C. */
  duration: duration.optional(),
  /** Market data and order status polling interval (100ms to 1h). */
  pollInterval: durationBetween('pollInterval', { minMs: MIN_INTERVAL_MS, maxMs: HOUR }).default(1_000),
  /**
   * Where market data comes from: `websocket` (ticker, trades, verified books and candles over WebSocket v2, REST
   * Ticker only while the socket is down) or `rest` (REST Ticker every pollInterval, REST OHLC for candles).
   */
  marketData: z.enum(['websocket', 'rest']).default('websocket'),
  /** Full reconciliation of the guard with the exchange (positions, orders, 30-day volume): 1s to 24h; 0s disables. */
  reconcileInterval: duration
    .refine((ms) => ms === 0 || (ms >= SECOND && ms <= DAY), {
      error: (issue) =>
        `reconcileInterval must be 0s (off) or from 1s to 24h, got ${written(issue.input as number)}`,
    })
    .default(30_000),
  /**
   * Dry run: every order still passes the guard, then goes to the exchange with Kraken's `validate: true`, so the
   * exchange checks it (key, permissions, pair rules, funds) and places nothing. For a first run on a live key.
   */
  validateOnly: z.boolean().default(false),
  /**
   * At shutdown: cancel the bots' open orders, or keep them resting for the next session to adopt (the dead man's
   * switch stays armed: Kraken cancels them once its timeout passes unless a session refreshes it).
   */
  onShutdown: z.enum(['cancel', 'keep']).default('cancel'),
  /**
   * The most a stop may take, from the stop request to the session's end: order outcomes still being reconciled
   * are waited for a share of it, then their orders are cancelled by cl_ord_id; calls still waiting at the end
   * are abandoned (see docs/runner.md, "Stopping within a bound").
   */
  shutdownTimeout: durationBetween('shutdownTimeout', SHUTDOWN_TIMEOUT).default(10_000),
  /**
   * Where each bot's orders, saved strategy state and leases are kept (`--store` wins): `memory`, a directory
   * (relative to this file) or a `redis://` URL. Default (CLI): the durable directory `.krakenkit/state/` in the
   * working directory.
   */
  store: storeSpec.optional(),
  /** At start, cancel the key's open orders no live session owns (they are always reported). */
  cancelOrphans: z.boolean().default(false),
  /** CancelAllOrdersAfter, refreshed while running; `false` turns it off. */
  deadManSwitch: z
    .union([z.literal(false), deadManSwitchSchema])
    .default({ timeout: 60_000, refresh: 20_000 }),
  /** Exchange errors that halt the bot at once (a revoked key). */
  haltOn: z.array(z.string().min(1)).default(DEFAULT_HALT_ON),
  /** JSONL audit trail of every guard decision; default .krakenkit/<config name>-audit.jsonl in the working dir. */
  auditLog: filePath.optional(),
  /** pino log file; default .krakenkit/<config name>.log in the working directory. */
  logFile: filePath.optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: live view on a TTY, plain lines otherwise. */
  status: z.enum(['auto', 'tty', 'plain']).default('auto'),
});

const OFFSET = /^(\d+(?:\.\d+)?)(%?)$/;

/**
 * A protection offset as written: `"2%"` (of the fill price) or `"150"` (quote currency, a quoted decimal like all
 * money), below `maxPercent` %. Parsed to Decimals.
 */
function protectionOffset(maxPercent: number) {
  return z
    .string({ error: 'expected a percentage such as "2%" or a price distance such as "150" (quoted)' })
    .superRefine((text, context) => {
      const match = OFFSET.exec(text.trim());
      if (match === null) {
        context.addIssue({
          code: 'custom',
          message: `expected a percentage such as "2%" or a price distance such as "150", got ${JSON.stringify(text)}`,
        });
        return;
      }
      const value = new Decimal(match[1] as string);
      if (!value.gt(0)) context.addIssue({ code: 'custom', message: 'expected an offset above zero' });
      else if (match[2] === '%' && value.gte(maxPercent))
        context.addIssue({ code: 'custom', message: `expected a percentage below ${maxPercent}%` });
    })
    .transform((text) => {
      const match = OFFSET.exec(text.trim()) as RegExpExecArray;
      const value = new Decimal(match[1] as string);
      return match[2] === '%' ? { percent: value } : { distance: value };
    });
}

/**
 * A bot's exchange-resident protection (`protect: { stopLoss: 2%, takeProfit: 4% }`): its strategy attaches it to
 * every entry (see docs/runner.md, "Protection on the exchange").
 */
export const protectSchema = z
  .strictObject({
    /** A stop-loss this far against the position (below 100 %). */
    stopLoss: protectionOffset(100).optional(),
    /** A take-profit this far in the position's favour (below 1000 %). */
    takeProfit: protectionOffset(1000).optional(),
    /** A trailing stop this far back from the best price since the fill (below 100 %); instead of stopLoss. */
    trailingStop: protectionOffset(100).optional(),
  })
  .refine((value) => !(value.stopLoss !== undefined && value.trailingStop !== undefined), {
    error: 'give stopLoss or trailingStop, not both (Kraken attaches one conditional close to an entry)',
    path: ['trailingStop'],
  })
  .refine((value) => Object.values(value).some((offset) => offset !== undefined), {
    error: 'give at least one of stopLoss, takeProfit or trailingStop',
  })
  .transform((value) => {
    const protect: Protection = {};
    for (const [leg, offset] of Object.entries(value))
      if (offset !== undefined) protect[leg as keyof Protection] = offset;
    return protect;
  });

export const botSchema = z.strictObject({
  name: label,
  /** Name of a declared key the bot trades with. */
  key: label,
  /** A registered strategy: grid, dca, margin-trend, or your own. */
  strategy: z.string().min(1),
  /** Any Kraken name of each pair: XBT/USD, XBTUSD, XXBTZUSD, BTC/USD. */
  pairs: z.array(z.string().min(1)).min(1, { error: 'give at least one pair' }),
  /** The strategy's params, validated by the strategy. */
  params: z.record(z.string(), z.unknown()).default({}),
  enabled: z.boolean().default(true),
  /**
   * This bot's loss limits (`maxDailyLossUsd`, `maxDrawdownUsd`): the guard's `lossLimits.bots.<name>`, validated
   * by the guard and placed here in errors.
   */
  limits: z.record(z.string(), z.unknown()).optional(),
  /** Stop-loss / take-profit / trailing stop resting on the exchange for every position the bot opens. */
  protect: protectSchema.optional(),
  /** Candle series the bot wants on each of its pairs (`{ intervals: [5m, 1h], keep: 300 }`), besides its strategy's. */
  candles: botCandlesSchema.optional(),
});

/** The whole bot file. */
export const botFileSchema = z.strictObject({
  exchange: exchangeSchema.default({ kind: 'mock', port: 0 }),
  account: accountSchema,
  keys: keysSchema.optional(),
  /** A keys file (`keys:` only) to take key declarations from; relative to this file. */
  keysFile: filePath.optional(),
  guard: guardSectionSchema.default({}),
  run: runSchema.default(runSchema.parse({})),
  bots: z.array(botSchema).min(1, { error: 'declare at least one bot' }),
});

/** The `exchange` section, validated: the embedded mock or Kraken. */
export type ExchangeConfig = z.output<typeof exchangeSchema>;
/** The `account` section, validated: tier, paper balances and 30-day volume. */
export type AccountConfig = z.output<typeof accountSchema>;
/** One entry of the `keys` section, validated. */
export type KeyConfig = z.output<typeof keySchema>;
/** The `run` section, validated: duration, polling, shutdown, dead man's switch and outputs. */
export type RunConfig = z.output<typeof runSchema>;
export type GuardSection = z.output<typeof guardSectionSchema>;
export type BotEntry = z.output<typeof botSchema>;
export type BotFile = z.output<typeof botFileSchema>;
/** The config as written (before defaults): what `defineBotConfig` accepts. */
export type BotFileInput = z.input<typeof botFileSchema>;
