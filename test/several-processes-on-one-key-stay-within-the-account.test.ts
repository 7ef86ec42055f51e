/**
 * Issue #12 in the suite: three `krakenkit run --live` processes (a margin trend follower and a grid each) trade on
 * ONE API key against one loopback mock exchange, sharing their state through one Redis. The exchange's own
 * metrics must show no `EAPI:Invalid nonce`, no rate-limit error, and each margin pool never above the allowance
 * the guards enforce (the exchange allows ten times more, so over-use would show instead of being refused).
 * The longer version, with faults, kill -9 and figures, is `pnpm soak:shared`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockExchange } from '@krakenkit/mock-exchange';
import { type ExchangeMetrics, watchExchange } from '@krakenkit/mock-exchange/metrics';
import { waitFor } from '@krakenkit/test-support';
import { redisForTests } from '@krakenkit/test-support/redis';
import { describe, expect, it } from 'vitest';
import { Decimal } from './support/decimal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROCESSES = 3;
/** The guards' allowances (each run's `guard.rules.allowances`); the exchange allows ten times these. */
const LIMITS = { USD: '20000', BTC: '0.3' };
const redis = await redisForTests();

/** One run: its process, its output so far, and the volumes that mark its bots' orders on the exchange. */
interface Run {
  index: number;
  child: ChildProcess;
  output: string;
  exited: Promise<number | null>;
  volumes: { margin: string; grid: string };
}

describe('several processes on one key stay within the account', redis.suiteOptions, () => {
  it('three runs on one key and one Redis: no invalid nonce, no rate-limit error, no pool above the allowance', async () => {
    const key = {
      apiKey: `several-${randomBytes(8).toString('hex')}`,
      apiSecret: randomBytes(64).toString('base64'),
    };
    const mock = await startMockExchange({
      seed: 'several-processes',
      accounts: [
        {
          id: 'shared',
          tier: 'intermediate',
          ...key,
          nonceWindow: 0,
          balances: { ZUSD: '500000', XXBT: '10' },
        },
      ],
      allowances: {
        currencies: {
          USD: { allowance: '200000', fiat: true, aliases: ['ZUSD'] },
          BTC: { allowance: '3', aliases: ['XBT', 'XXBT'] },
        },
      },
    });
    const metrics = watchExchange(mock.exchange, { limits: LIMITS });
    const dir = mkdtempSync(join(tmpdir(), 'krakenkit-several-'));
    const runs: Run[] = [];
    let exits: Array<number | null> = [];
    try {
      for (let index = 1; index <= PROCESSES; index += 1) runs.push(startRun(index, dir, mock.url, key));
      await waitFor(
        () => allRunning(runs) && runs.every((run) => /started \d+ bot/.test(run.output)),
        'every run trading',
      );
      await waitFor(
        () =>
          allRunning(runs) && runs.every((run) => placed(metrics, run.volumes.grid) >= 2) && pressed(metrics),
        'every grid resting and the margin bots holding half of a pool',
      );
    } finally {
      for (const run of runs) run.child.kill('SIGINT');
      exits = await Promise.all(runs.map((run) => run.exited));
      await mock.close();
      await deleteAccountKeys(redis.url, key.apiKey);
      rmSync(dir, { recursive: true, force: true });
    }
    // Each run stopped cleanly on Ctrl-C, cancelling its orders; none ended on its own.
    expect(exits, outputs(runs)).toEqual(runs.map(() => 130));
    const report = metrics.report();
    const errors: Record<string, number> = { ...report.requests.otherErrors };
    for (const tally of report.keys)
      for (const [code, count] of Object.entries(tally.errors)) errors[code] = (errors[code] ?? 0) + count;
    expect(errors['EAPI:Invalid nonce'] ?? 0, JSON.stringify(errors)).toBe(0);
    expect((errors['EAPI:Rate limit exceeded'] ?? 0) + (errors['EOrder:Rate limit exceeded'] ?? 0)).toBe(0);
    expect(errors['EOrder:Margin allowance exceeded'] ?? 0).toBe(0);
    expect(report.pools.length).toBeGreaterThan(0);
    for (const pool of report.pools) expect(pool.samplesOver, JSON.stringify(pool)).toBe(0);
    expect(report.internalErrors).toBe(0);
  }, 300_000); // a hang bound for three processes starting on a loaded 2-core machine, not a speed target
});

