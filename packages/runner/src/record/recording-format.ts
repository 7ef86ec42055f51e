/**
 * The file `krakenkit record` writes and `krakenkit backtest` reads: JSON lines. The first line is the header,
 * every other line one WebSocket v2 message for one symbol as it was received (decimal values as text), and a
 * clean stop adds an `end` line:
 *
 *     {"format":"krakenkit-recording","version":1,"source":"mock","startedAt":…,"pairs":[…],"channels":[…],"intervals":[1],"maxBytes":…}
 *     {"t":1767225600123,"channel":"ticker","type":"update","symbol":"BTC/USD","data":[{"bid":"…","ask":"…",…}]}
 *     {"end":{"t":…,"reason":"duration","messages":1234}}
 */
export const RECORDING_FORMAT = 'krakenkit-recording';
/** The version this runner writes and reads. */
export const RECORDING_VERSION = 1;

/** The channels a recording holds. */
export const RECORDED_CHANNELS = ['ticker', 'trade', 'ohlc'] as const;
export type RecordedChannel = (typeof RECORDED_CHANNELS)[number];

/** The first line of a recording. */
export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  /** Where the feed came from: the embedded mock exchange or Kraken. */
  source: 'mock' | 'kraken';
  /** Epoch ms when recording began. */
  startedAt: number;
  /** Each recorded pair: its AssetPairs id and the WebSocket v2 symbol it was subscribed as. */
  pairs: Array<{ id: string; symbol: string }>;
  channels: RecordedChannel[];
  /** `ohlc` intervals recorded, in minutes. */
  intervals: number[];
  /** The size the file was bounded to, in bytes. */
  maxBytes: number;
}

/** One recorded message. */
export interface RecordedMessage {
  /** Epoch ms when it was received. */
  t: number;
  channel: RecordedChannel;
  type: 'snapshot' | 'update';
  symbol: string;
  data: Array<Record<string, unknown>>;
}

/** Why a recording ended. */
export type RecordingEndReason = 'duration' | 'size' | 'stopped' | 'failed';

/** The last line of a recording that stopped cleanly. */
export interface RecordingEnd {
  end: { t: number; reason: RecordingEndReason; messages: number };
}
