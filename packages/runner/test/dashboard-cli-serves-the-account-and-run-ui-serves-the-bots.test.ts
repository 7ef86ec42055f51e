import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import type { BotsView } from '../src/dashboard/data/bots-view.js';
import type { OverviewView } from '../src/dashboard/data/overview.js';
import { DASHBOARD_YAML } from './support/dashboard-world.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const KRAKEN_YAML = `exchange: { kind: kraken }
account: { tier: intermediate }
keys:
  trader:
    apiKey: { env: KRAKEN_API_KEY }
    secret: { env: KRAKEN_API_SECRET }
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
bots:
  - { name: dca, key: trader, strategy: dca, pairs: [ETH/USD], params: { amount: "200", every: 1s } }
`;

const URL_LINE = /(http:\/\/127\.0\.0\.1:(\d+))\/\?token=([\w-]+)/;

/** The access file of the dashboard on `port`: the API token for tools, readable by the user alone. */
function accessFile(cwd: string, config: string, port: string) {
  const path = join(cwd, '.krakenkit', `${config}-dashboard-${port}.json`);
  const access = JSON.parse(readFileSync(path, 'utf8')) as {
    apiToken: string;
    loginUrl: string;
    url: string;
  };
  return { path, access, mode: statSync(path).mode & 0o777 };
}

async function read<T>(origin: string, token: string, path: string): Promise<T> {
  const response = await fetch(`${origin}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

describe('krakenkit dashboard <bot.yaml>', () => {
  it('opens the paper account, prints its one-time URL, writes the API token to a 0600 file, serves the account with no bot running, and stops on Ctrl-C', async () => {
    const cwd = tempDir({ 'bot.yaml': DASHBOARD_YAML });
    const io = memoryIo({ cwd });
    const exit = runCli(['dashboard', 'bot.yaml'], io);
    await waitFor(() => URL_LINE.test(io.out()), 'the dashboard URL');
    const [url, origin, port, loginToken] = URL_LINE.exec(io.out()) as RegExpExecArray;
    expect(io.out()).toContain('paper account on the embedded mock exchange');
    const { path, access, mode } = accessFile(cwd, 'bot', port as string);
    expect(mode).toBe(0o600);
    expect(access.loginUrl).toBe(url);
    expect(io.out()).toContain(join('.krakenkit', `bot-dashboard-${port}.json`));
    // The API token is never printed; the login token is no bearer token.
    expect(io.out()).not.toContain(access.apiToken);
    const token = access.apiToken;
    const asBearer = await fetch(`${origin}/api/overview`, {
      headers: { Authorization: `Bearer ${loginToken}` },
    });
    expect(asBearer.status).toBe(401);
    const overview = await read<OverviewView>(origin as string, token as string, '/api/overview');
    expect(overview).toMatchObject({ mode: 'account', exchange: 'mock', config: 'bot' });
    const bots = await read<BotsView>(origin as string, token as string, '/api/bots');
    expect(bots.bots.map((bot) => [bot.name, bot.state])).toEqual([
      ['grid', 'not-running'],
      ['dca', 'not-running'],
      ['keep', 'not-running'],
    ]);
    expect((await fetch(`${origin}/api/account`)).status).toBe(401);
    io.interrupt('SIGINT');
    expect(await exit).toBe(EXIT.ok);
    expect(io.out()).toContain('dashboard stopped');
    await expect(fetch(`${origin}/api/overview`)).rejects.toThrow();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a Kraken config without --live, and a bad port, with exit 2', async () => {
    const cwd = tempDir({ 'bot.yaml': KRAKEN_YAML });
    const io = memoryIo({ cwd });
    expect(await runCli(['dashboard', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('add --live');
    expect(await runCli(['dashboard', 'bot.yaml', '--port', '70000'], io)).toBe(EXIT.usage);
    expect(await runCli(['run', 'bot.yaml', '--ui-port', '0'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('--ui-port needs --ui');
  });
});

describe('krakenkit run <bot.yaml> --ui', () => {
  it('serves the running bots while they trade, and stops serving when the run ends', async () => {
    const cwd = tempDir({ 'bot.yaml': DASHBOARD_YAML });
    const io = memoryIo({ cwd });
    const exit = runCli(['run', 'bot.yaml', '--ui', '--status', 'plain', '--store', join(cwd, 'state')], io);
    await waitFor(() => URL_LINE.test(io.err()), 'the dashboard URL');
    const [, origin, port] = URL_LINE.exec(io.err()) as RegExpExecArray;
    const token = accessFile(cwd, 'bot', port as string).access.apiToken;
    await waitFor(() => io.out().includes('dca: filled'), 'a fill');
    const bots = await read<BotsView>(origin as string, token as string, '/api/bots');
    expect(bots.mode).toBe('session');
    expect(bots.bots.find((bot) => bot.name === 'dca')?.counters?.fills).toBeGreaterThan(0);
    io.interrupt('SIGINT');
    expect(await exit).toBe(EXIT.interrupted);
    await expect(fetch(`${origin}/api/overview`)).rejects.toThrow();
  });

  it('prints the one-time URL once before the live view, whose screen shows the address without any token', async () => {
    const cwd = tempDir({ 'bot.yaml': DASHBOARD_YAML });
    const io = memoryIo({ cwd, tty: true });
    const exit = runCli(['run', 'bot.yaml', '--ui', '--status', 'tty', '--store', join(cwd, 'state')], io);
    await waitFor(() => URL_LINE.test(io.err()), 'the dashboard URL');
    const [, origin, port, loginToken] = URL_LINE.exec(io.err()) as RegExpExecArray;
    expect(io.err().split(loginToken as string)).toHaveLength(2);
    await waitFor(
      () => io.out().includes(`dashboard ${origin}/ (login link and API token in`),
      'the address on the live view',
    );
    const { access } = accessFile(cwd, 'bot', port as string);
    io.interrupt('SIGINT');
    expect(await exit).toBe(EXIT.interrupted);
    for (const secret of [loginToken as string, access.apiToken]) expect(io.out()).not.toContain(secret);
  });
});
