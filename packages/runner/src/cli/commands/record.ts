import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, isOhlcInterval, type OhlcInterval } from '@krakenkit/client';
import { KRAKEN_WS_URL } from '@krakenkit/client/ws';
import { PairIndex } from '@krakenkit/core';
import { nameForMessage } from '@krakenkit/core/config';
import { MAX_DATA_BYTES } from '@krakenkit/core/files';
import { startMockExchange } from '@krakenkit/mock-exchange';
import { intervalMs } from '../../candles/intervals.js';
import { parseDuration } from '../../config/duration.js';
import { type BotConfig, loadBotConfigFile } from '../../config/load.js';
import { botCandleNeeds } from '../../market/candle-needs.js';
import { marketWsUrl } from '../../market/market-ws-url.js';
import { unknownPairMessage } from '../../pairs/check-bot-pairs.js';
import { recordFeed, wsV2Symbol } from '../../record/recorder.js';
import { type ParsedCommand, parseCommand, stringFlag, UsageError } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';
import type { CliIo, InterruptSignal } from '../io.js';
import { prepareOutputPath } from '../output-path.js';

/** Files are bounded to this many bytes unless --max-bytes says otherwise (100 MiB). */
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/** The smallest --max-bytes (1 KiB). */
const MIN_MAX_BYTES = 1024;
/** Kraken's public REST origin (its pair list, for `--live`). */
const KRAKEN_REST_URL = 'https://api.kraken.com';

/** `krakenkit record <bot.yaml|--pair P…> --out <file>`: see HELP.record. */
export async function recordCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('record', args, {
    pair: { type: 'string', multiple: true },
    interval: { type: 'string', multiple: true },
    out: { type: 'string' },
    duration: { type: 'string' },
    'max-bytes': { type: 'string' },
    seed: { type: 'string' },
    live: { type: 'boolean' },
    force: { type: 'boolean' },
  });
  if (parsed.values['help'] === true) {
    io.stdout.write(`${HELP.record}\n`);
    return EXIT.ok;
  }
  const plan = planOf(parsed, io);
  const mock = plan.live
    ? undefined
    : await startMockExchange({ port: 0, ...(plan.seed === undefined ? {} : { seed: plan.seed }) });
  const urls = mock === undefined ? plan.liveUrls : { rest: mock.url, ws: mock.wsUrl };
  const stop = new AbortController();
  let interrupted: InterruptSignal | undefined;
  const unsubscribe = io.onInterrupt((signal) => {
    interrupted ??= signal;
    stop.abort();
  });
  try {
    const pairs = await resolvePairs(plan.names, urls.rest);
    io.stderr.write(
      `record: ${pairs.map((pair) => pair.symbol).join(', ')} (ticker, trade, ohlc ${plan.intervals.join('/')}m) from ${plan.live ? `Kraken (${urls.ws})` : 'the embedded mock exchange'} into ${plan.out}${plan.durationMs === undefined ? ' until Ctrl-C' : ` for ${stringFlag(parsed, 'duration')}`}\n`,
    );
    const summary = await recordFeed({
      wsUrl: urls.ws,
      source: plan.live ? 'kraken' : 'mock',
      pairs,
      intervals: plan.intervals,
      out: plan.out,
      maxBytes: plan.maxBytes,
      ...(plan.durationMs === undefined ? {} : { durationMs: plan.durationMs }),
      signal: stop.signal,
    });
    io.stdout.write(
      `recorded ${summary.messages} messages (${summary.bytes} bytes) into ${summary.file}; ended: ${summary.reason}\n`,
    );
    if (interrupted !== undefined) return interrupted === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
    return EXIT.ok;
  } finally {
    unsubscribe();
    await mock?.close();
  }
}

/**
 * The recording's file, checked writable (its directories made) before anything connects. An existing file is
 * someone's earlier recording: replaced only with --force.
 */
function preparedOut(path: string, force: boolean): string {
  if (!force && existsSync(path))
    throw new UsageError(
      `--out: ${path} already exists: give another file, or --force to replace it`,
      'record',
    );
  prepareOutputPath(path, '--out', 'record');
  return path;
}

