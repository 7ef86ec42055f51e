// The soak's command line: `pnpm soak:shared -- [options]` (see HELP).
import { parseArgs } from 'node:util';

export const HELP = `Usage: pnpm soak:shared -- [options]

Several krakenkit processes trading on ONE API key against one loopback mock exchange, sharing their state
through a store, with faults on ~10 % of calls and one process killed with kill -9 and restarted. Reads what
the exchange saw and exits 1 when a target is missed (2 when it could not run).

Options:
  --duration <s>        seconds of trading, counted from when every process has started (default 60)
  --processes <n>       processes, two bots each: margin-trend on XBT/USD and a grid (default 4)
  --kill-at <s>         seconds into the run to kill -9 process 1 and restart it; 0: no kill (default 20)
  --store <kind>        redis | file | memory | none (default redis):
                          redis   one Redis for all (--redis-url), the issue's setup
                          file    one durable directory shared by every process on this host
                          memory  each process alone (nothing shared): the failure the store fixes
                          none    no store setting at all (a runner that does not have one yet)
  --store-spec <spec>   the runs' store spec as is (overrides --store and --redis-url); it goes into each
                        run's bot file (run.store, a file only this user reads), never on a command line
  --redis-url <url>     default KRAKENKIT_REDIS_URL or redis://127.0.0.1:6379
  --fault-rate <r>      share of calls a fault strikes (default 0.1; 0 turns faults off)
  --mock-allowance <m>  record (default): the exchange allows 10x the guard's allowances, so over-use shows
                        as usage above them; enforce: the exchange refuses above the guard's allowances
                        (EOrder:Margin allowance exceeded, counted as a failure of the guard)
  --nonce-window <n>    the key's Kraken nonce window (default 0: strictly increasing)
  --no-cancel-orphans   do not pass --cancel-orphans to the restarted process
  --keep                keep the working directory (bot configs, each process's output) even on success
  --json                print the figures as JSON too
  -h, --help

Seeds: KRAKENKIT_SEED=<n> changes the mock's prices and fault draw (default 20260105).`;

/** The soak's settings from argv; throws a usage error (its message) for a bad value. */
export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '60' },
      processes: { type: 'string', default: '4' },
      'kill-at': { type: 'string', default: '20' },
      store: { type: 'string', default: 'redis' },
      'store-spec': { type: 'string' },
      'redis-url': { type: 'string', default: process.env.KRAKENKIT_REDIS_URL ?? 'redis://127.0.0.1:6379' },
      'fault-rate': { type: 'string', default: '0.1' },
      'mock-allowance': { type: 'string', default: 'record' },
      'nonce-window': { type: 'string', default: '0' },
      'no-cancel-orphans': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const number = (name, min, max) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min || value > max)
      throw new Error(`--${name}: expected ${min}..${max}`);
    return value;
  };
  if (!['redis', 'file', 'memory', 'none'].includes(values.store))
    throw new Error('--store: expected redis, file, memory or none');
  if (!['record', 'enforce'].includes(values['mock-allowance']))
    throw new Error('--mock-allowance: expected record or enforce');
  const durationS = number('duration', 5, 86_400);
  const killAtS = number('kill-at', 0, durationS);
  return {
    help: values.help,
    durationS,
    processes: Math.trunc(number('processes', 1, 16)),
    killAtS,
    store: values.store,
    storeSpec: values['store-spec'],
    redisUrl: values['redis-url'],
    faultRate: number('fault-rate', 0, 0.5),
    mockAllowance: values['mock-allowance'],
    nonceWindow: Math.trunc(number('nonce-window', 0, 1e9)),
    cancelOrphans: !values['no-cancel-orphans'],
    keep: values.keep,
    json: values.json,
    seed: process.env.KRAKENKIT_SEED ?? '20260105',
  };
}
