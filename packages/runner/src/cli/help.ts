import { DOCS } from '../docs-url.js';

/** `--help` texts, one per command. Exit codes are listed once, in the main help. */
export const HELP = {
  main: `krakenkit — YAML-configured Kraken bots behind a pre-trade risk guard

Usage: krakenkit <command> [options]

Commands:
  run <bot.yaml>                      run the bots (paper trading on the embedded mock exchange by default)
  validate <bot.yaml> [--live]        check a config and its pairs: every error with file:line:column
  mock [--port N]                     start the mock exchange and print its URLs and a demo key
  keys audit <bot.yaml|keys.yaml>     least-privilege report of every declared key
  guard check <bot.yaml> --order JSON explain what the guard would decide about an order, and why
  dashboard <bot.yaml> [--port N]     the account, keys, fees and guard in the browser (127.0.0.1, token URL)
  backtest <bot.yaml> --data FILE     run the bots over recorded history (Kraken OHLCVT CSV or a recording)
  record <bot.yaml|--pair P> --out F  record the WebSocket feed (ticker, trades, ohlc) for backtests

Options:
  -h, --help       help (also after a command: krakenkit run --help)
  -v, --version    print the version

Exit codes:
  0    success
  1    runtime failure
  2    usage or config error (nothing was started)
  3    refused: the guard rejected the order (guard check), or the key audit found errors
  4    halted: a key stopped working while trading (EAPI:Invalid key)
  5    already running: a bot of the config runs on the same key in another live session
  130  interrupted by Ctrl-C after a graceful shutdown (143: SIGTERM)

Reference: ${DOCS}/runner.md`,
  run: `Usage: krakenkit run <bot.yaml> [options]

Runs the bots of a config until --duration (or run.duration) elapses, or Ctrl-C. With exchange kind mock
(the default) it starts the embedded mock exchange on 127.0.0.1 and paper-trades; every order passes the guard.
Start-up: keys are audited (errors refuse to start, exit 3), each bot takes its lease in the state store (a bot
already running on the same key in another live session refuses the start, exit 5), the guard is seeded from
the account, the dead man's switch is armed, and each bot adopts the orders, position and state its last
session left (no second grid on top of the first). Open orders of the key that no live session owns are
reported as orphans. On a TTY a live status view is drawn; otherwise one line per event.

Options:
  --duration <d>     stop after this long: 500ms, 20s, 5m, 1h (overrides run.duration)
  --shutdown-timeout <d>
                     how long a stop may take at most, its cancels included: 10s, 1m (1s to 1h;
                     overrides run.shutdownTimeout, default 10s)
  --status <mode>    auto | tty | plain (overrides run.status)
  --audit-log <path> JSONL audit trail of every guard decision (default .krakenkit/<name>-audit.jsonl)
  --log-file <path>  pino log file (default .krakenkit/<name>.log)
  --log-level <lvl>  fatal | error | warn | info | debug | trace | silent
  --store <spec>     where leases, each bot's orders and state are kept (overrides run.store): memory,
                     a directory, or redis://host:6379 (default: the durable .krakenkit/state/)
  --cancel-orphans   cancel the key's open orders no live session owns (default: only report them)
  --live             required to trade on real Kraken (exchange kind kraken): real money
  --ui               serve the dashboard (bots, account, guard, controls) on 127.0.0.1; its URL with a
                     one-time token is printed at start; see ${DOCS}/dashboard.md
  --ui-port <n>      the dashboard's port (default 0: a free one)
  -h, --help`,
  validate: `Usage: krakenkit validate <bot.yaml> [--live]

Validates a bot config without starting anything: YAML syntax, unknown keys, types, money written as numbers,
inline secrets, strategy params, guard rules (through the guard's own loader), bots naming undeclared keys, and
every bot's pairs against the exchange's pair list (AssetPairs): the embedded mock exchange's, offline, or
Kraken's with --live, with each strategy's checks on them (leverage offered, an order size below the pair's
minimum). Every error is listed with file:line:column, the field and what was expected; an unknown pair with
the nearest names the exchange lists. Exit 0 when valid, 2 otherwise, 1 when --live cannot read the pair list.
Credentials that cannot be found (unset environment variables) are listed as warnings; a credential file others
can read is an error, as it is for run.

Options:
  --live       check pairs against Kraken's public AssetPairs (exchange.restUrl with kind kraken, else
               https://api.kraken.com); no key is needed, nothing is sent but that one public call`,
  mock: `Usage: krakenkit mock [--port N] [--seed S]

Starts the mock Kraken exchange on 127.0.0.1 and prints its REST and WebSocket URLs and the demo accounts'
API keys. The demo secrets are printed on purpose: only this process accepts them. Ctrl-C stops it (exit 0);
a port already in use is a runtime failure (exit 1).

Options:
  --port <n>   TCP port (default 0: a free one)
  --seed <s>   seed of the simulated prices (default krakenkit)`,
  keysAudit: `Usage: krakenkit keys audit <bot.yaml|keys.yaml>

Audits every declared key for least privilege against its declared use (read-only, trading, market-making,
withdrawal): missing permissions, rights it should not have (a trading key that can withdraw is an error),
IP allowlist, nonce window; keys used by bots must also allow every call the runner makes. Reads the
declarations only: it calls nothing. Exit 0 when no finding is an error, 3 otherwise.`,
  guardCheck: `Usage: krakenkit guard check <bot.yaml> --order '<json>'

Explains what the guard would decide about one order, and why, against the config's rules and the account's
current state (the embedded mock's fresh paper account, or your Kraken account with exchange kind kraken).
Nothing is placed. The order is JSON with the guard's intent fields:
  {"pair":"XBT/USD","side":"buy","orderType":"limit","volume":"0.5","price":"65000","leverage":"3"}
  optional: price2, reduceOnly, postOnly, margin, referencePrice. Money is decimal strings, never numbers.

Options:
  --order <json>   the order (required)
  --key <name>     the key to check with (default: the first bot's key)
Exit 0 when allowed, 3 when rejected, 2 for a bad order or config.`,
  backtest: `Usage: krakenkit backtest <bot.yaml> --data <file>… [options]

Runs the config's bots over recorded market history as a live run would trade it, as fast as the CPU allows:
the same strategies, the same guard (the config's rules), the same exchange rules (the embedded mock exchange's
matching, fees by the account's tier and 30-day volume, margin rules), on a clock that follows the data. Each
candle is replayed as four prices, open → low → high → close for an up candle (open → high → low → close for a
down one), so resting orders and stops fill as they would; strategies see every price and the closed candles.
Prints a summary and writes report.json and a self-contained report.html (equity curve, trades on the price).

Data: Kraken's downloadable OHLCVT CSV (no header: timestamp, open, high, low, close, volume, trades), the pair
and interval from the file name (XBTUSD_1.csv: XBTUSD, 1 minute) or the flags; or a \`krakenkit record\` file.
One file per pair. Every row is checked first: a bad one is reported with file:line and the field (exit 2).

Options:
  --data <file>      a data file (repeat for more pairs)
  --from <time>      start here: ISO 8601 (2026-01-01, 2026-01-01T12:00Z) or epoch seconds
  --to <time>        stop before this time
  --pair <name>      the pair of CSV files whose names do not say it (XBT/USD, XBTUSD, …)
  --interval <min>   their candle interval in minutes (1, 5, 15, 30, 60, 240, 1440, 10080, 21600)
  --out <dir>        where the reports go (default .krakenkit/backtest-<config name>/)
Exit 0 when it ran, 2 for a bad config, flag or data file, 4 when the exchange refused the key.`,
  record: `Usage: krakenkit record <bot.yaml> --out <file> [options]
       krakenkit record --pair <name>… --out <file> [options]

Records the WebSocket v2 feed of the config's pairs (or the --pair ones): ticker, trades and ohlc candles (1
minute and every interval the config's strategies read), into a JSON-lines file the backtester reads (a header
naming the version, pairs, channels and intervals; one line per message with the time it arrived). From the
embedded mock exchange by default; --live records Kraken's public feed (no key needed), at the config's
exchange.restUrl / wsUrl when it has kind: kraken. Stops at --duration,
before the file passes --max-bytes, or at Ctrl-C; the file always ends cleanly.

Options:
  --out <file>         the recording (required)
  --pair <name>        a pair to record (repeat for more)
  --interval <min>     ohlc interval in minutes (repeat; default 1 plus the config's)
  --duration <d>       stop after this long: 30s, 10m, 2h (default: until Ctrl-C)
  --max-bytes <size>   bound of the file: 50m, 500m (1k to 500m, what backtest reads; default 100m)
  --seed <s>           the embedded mock's price seed
  --live               record Kraken's live public feed
  --force              replace --out when it already exists (refused otherwise)
Exit 0 when it stopped by --duration or --max-bytes, 130 after Ctrl-C, 2 for bad flags.`,
} as const;
