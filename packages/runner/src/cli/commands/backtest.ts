import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BacktestDataError } from '../../backtest/data/data-error.js';
import { loadMarketData } from '../../backtest/data/load-data.js';
import { BacktestSetupError } from '../../backtest/errors.js';
import { renderBacktestHtml } from '../../backtest/report-html.js';
import { backtestReport } from '../../backtest/report-json.js';
import { renderBacktest } from '../../backtest/report-text.js';
import { runBacktest } from '../../backtest/run-backtest.js';
import { CandlesUnavailableError } from '../../candles/candle-book.js';
import { loadBotConfigFile } from '../../config/load.js';
import { onePositional, parseCommand, stringFlag, UsageError } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';
import type { CliIo } from '../io.js';
import { prepareOutputPath } from '../output-path.js';

/** `krakenkit backtest <bot.yaml> --data <file>…`: see HELP.backtest. */
export async function backtestCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('backtest', args, {
    data: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    pair: { type: 'string' },
    interval: { type: 'string' },
    out: { type: 'string' },
  });
  if (parsed.values['help'] === true) {
    io.stdout.write(`${HELP.backtest}\n`);
    return EXIT.ok;
  }
  const file = onePositional('backtest', parsed.positionals, 'the bot config file');
  const files = (parsed.values['data'] as unknown as string[] | undefined) ?? [];
  if (files.length === 0)
    throw new UsageError('missing --data <file> (a Kraken OHLCVT CSV or a recording)', 'backtest');
  const from = momentFlag(stringFlag(parsed, 'from'), '--from');
  const to = momentFlag(stringFlag(parsed, 'to'), '--to');
  if (from !== undefined && to !== undefined && to <= from)
    throw new UsageError('--to must be later than --from', 'backtest');
  const interval = stringFlag(parsed, 'interval');
  if (interval !== undefined && !/^\d+$/.test(interval))
    throw new UsageError(
      `--interval: expected minutes (1, 5, 15, 60, …), got ${JSON.stringify(interval)}`,
      'backtest',
    );
  const pair = stringFlag(parsed, 'pair');
  const config = loadBotConfigFile(file, { cwd: io.cwd });
  const out = resolve(io.cwd, stringFlag(parsed, 'out') ?? join('.krakenkit', `backtest-${config.name}`));
  // Before the replay, which may take minutes: a path it cannot write is refused now, the reports' files included.
  // The directories this check made go again until the reports are written: a run refused for its data, or
  // stopped by Ctrl-C, leaves nothing behind.
  const json = join(out, 'report.json');
  const html = join(out, 'report.html');
  const made = prepareOutputPath(out, '--out', 'backtest', 'directory');
  try {
    for (const report of [json, html]) prepareOutputPath(report, '--out', 'backtest');
  } finally {
    removeEmpty(made);
  }
  try {
    const data = loadMarketData(
      files.map((name) => resolve(io.cwd, name)),
      {
        ...(pair === undefined ? {} : { pair }),
        ...(interval === undefined ? {} : { intervalMinutes: Number(interval) }),
      },
    );
    io.stderr.write(
      `backtest: replaying ${data.map((source) => `${source.rows.toLocaleString('en-US')} rows of ${source.pair}`).join(', ')}…\n`,
    );
    const result = await runBacktest(config, {
      data,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    // What the runner writes is for the user only, as its logs and state are.
    mkdirSync(out, { recursive: true, mode: 0o700 });
    writeFileSync(json, `${JSON.stringify(backtestReport(result), null, 1)}\n`, { mode: 0o600 });
    writeFileSync(html, renderBacktestHtml(result), { mode: 0o600 });
    io.stdout.write(renderBacktest(result));
    io.stdout.write(`report: ${json}\n        ${html}\n`);
    return result.halted === undefined ? EXIT.ok : EXIT.halted;
  } catch (error) {
    if (
      error instanceof BacktestDataError ||
      error instanceof BacktestSetupError ||
      error instanceof CandlesUnavailableError
    ) {
      io.stderr.write(`krakenkit backtest: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** Removes the directories `--out` needed that the check made, innermost first, as long as they are empty. */
function removeEmpty(directories: readonly string[]): void {
  for (const directory of [...directories].reverse()) {
    try {
      rmdirSync(directory);
    } catch {
      return;
    }
  }
}

// An ISO 8601 date, or date and time with an optional offset: 2026-01-01, 2026-01-01T12:00, 2026-01-01T12:00:30.5Z.
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * `2026-01-01`, `2026-01-01T12:00Z`, or epoch seconds (10 digits) / milliseconds (13 digits). A time without an
 * offset is UTC (as the summary shows times), never the machine's zone: the same command replays the same span
 * everywhere. Other forms Date.parse would take (`1/6/2026`, a local `2026-01-06 00:00`) and dates that do not exist
 * (`2026-02-30`, which it rolls over to March) are refused.
 */
/** 9999-12-31T23:59:59.999Z: the last moment a four-digit ISO year can show. */
const LAST_MOMENT_MS = 253_402_300_799_999;

function momentFlag(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    const ms = value < 1e11 ? value * 1000 : value;
    // Past what a date can show, the summary and reports could not name the span.
    if (ms > LAST_MOMENT_MS)
      throw new UsageError(
        `${flag}: expected epoch seconds (or milliseconds) before the year 10000, got ${text.length > 24 ? `${text.slice(0, 24)}…` : text}`,
        'backtest',
      );
    return ms;
  }
  const ms = isoMoment(text);
  if (ms === undefined)
    throw new UsageError(
      `${flag}: expected an ISO 8601 time (2026-01-01, 2026-01-01T00:00Z) or epoch seconds, got ${JSON.stringify(text)}`,
      'backtest',
    );
  return ms;
}

function isoMoment(text: string): number | undefined {
  const match = ISO_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const fraction = Number((match[7] ?? '').padEnd(3, '0'));
  const utc = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second, fraction);
  // Date.UTC rolls a day or an hour past its end over: only a moment that reads back the same exists.
  const back = new Date(utc);
  const same =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() + 1 === month &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  if (!same) return undefined;
  const offset = match[8];
  if (offset === undefined || offset === 'Z') return utc;
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  return utc - sign * minutes * 60_000;
}
