import { basename } from 'node:path';
import { MAX_DATA_BYTES, readBoundedFile, UnreadableFileError } from '@krakenkit/core/files';
import { type CandleInterval, intervalOfMinutes } from '../../candles/intervals.js';
import { CsvCandleSource } from './csv-candles.js';
import { BacktestDataError } from './data-error.js';
import type { MarketSource } from './market-source.js';
import { readRecording } from './recording-source.js';

// Kraken's OHLCVT archive names each file <altname>_<minutes>.csv: XBTUSD_1.csv, ETHUSD_1440.csv.
const KRAKEN_FILE = /^([A-Za-z0-9.]+)_(\d+)\.csv$/i;

/** What the command line says about data files whose names do not (or to override them). */
export interface DataFlags {
  /** The pair of every CSV file (any Kraken name). */
  pair?: string;
  /** The interval of every CSV file, in minutes. */
  intervalMinutes?: number;
}

/**
 * Reads each data file: a `krakenkit record` file (its first line is JSON) gives one source per recorded pair; any
 * other file is read as Kraken's OHLCVT CSV, its pair and interval from its name (`XBTUSD_1.csv`) or the flags.
 */
export function loadMarketData(files: readonly string[], flags: DataFlags = {}): MarketSource[] {
  const sources: MarketSource[] = [];
  for (const file of files) {
    const bytes = readData(file);
    if (startsWithBrace(bytes)) sources.push(...readRecording(file, bytes.toString('utf8')));
    else {
      const { pair, interval } = csvIdentity(file, flags);
      sources.push(new CsvCandleSource(file, pair, interval, bytes.toString('latin1')));
    }
  }
  return sources;
}

function csvIdentity(file: string, flags: DataFlags): { pair: string; interval: CandleInterval } {
  const match = KRAKEN_FILE.exec(basename(file));
  const pair = flags.pair ?? match?.[1];
  const minutes = flags.intervalMinutes ?? (match?.[2] === undefined ? undefined : Number(match[2]));
  if (pair === undefined || minutes === undefined) {
    // Ask only for what is missing: one of the two may already come from a flag.
    const missing = [pair === undefined ? 'pair' : '', minutes === undefined ? 'interval' : ''].filter(
      Boolean,
    );
    throw new BacktestDataError(
      file,
      `the name does not say the ${missing.join(' and ')} (Kraken names its files like XBTUSD_1.csv): give ${missing.map((name) => `--${name}`).join(' and ')}`,
    );
  }
  const interval = intervalOfMinutes(minutes);
  if (interval === undefined)
    throw new BacktestDataError(
      file,
      `${minutes} minutes is not an interval Kraken serves (1, 5, 15, 30, 60, 240, 1440, 10080, 21600)`,
    );
  return { pair, interval };
}

// Read once, bounded: a FIFO or /dev/zero given as --data is refused instead of blocking or filling memory.
function readData(file: string): Buffer {
  try {
    return readBoundedFile(file, MAX_DATA_BYTES);
  } catch (error) {
    const why =
      error instanceof UnreadableFileError
        ? error.message
        : ((error as NodeJS.ErrnoException).code ?? String(error));
    throw new BacktestDataError(file, `cannot be read (${why})`);
  }
}

function startsWithBrace(bytes: Buffer): boolean {
  return bytes.subarray(0, 64).toString('utf8').trimStart().startsWith('{');
}
