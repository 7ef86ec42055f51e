#!/usr/bin/env node
// `pnpm soak:shared`: the proof of issue #12 — several `krakenkit run --live` processes (two bots each) on ONE API
// key against one loopback mock exchange, sharing nonces, the REST budget and the guard through a store, with
// faults on ~10 % of calls and one process killed with kill -9 and restarted. The mock runs in its own process
// with its admin route on; at the end the soak reads what the exchange saw (errors per key, REST counter, pool
// usage at every change, every order) and exits 1 if a target is missed, 2 if it could not run. `--help` for
// options; helpers in scripts/soak-shared/.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { figuresOf, missedTargets, readAdmin } from './soak-shared/figures.mjs';
import { HELP, readOptions } from './soak-shared/options.mjs';
import { BotProcess, runnerFlags, startMock, startTrading } from './soak-shared/processes.mjs';
import { deleteAccountKeys, printable, redisProblem } from './soak-shared/redis.mjs';
import { describe, markdown } from './soak-shared/report.mjs';
import { botConfig, mockOptions, newCredentials } from './soak-shared/scenario.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_BOUND_MS = 180_000; // a hang bound for start-up on a loaded machine, not a performance target
const STOP_GRACE_MS = 60_000;
const SLICE_MS = 10_000;

function cannotRun(reason) {
  console.error(`soak:shared could not run: ${reason}`);
  process.exit(2);
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');

let options;
try {
  options = readOptions(process.argv.slice(2));
} catch (error) {
  cannotRun(`${error.message}\n\n${HELP}`);
}
if (options.help) {
  console.log(HELP);
  process.exit(0);
}

const flags = runnerFlags(ROOT);
if (options.store !== 'none' && !flags.store)
  cannotRun(
    '`krakenkit run` has no --store flag yet (see its --help); `--store none` runs the soak without it',
  );
const dir = mkdtempSync(join(tmpdir(), 'krakenkit-soak-shared-'));
chmodSync(dir, 0o700);
const storeSpec =
  options.storeSpec ??
  { redis: options.redisUrl, file: join(dir, 'store'), memory: 'memory', none: undefined }[options.store];
if (options.store === 'redis' && options.storeSpec === undefined) {
  const problem = await redisProblem(options.redisUrl);
  if (problem !== undefined) cannotRun(`${problem}; set KRAKENKIT_REDIS_URL or start redis-server`);
}

const credentials = newCredentials();
const token = randomBytes(24).toString('hex');
const optionsFile = join(dir, 'mock-options.json');
writeFileSync(optionsFile, JSON.stringify(mockOptions({ ...options, credentials })), { mode: 0o600 });
const mock = await startMock({ root: ROOT, optionsFile, token, outFile: join(dir, 'mock.out') });
rmSync(optionsFile); // it holds the key's secret, and the mock has read it
const running = new Set();
process.once('SIGINT', () => {
  for (const run of running) run.kill9();
  void mock.stop().then(() => process.exit(130));
});

const env = {
  ...process.env,
  KRAKENKIT_SOAK_KEY: credentials.apiKey,
  KRAKENKIT_SOAK_SECRET: credentials.apiSecret,
};
const launch =
  (index, extra = []) =>
  (attempt) => {
    const config = join(dir, `p${index}.yaml`);
    const text = botConfig({ index, restUrl: mock.url, nonceWindow: options.nonceWindow, store: storeSpec });
    writeFileSync(config, text, { mode: 0o600 });
    const name = `p${index}-${Date.now()}-${attempt}`;
    const run = new BotProcess({
      index,
      cwd: dir,
      env,
      outFile: join(dir, `p${index}.out`),
      args: [
        'run',
        config,
        '--live',
        '--status',
        'plain',
        // A bound in case the soak itself dies: the soak stops its processes long before.
        '--duration',
        `${options.durationS + 600}s`,
        '--log-file',
        join(dir, `${name}.log`),
        '--audit-log',
        join(dir, `${name}-audit.jsonl`),
        ...extra,
      ],
    });
    running.add(run);
    void run.exited.then(() => running.delete(run));
    return run;
  };

const storeLabel = storeSpec === undefined ? 'none (no store setting)' : printable(storeSpec);
console.log(
  `soak:shared: ${options.processes} processes x 2 bots on one key, store ${storeLabel}, ${options.durationS} s, ` +
    `faults ${options.faultRate * 100} %, kill -9 at ${options.killAtS} s, seed ${options.seed}; output in ${dir}`,
);
const loadStart = load();
const starts = await Promise.all(
  Array.from({ length: options.processes }, (_, i) =>
    startTrading(launch(i + 1), Date.now() + START_BOUND_MS),
  ),
);
const failedStart = starts.findIndex((start) => !start.started);
if (failedStart >= 0) {
  for (const run of running) await run.stop(STOP_GRACE_MS);
  await mock.stop();
  cannotRun(`process ${failedStart + 1} never started its bots: see ${dir}/p${failedStart + 1}.out`);
}
const processes = starts.map((start) => start.run);
const windowFrom = Date.now();
const windowEnd = windowFrom + options.durationS * 1000;
console.log(`all ${options.processes} processes trading; the window opens`);

let killed;
let restart = Promise.resolve(undefined);
if (options.killAtS > 0) {
  await sleep(options.killAtS * 1000);
  killed = { index: 1, at: Date.now(), alreadyExited: processes[0].exit };
  await processes[0].kill9();
  console.log(`kill -9 process 1 at ${((killed.at - windowFrom) / 1000).toFixed(1)} s; restarting it`);
  const extra = options.cancelOrphans && flags.cancelOrphans ? ['--cancel-orphans'] : [];
  // In the background: the window closes on time whether or not the restart has made it by then.
  restart = startTrading(launch(1, extra), windowEnd);
}
await sleep(Math.max(0, windowEnd - Date.now()));
const windowTo = Date.now();
const restarted = await restart;
const traders = [...processes, ...(restarted?.started ? [restarted.run] : [])];
if (restarted !== undefined) processes[0] = restarted.run;
const restartedAt = restarted?.started ? restarted.run.startedAt : undefined;
const restartAttempts = restarted?.attempts.length ?? 0;
const stops = await Promise.all(
  processes.map(async (run, i) => ({ index: i + 1, ...(await run.stop(STOP_GRACE_MS)) })),
);
const loadEnd = load();

const report = await readAdmin(mock.url, token, `report?from=${windowFrom}&to=${windowTo}`);
const slices = [];
for (let from = windowFrom; windowTo - from >= 1000; from += SLICE_MS) {
  const to = Math.min(from + SLICE_MS, windowTo);
  const slice = await readAdmin(mock.url, token, `report?from=${from}&to=${to}`);
  slices.push({
    from: Math.round((from - windowFrom) / 1000),
    to: Math.round((to - windowFrom) / 1000),
    report: slice,
  });
}
const orders = await readAdmin(mock.url, token, 'orders');
await mock.stop();

const run = {
  processes: options.processes,
  durationS: options.durationS,
  killAtS: options.killAtS,
  storeLabel,
  loadStart,
  loadEnd,
  cores: cpus().length,
  windowFrom,
  killed,
  restartedAt,
  restartAttempts,
  startAttempts: starts.map((start) => start.attempts.length + 1),
  stops,
  // Read after every stop: a process that ended before it was told to halted, failed or crashed.
  endedOnTheirOwn: traders.flatMap((trader) =>
    trader.exitedOnItsOwn === undefined ? [] : [{ index: trader.index, ...trader.exitedOnItsOwn }],
  ),
};
const figures = figuresOf({ report, window: report, slices, orders, processes: options.processes });
for (const line of describe(figures, run)) console.log(line);
console.log(`\nfor BENCHMARKS.md:\n${markdown(figures, run).join('\n')}`);
if (options.json) console.log(JSON.stringify({ run, figures }, null, 1));

if (options.store === 'redis' && options.storeSpec === undefined) {
  const deleted = await deleteAccountKeys(options.redisUrl, credentials.apiKey).catch(() => undefined);
  console.log(`redis: ${deleted ?? 'could not delete'} keys of the run's account deleted`);
}
const missed = missedTargets(figures, run);
if (missed.length > 0) {
  console.error(
    `\nsoak:shared FAILED (${missed.length}):\n  ${missed.join('\n  ')}\nprocess output kept in ${dir}`,
  );
  process.exit(1);
}
if (!options.keep) rmSync(dir, { recursive: true, force: true });
console.log('\nsoak:shared passed: every target met');
