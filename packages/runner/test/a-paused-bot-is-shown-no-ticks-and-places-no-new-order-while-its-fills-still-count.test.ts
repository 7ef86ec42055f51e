/**
 * A bot paused from the dashboard's API (BotRunner.pause): its strategy is shown no tick while the other bot's is;
 * a resting order of it fills and the fill is counted, and the strategy's answer to it is not placed (named in a
 * warning) while its cancel goes out; the pause and the resume are session events with who did it, in the audit
 * trail too; resuming shows it ticks again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { ControlRecord } from '../src/dashboard/controls/control-record.js';
import type { BotsView } from '../src/dashboard/data/bots-view.js';
import { type RunningDashboard, startDashboard } from '../src/dashboard/server.js';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { describeEvent } from '../src/status/event-text.js';
import { botLines } from '../src/status/status-view.js';
import { tempDir, waitFor } from './support/memory-io.js';
import { countStrategy, echoStrategy, seen } from './support/pause-strategies.js';

const YAML = `exchange: { kind: mock, seed: pause-tests }
account: { tier: pro, balances: { ZUSD: "100000", XXBT: "2" } }
keys:
  trader:
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
run:
  pollInterval: 100ms
  deadManSwitch: false
bots:
  - { name: echo, key: trader, strategy: echo, pairs: [XBT/USD] }
  - { name: clock, key: trader, strategy: count, pairs: [XBT/USD] }
`;

const echo = seen();
const clock = seen();
const auditLog = join(tempDir(), 'audit.jsonl');
const events: SessionEvent[] = [];
let session: Session;
let dashboard: RunningDashboard;

beforeAll(async () => {
  const strategies = { echo: echoStrategy(echo), count: countStrategy(clock) };
  const config = loadBotConfig(YAML, { file: 'pause.yaml', strategies });
  session = await startSession(config, { auditLog, onEvent: (event) => events.push(event) });
  dashboard = await startDashboard({ source: { config, connection: session.connection, session } });
  await waitFor(() => placed('far').length > 0 && placed('near').length > 0, 'both resting buys placed');
});

afterAll(async () => {
  await dashboard?.close();
  await session?.stop();
});

function placed(tag: string): SessionEvent[] {
  return events.filter((event) => event.type === 'placed' && event.bot === 'echo' && event.order.tag === tag);
}

async function post(path: string, body: unknown = {}): Promise<ControlRecord> {
  const response = await fetch(`${dashboard.origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dashboard.apiToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, path).toBe(200);
  return (await response.json()) as ControlRecord;
}

async function bots(): Promise<BotsView> {
  const response = await fetch(`${dashboard.origin}/api/bots`, {
    headers: { Authorization: `Bearer ${dashboard.apiToken}` },
  });
  return (await response.json()) as BotsView;
}

describe('a paused bot', () => {
  let pausedAt = 0;

  it('is paused by the API with who and why, told as a session event', async () => {
    const record = await post('/api/bots/echo/pause', { reason: 'checking the grid' });
    expect(record).toMatchObject({ action: 'pause', target: 'echo', by: 'api', outcome: 'done' });
    pausedAt = events.length;
    const paused = events.find((event) => event.type === 'bot-paused');
    expect(paused).toMatchObject({ bot: 'echo', by: 'api', reason: 'checking the grid' });
    expect(describeEvent(paused as SessionEvent)).toBe(
      'echo: PAUSED by api: checking the grid (no new orders; resting ones stay)',
    );
    expect((await post('/api/bots/echo/pause')).detail).toBe('already paused');
    const view = (await bots()).bots.find((bot) => bot.name === 'echo');
    expect(view?.state).toBe('paused');
    expect(view?.paused).toMatchObject({ by: 'api', reason: 'checking the grid' });
    expect(view?.events.map((line) => line.type)).toEqual(['bot-paused']);
    // The live view's bot table marks it too.
    const status = session.status();
    expect(status.bots.find((bot) => bot.name === 'echo')?.paused).toMatchObject({ by: 'api' });
    expect(botLines(status).join('\n')).toContain('echo [PAUSED]');
  });

  it('keeps its resting orders: one fills and counts, its answer is not placed, its cancel goes out', async () => {
    const ticks = echo.ticks;
    const clockTicks = clock.ticks;
    const mid = echo.firstMid;
    if (mid === undefined) throw new Error('no tick seen');
    // Through `near` (3% under), not `far` (8% under).
    session.connection.mock?.exchange.setPrice('XBTUSD', mid.times(0.95).toFixed(1));
    await waitFor(() => echo.fills > 0, 'the fill of near told to the strategy');
    const since = () => events.slice(pausedAt);
    await waitFor(
      () => since().some((event) => event.type === 'order-ended' && event.ended.tag === 'far'),
      'far cancelled',
    );
    const dropped = since().find((event) => event.type === 'warning' && event.bot === 'echo');
    expect(dropped).toMatchObject({
      message: expect.stringMatching(/^paused: not placed sell 0\.01 XBT\/USD limit/),
    });
    expect(since().filter((event) => event.type === 'fill' && event.bot === 'echo')).toHaveLength(1);
    // The other bot goes on being shown ticks; this one is shown none.
    await waitFor(() => clock.ticks >= clockTicks + 3, 'three more ticks of the other bot');
    expect(echo.ticks).toBe(ticks);
    expect(placed('answer')).toEqual([]);
    expect(since().some((event) => event.type === 'placed' && event.bot === 'echo')).toBe(false);
    const bot = session.bots.find((candidate) => candidate.name === 'echo');
    expect(bot?.counters.fills).toBe(1);
    expect(bot?.openOrders()).toEqual([]);
    expect(bot?.position('XXBTZUSD').toFixed()).toBe('0'); // a spot buy: inventory, not a margin position
    expect(session.connection.mock?.exchange.account('paper').open.size).toBe(0);
  });

  it('is shown ticks again once resumed, told as a session event', async () => {
    const ticks = echo.ticks;
    const record = await post('/api/bots/echo/resume');
    expect(record).toMatchObject({ action: 'resume', by: 'api', detail: 'resumed' });
    expect(events.find((event) => event.type === 'bot-resumed')).toMatchObject({ bot: 'echo', by: 'api' });
    await waitFor(() => echo.ticks > ticks, 'a tick shown to the resumed bot');
    const view = (await bots()).bots.find((candidate) => candidate.name === 'echo');
    expect(view?.state).toBe('running');
    expect(view?.paused).toBeNull();
    expect(view?.events.map((line) => line.type)).toEqual(['bot-resumed', 'bot-paused']);
  });

  it('is in the audit trail: each control with who asked for it', () => {
    const controls = readFileSync(auditLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; action?: string; by?: string; target?: string })
      .filter((line) => line.type === 'control');
    expect(controls.map(({ action, by, target }) => [action, by, target])).toEqual([
      ['pause', 'api', 'echo'],
      ['pause', 'api', 'echo'],
      ['resume', 'api', 'echo'],
    ]);
  });
});