function startRun(
  index: number,
  dir: string,
  restUrl: string,
  key: { apiKey: string; apiSecret: string },
): Run {
  // Distinct volumes per bot: the exchange's orders tell which run placed them.
  const volumes = { margin: `0.10${index}`, grid: `0.01${index}` };
  const config = join(dir, `p${index}.yaml`);
  writeFileSync(config, botFile(index, restUrl, volumes), { mode: 0o600 });
  const child = spawn(
    process.execPath,
    [
      '--conditions=@krakenkit/source',
      '--import',
      'tsx',
      'packages/runner/src/cli.ts',
      'run',
      config,
      '--live',
      '--status',
      'plain',
      '--duration',
      '30m',
      '--log-file',
      join(dir, `p${index}.log`),
      '--audit-log',
      join(dir, `p${index}-audit.jsonl`),
    ],
    { cwd: ROOT, env: { ...process.env, SHARED_KEY: key.apiKey, SHARED_SECRET: key.apiSecret } },
  );
  const run: Run = { index, child, output: '', exited: once(child, 'exit').then(([code]) => code), volumes };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    run.output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    run.output += chunk;
  });
  return run;
}

// A margin bot that pyramids entries of 0.1 BTC (about 6,500 USD): three of them fill a pool, so three processes
// that did not share their reservations would borrow well past it. The store's URL is in this 0600 file rather
// than on the command line, where other users could read a Redis password.
function botFile(index: number, restUrl: string, volumes: Run['volumes']): string {
  return `exchange: { kind: kraken, restUrl: "${restUrl}" }
account: { tier: intermediate }
keys:
  shared:
    apiKey: { env: SHARED_KEY }
    secret: { env: SHARED_SECRET }
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
    nonceWindow: 0
guard:
  rules:
    allowances: { USD: { allowance: "${LIMITS.USD}" }, BTC: { allowance: "${LIMITS.BTC}" } }
run: { pollInterval: 1s, onShutdown: cancel, store: ${JSON.stringify(redis.url)} }
bots:
  - name: margin-${index}
    key: shared
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "${volumes.margin}", leverage: 5, fast: 2, slow: 3, maxEntries: 10, entryEvery: 1s, cooldown: 2s }
  - name: grid-${index}
    key: shared
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: ${10 + index}, volume: "${volumes.grid}" }
`;
}

// A run that ended while the test waits for it to trade failed: say so at once, with what it printed.
function allRunning(runs: readonly Run[]): boolean {
  const ended = runs.find((run) => run.child.exitCode !== null || run.child.signalCode !== null);
  if (ended !== undefined) throw new Error(`run ${ended.index} ended early:\n${ended.output.slice(-3000)}`);
  return true;
}

function placed(metrics: ExchangeMetrics, volume: string): number {
  return metrics.orders().filter((order) => new Decimal(order.volume).equals(volume)).length;
}

// Half of a pool borrowed at some point: the bots did press against the allowance.
function pressed(metrics: ExchangeMetrics): boolean {
  return metrics.report().pools.some((pool) => new Decimal(pool.maxUsage).times(2).gte(pool.limit));
}

function outputs(runs: readonly Run[]): string {
  return runs.map((run) => `--- run ${run.index}:\n${run.output.slice(-2000)}`).join('\n');
}

/**
 * Deletes the run's keys from Redis: every key the store writes for the account holds its id, a digest of the API
 * key (the same as accountIdOf in @krakenkit/core/store). The runner's store spec takes no key prefix, so the
 * suite's usual per-run prefix cannot be used. One EVAL in Redis's wire format over a plain socket.
 */
async function deleteAccountKeys(url: string, apiKey: string): Promise<void> {
  const account = createHash('sha256').update(`krakenkit:${apiKey}`).digest('hex').slice(0, 16);
  const target = new URL(url);
  const script = "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('UNLINK', k) end return 0";
  const commands = [
    ...(target.password === ''
      ? []
      : [
          ['AUTH', ...(target.username === '' ? [] : [target.username]), decodeURIComponent(target.password)],
        ]),
    ...(target.pathname.length > 1 ? [['SELECT', target.pathname.slice(1)]] : []),
    ['EVAL', script, '0', `*${account}*`],
    ['QUIT'],
  ];
  const socket = connect(Number(target.port || 6379), target.hostname);
  socket.on('data', () => undefined);
  socket.end(commands.map(resp).join(''));
  await once(socket, 'close');
}

function resp(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}
