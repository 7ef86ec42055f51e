import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OhlcInterval } from '@krakenkit/client';
import { createWsClient, type SymbolEvent } from '@krakenkit/client/ws';
import type { Logger } from 'pino';
import {
  RECORDED_CHANNELS,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type RecordedChannel,
  type RecordedMessage,
  type RecordingEnd,
  type RecordingEndReason,
  type RecordingHeader,
} from './recording-format.js';

/** What `krakenkit record` records, from where, into which file, and for how long at most. */
export interface RecordOptions {
  /** The WebSocket v2 endpoint: the embedded mock's, or Kraken's public one. */
  wsUrl: string;
  source: 'mock' | 'kraken';
  /** Each pair's AssetPairs id and the WebSocket v2 symbol to subscribe it as (`BTC/USD`). */
  pairs: ReadonlyArray<{ id: string; symbol: string }>;
  channels?: readonly RecordedChannel[];
  /** `ohlc` intervals in minutes (default 1). */
  intervals?: readonly OhlcInterval[];
  out: string;
  /** The file never grows past this many bytes: recording stops first. */
  maxBytes: number;
  /** Stop after this long (ms). */
  durationMs?: number;
  /** Stops the recording when aborted (Ctrl-C). */
  signal?: AbortSignal;
  logger?: Logger;
  /** Epoch-ms clock stamped on each message (default Date.now). */
  now?: () => number;
  /** Told of each message written (the count so far). */
  onMessage?: (messages: number) => void;
}

/** How a recording ended. */
export interface RecordSummary {
  file: string;
  reason: RecordingEndReason;
  messages: number;
  bytes: number;
}

// Room kept for the end line, so a recording stopped by its size still ends cleanly within the bound.
const END_LINE_ROOM = 200;

/**
 * Records a WebSocket v2 feed (ticker, trades, ohlc) of some pairs into a JSON-lines file the backtester reads
 * (see recording-format.ts): a header, then each message as received with the time it arrived. It stops at
 * `durationMs`, before the file would pass `maxBytes`, or when `signal` aborts, and always ends the file with an
 * `end` line; a feed that fails ends it with reason `failed` and rethrows.
 */
export async function recordFeed(options: RecordOptions): Promise<RecordSummary> {
  const now = options.now ?? Date.now;
  const channels = options.channels ?? RECORDED_CHANNELS;
  const intervals = options.intervals ?? [1];
  const file = new RecordingFile(options.out, options.maxBytes);
  file.write({
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    source: options.source,
    startedAt: now(),
    pairs: options.pairs.map(({ id, symbol }) => ({ id, symbol })),
    channels: [...channels],
    intervals: channels.includes('ohlc') ? [...intervals] : [],
    maxBytes: options.maxBytes,
  } satisfies RecordingHeader);
  const stop = new AbortController();
  let reason: RecordingEndReason | undefined;
  const end = (why: RecordingEndReason) => {
    reason ??= why;
    stop.abort();
  };
  const onAbort = () => end('stopped');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) end('stopped');
  const timer =
    options.durationMs === undefined ? undefined : setTimeout(() => end('duration'), options.durationMs);
  const take = (event: SymbolEvent<RecordedChannel, unknown>) => {
    if (reason !== undefined) return;
    const { channel, type, symbol } = event;
    const data = event.data as RecordedMessage['data'];
    if (!file.add({ t: now(), channel, type, symbol, data } satisfies RecordedMessage)) end('size');
    else options.onMessage?.(file.messages);
  };
  const ws = createWsClient({ url: options.wsUrl, ...(options.logger ? { logger: options.logger } : {}) });
  let failure: unknown;
  try {
    await Promise.all(
      requestsOf(options.pairs, channels, intervals).map(async (request) => {
        for await (const event of ws.subscribe(request, { signal: stop.signal }))
          take(event as SymbolEvent<RecordedChannel, unknown>);
      }),
    );
  } catch (error) {
    if (reason === undefined) failure = error;
    end('failed');
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await ws.close();
    file.close({ end: { t: now(), reason: reason ?? 'stopped', messages: file.messages } });
  }
  if (failure !== undefined) throw failure;
  return { file: options.out, reason: reason ?? 'stopped', messages: file.messages, bytes: file.bytes };
}

function requestsOf(
  pairs: RecordOptions['pairs'],
  channels: readonly RecordedChannel[],
  intervals: readonly OhlcInterval[],
) {
  const symbol = pairs.map((pair) => pair.symbol);
  return [
    ...(channels.includes('ticker') ? [{ channel: 'ticker' as const, symbol }] : []),
    ...(channels.includes('trade') ? [{ channel: 'trade' as const, symbol }] : []),
    ...(channels.includes('ohlc')
      ? intervals.map((interval) => ({ channel: 'ohlc' as const, symbol, interval }))
      : []),
  ];
}

/** The recording's file: JSON lines, created for the user only, never grown past its bound. */
class RecordingFile {
  readonly #fd: number;
  readonly #maxBytes: number;
  bytes = 0;
  messages = 0;

  constructor(path: string, maxBytes: number) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.#fd = openSync(path, 'w', 0o600);
    this.#maxBytes = maxBytes;
  }

  write(value: unknown): void {
    this.bytes += writeSync(this.#fd, `${JSON.stringify(value)}\n`);
  }

  /** Appends a message unless it would leave no room for the end line; returns whether it did. */
  add(message: RecordedMessage): boolean {
    const line = `${JSON.stringify(message)}\n`;
    if (this.bytes + Buffer.byteLength(line) + END_LINE_ROOM > this.#maxBytes) return false;
    this.bytes += writeSync(this.#fd, line);
    this.messages += 1;
    return true;
  }

  close(end: RecordingEnd): void {
    this.write(end);
    closeSync(this.#fd);
  }
}

/** The WebSocket v2 symbol of a pair (`BTC/USD` for XBT/USD, DOGE for XDG). */
export function wsV2Symbol(wsname: string): string {
  return wsname.replace(/\bXBT\b/g, 'BTC').replace(/\bXDG\b/g, 'DOGE');
}
