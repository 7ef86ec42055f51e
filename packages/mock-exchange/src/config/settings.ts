import {
  DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD,
  readSingleCancelOverThreshold,
  type SingleCancelOverThreshold,
} from '../rate-limit/cancel-policy.js';
import { MockConfigError } from './config-error.js';
import { assign } from './markets.js';
import { optionalDecimalText, optionalInteger, optionalRecord } from './readers.js';

/** Simulation settings (config/mock-exchange.yaml `settings`). */
export interface ExchangeSettings {
  /** Exchange-clock milliseconds between two random-walk price steps. */
  stepMs: number;
  /** REST counter cost of history calls; sources say 2 or 4 (docs/kraken/rate-limits.md). */
  historyCost: number;
  /**
   * Whether a single cancel (CancelOrder, WebSocket `cancel_order`) over the matching-engine threshold is
   * refused (`rejected`, default: Kraken documents only batch cancels as accepted) or `accepted`. UNCONFIRMED.
   */
  singleCancelOverThreshold: SingleCancelOverThreshold;
  /** Margin opening fee, percent of position cost. UNCONFIRMED value. */
  marginOpeningFeePercent: string;
  /** Margin rollover fee, percent of position cost per `rolloverHours`. UNCONFIRMED value. */
  marginRolloverFeePercent: string;
  rolloverHours: number;
  /** Seconds until a withdrawal settles (Initial → Success). */
  withdrawalSettleSeconds: number;
  /** GetWebSocketsToken `expires`. */
  wsTokenTtlSeconds: number;
}

/** The exchange settings used where the options and the data files give none. */
export const DEFAULT_SETTINGS: Readonly<ExchangeSettings> = {
  stepMs: 1000,
  historyCost: 4,
  singleCancelOverThreshold: DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD,
  marginOpeningFeePercent: '0.02',
  marginRolloverFeePercent: '0.02',
  rolloverHours: 4,
  withdrawalSettleSeconds: 60,
  wsTokenTtlSeconds: 900,
};

export function readSettings(value: unknown, path: string): Partial<ExchangeSettings> {
  const s = optionalRecord(value, path) ?? {};
  const out: Partial<ExchangeSettings> = {};
  assign(out, 'stepMs', optionalInteger(s['stepMs'], `${path}.stepMs`));
  assign(out, 'historyCost', optionalInteger(s['historyCost'], `${path}.historyCost`));
  assign(
    out,
    'singleCancelOverThreshold',
    readSingleCancelOverThreshold(s['singleCancelOverThreshold'], `${path}.singleCancelOverThreshold`),
  );
  assign(
    out,
    'marginOpeningFeePercent',
    optionalDecimalText(s['marginOpeningFeePercent'], `${path}.marginOpeningFeePercent`),
  );
  assign(
    out,
    'marginRolloverFeePercent',
    optionalDecimalText(s['marginRolloverFeePercent'], `${path}.marginRolloverFeePercent`),
  );
  assign(out, 'rolloverHours', optionalInteger(s['rolloverHours'], `${path}.rolloverHours`));
  assign(
    out,
    'withdrawalSettleSeconds',
    optionalInteger(s['withdrawalSettleSeconds'], `${path}.withdrawalSettleSeconds`),
  );
  assign(out, 'wsTokenTtlSeconds', optionalInteger(s['wsTokenTtlSeconds'], `${path}.wsTokenTtlSeconds`));
  if (out.stepMs !== undefined && out.stepMs <= 0) throw new MockConfigError(`${path}.stepMs`, 'must be > 0');
  return out;
}
