import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '@krakenkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlRecord } from '../src/dashboard/controls/control-record.js';
import type { BotsView } from '../src/dashboard/data/bots-view.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { ordersAllowedAfter } from './support/allowed-orders.js';
import { DASHBOARD_YAML, type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';
import { tempDir } from './support/memory-io.js';

const auditLog = join(tempDir(), 'audit.jsonl');
let world: DashboardWorld;

beforeAll(async () => {
  // A position opened outside the bots (as this test does) reaches the guard by a reconcile: every 10 s here (each
  // one spends 3 of the key's REST points; more often, the order polling the bots need would be starved).
  const yaml = DASHBOARD_YAML.replace('pollInterval: 200ms', 'pollInterval: 200ms\n  reconcileInterval: 10s');
  world = await startDashboardWorld({ yaml, auditLog });
  await world.next((event) => event.type === 'placed' && event.bot === 'dca');
});

afterAll(async () => {
  await world?.close();
});

async function control(path: string, body: unknown = {}): Promise<{ status: number; record: ControlRecord }> {
  const response = await fetch(`${world.dashboard.origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${world.dashboard.apiToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, record: (await response.json()) as ControlRecord };
}

const refusedBy = (code: string) => (event: SessionEvent) =>
  event.type === 'guard-rejected' && event.violations.some((violation) => violation.code === code);

describe('the kill switch', () => {
  it('halts every order through the guard, and trading resumes when it is set back', async () => {
    const watch = ordersAllowedAfter(world.session.connection.guard, 'HALTED');
    const { status, record } = await control('/api/controls/kill-switch', {
      state: 'HALTED',
      reason: 'test',
    });
    expect(status).toBe(200);
    expect(record).toMatchObject({ action: 'kill-switch', outcome: 'done' });
    await watch.switched;
    // The DCA asks every second: its next two orders are refused by the switch, and the guard allows no order meanwhile.
    await world.next(refusedBy('EGuard:Trading halted'));
    await world.next(refusedBy('EGuard:Trading halted'));
    watch.stop();
    expect(watch.allowed).toEqual([]);
    expect(world.session.status().tradingState).toBe('HALTED');
    await control('/api/controls/kill-switch', { state: 'ACTIVE', reason: 'test over' });
    await world.next((event) => event.type === 'placed');
  });
});

describe('pausing a bot', () => {
  it('stops its orders while the others go on, and resuming lets it trade again', async () => {
    const { record } = await control('/api/bots/dca/pause');
    expect(record).toMatchObject({ action: 'pause', target: 'dca', outcome: 'done' });
    const bots = await world.api<BotsView>('/api/bots');
    expect(bots.bots.find((bot) => bot.name === 'dca')?.state).toBe('paused');
    const dcaPlaced: SessionEvent[] = [];
    const off = world.session.events.on((event) => {
      if (event.type === 'placed' && event.bot === 'dca') dcaPlaced.push(event);
    });
    // keep asks every second as dca would: three of its refusals span more than two of dca's turns.
    for (let turn = 0; turn < 3; turn += 1)
      await world.next((event) => event.type === 'guard-rejected' && event.bot === 'keep');
    off();
    expect(dcaPlaced).toEqual([]);
    await control('/api/bots/dca/resume');
    await world.next((event) => event.type === 'placed' && event.bot === 'dca');
  });

  it('of a bot the config does not have answers 404', async () => {
    expect((await control('/api/bots/nobody/pause')).status).toBe(404);
  });
});

describe('closing a position', () => {
  it('is refused by the guard while trading is halted, and closes the position once it is active', async () => {
    const client = world.session.connection.clients.get('trader');
    await client?.addOrder({
      pair: 'XXBTZUSD',
      type: 'buy',
      ordertype: 'market',
      volume: new Decimal('0.01'),
      leverage: 2,
    });
    await world.next((event) => event.type === 'reconciled' && event.positions > 0);
    const [position] = world.session.connection.guard.positions();
    expect(position).toBeDefined();
    const id = position?.id as string;
    const held = [...(world.session.connection.mock?.exchange.account('paper').positions.values() ?? [])];
    expect(held.map((open) => open.id)).toContain(id);

    await control('/api/controls/kill-switch', { state: 'HALTED', reason: 'close test' });
    const refused = await control(`/api/positions/${id}/close`);
    expect(refused.status).toBe(422);
    expect(refused.record.outcome).toBe('refused');
    expect(refused.record.violations?.map((violation) => violation.code)).toContain('EGuard:Trading halted');

    await control('/api/controls/kill-switch', { state: 'ACTIVE', reason: 'close test over' });
    const done = await control(`/api/positions/${id}/close`);
    expect(done.status).toBe(200);
    expect(done.record.outcome).toBe('done');
    const open = () => [
      ...(world.session.connection.mock?.exchange.account('paper').positions.values() ?? []),
    ];
    expect(open().map((held) => held.id)).not.toContain(id);
  });
});

describe('cancel all', () => {
  it('cancels the resting orders of every key', async () => {
    const resting = world.session.bots.find((bot) => bot.name === 'grid')?.openOrders().length ?? 0;
    expect(resting).toBeGreaterThan(0);
    const { status, record } = await control('/api/controls/cancel-all');
    expect(status).toBe(200);
    const cancelled = Number(/(\d+) order\(s\) cancelled on key trader/.exec(record.detail)?.[1]);
    expect(cancelled).toBeGreaterThan(0);
  });
});

describe('the audit trail', () => {
  it('holds each kill-switch change with the reason given on the dashboard, and each control with who asked', () => {
    const lines = readFileSync(auditLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; to?: string; reason?: string });
    const switches = lines.filter((line) => line.type === 'trading-state');
    // Sent with the API token, as a tool does (a browser's would say `dashboard: …`).
    expect(switches.map((line) => [line.to, line.reason])).toEqual([
      ['HALTED', 'dashboard API: test'],
      ['ACTIVE', 'dashboard API: test over'],
      ['HALTED', 'dashboard API: close test'],
      ['ACTIVE', 'dashboard API: close test over'],
    ]);
    // Each control is a line of its own too, with who asked for it.
    const controls = lines.filter((line) => line.type === 'control') as Array<{
      action?: string;
      by?: string;
    }>;
    expect(controls.filter((line) => line.action === 'kill-switch').map((line) => line.by)).toEqual([
      'api',
      'api',
      'api',
      'api',
    ]);
  });
});

describe('revoking a key on the mock', () => {
  it('makes its next call fail, which halts the session', async () => {
    const { record } = await control('/api/keys/trader/revoke');
    expect(record).toMatchObject({ action: 'revoke-key', target: 'trader', outcome: 'done' });
    const halted = await world.next((event) => event.type === 'halted');
    expect(halted).toMatchObject({ code: 'EAPI:Invalid key' });
  });
});