/** What to record, from where, into which file, for how long: from the flags and the bot config, if given. */
function planOf(parsed: ParsedCommand, io: CliIo) {
  const [file, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${nameForMessage(extra[0])}`, 'record');
  const out = stringFlag(parsed, 'out');
  if (out === undefined) throw new UsageError('missing --out <file>', 'record');
  const config = file === undefined ? undefined : loadBotConfigFile(file, { cwd: io.cwd });
  const names = [
    ...(list(parsed.values['pair']) ?? []),
    ...(config?.bots.filter((b) => b.enabled).flatMap((b) => b.pairs) ?? []),
  ];
  if (names.length === 0) throw new UsageError('give a bot config or at least one --pair', 'record');
  const durationText = stringFlag(parsed, 'duration');
  const durationMs = durationText === undefined ? undefined : parseDuration(durationText);
  if (durationText !== undefined && (durationMs === undefined || durationMs <= 0))
    throw new UsageError(`--duration: expected 30s, 10m, 2h…, got ${JSON.stringify(durationText)}`, 'record');
  if (config?.exchange.kind === 'kraken' && parsed.values['live'] !== true)
    throw new UsageError('the config trades on Kraken: add --live to record its live feed', 'record');
  return {
    names,
    liveUrls: liveUrlsOf(config),
    out: preparedOut(resolve(io.cwd, out), parsed.values['force'] === true),
    durationMs,
    maxBytes: bytesFlag(stringFlag(parsed, 'max-bytes')),
    intervals: intervalsOf(list(parsed.values['interval']), config),
    live: parsed.values['live'] === true,
    seed: stringFlag(parsed, 'seed') ?? (config?.exchange.kind === 'mock' ? config.exchange.seed : undefined),
  };
}

/**
 * Where `--live` records from: the config's exchange (`restUrl` for its pairs, its market data socket: `wsUrl`, else
 * Kraken's own, else the restUrl's host at `/v2`) when it trades on `kind: kraken`, else Kraken's production
 * origins.
 */
function liveUrlsOf(config: BotConfig | undefined): { rest: string; ws: string } {
  if (config?.exchange.kind !== 'kraken') return { rest: KRAKEN_REST_URL, ws: KRAKEN_WS_URL };
  return { rest: config.exchange.restUrl, ws: marketWsUrl(config.exchange, undefined) };
}

async function resolvePairs(
  names: readonly string[],
  restUrl: string,
): Promise<Array<{ id: string; symbol: string }>> {
  const client = createClient({ baseUrl: restUrl });
  try {
    const index = PairIndex.fromAssetPairs(await client.assetPairs());
    const pairs = new Map<string, { id: string; symbol: string }>();
    for (const name of names) {
      const pair = index.get(name);
      if (pair === undefined)
        throw new UsageError(unknownPairMessage(name, index, 'on the exchange'), 'record');
      pairs.set(pair.id, { id: pair.id, symbol: wsV2Symbol(pair.wsname) });
    }
    return [...pairs.values()];
  } finally {
    await client.close();
  }
}

// The intervals asked for, else 1 minute plus every interval the config's strategies read.
function intervalsOf(flags: readonly string[] | undefined, config: BotConfig | undefined): OhlcInterval[] {
  if (flags !== undefined && flags.length > 0)
    return flags.map((text) => {
      const minutes = Number(text);
      if (!isOhlcInterval(minutes))
        throw new UsageError(
          `--interval: ${JSON.stringify(text)} is not one of 1, 5, 15, 30, 60, 240, 1440, 10080, 21600`,
          'record',
        );
      return minutes;
    });
  const minutes = new Set<OhlcInterval>([1]);
  for (const bot of config?.bots ?? []) {
    for (const needs of botCandleNeeds(bot, config?.strategies ?? {}))
      for (const interval of needs.intervals) {
        const value = intervalMs(interval) / 60_000;
        if (isOhlcInterval(value)) minutes.add(value);
      }
  }
  return [...minutes].sort((a, b) => a - b);
}

/**
 * `--max-bytes`: at most what backtest reads of a recording (MAX_DATA_BYTES), so every recording can be replayed;
 * at least 1 KiB, room for the header and the end line.
 */
function bytesFlag(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_BYTES;
  const match = /^(\d{1,12})\s*(k|m|g)?b?$/i.exec(text.trim());
  const unit =
    { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match?.[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  const bytes = match === null ? Number.NaN : Number(match[1]) * unit;
  if (!(bytes >= MIN_MAX_BYTES && bytes <= MAX_DATA_BYTES))
    throw new UsageError(
      `--max-bytes: expected a size from 1k to ${MAX_DATA_BYTES / 1024 ** 2}m (the most backtest reads), e.g. 50m; got ${JSON.stringify(text)}`,
      'record',
    );
  return bytes;
}

function list(value: unknown): string[] | undefined {
  return Array.isArray(value) ? (value as string[]) : undefined;
}
