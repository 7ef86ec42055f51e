import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlRecord } from '../src/dashboard/controls/control-record.js';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';
import { tempDir } from './support/memory-io.js';

// Two keys on one paper account, each with a grid resting orders. `trader` is revoked on the mock so that every
// cancel on it fails; the session does not halt on that (haltOn names no real code), so the grid on `spare` keeps
// its orders resting until a control cancels them.
const YAML = `exchange: { kind: mock, seed: dashboard-cancels }
account:
  tier: pro
  balances: { ZUSD: "150000", XXBT: "3", XETH: "20" }
keys:
  trader:
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close, ledger_query]
  spare:
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close, ledger_query]
run:
  pollInterval: 200ms
  deadManSwitch: false
  haltOn: [EGeneral:Never]
bots:
  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 1, spacingBps: 50, volume: "0.01" }
  - name: spare-grid
    key: spare
    strategy: grid
    pairs: [ETH/USD]
    params: { levels: 1, spacingBps: 50, volume: "0.1" }
`;

const auditLog = join(tempDir(), 'audit.jsonl');
let world: DashboardWorld;

beforeAll(async () => {
  world = await startDashboardWorld({ yaml: YAML, auditLog });
  await spareResting();
  const revoked = await control('/api/keys/trader/revoke');
  expect(revoked.record.outcome).toBe('done');
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

const spareOrders = async () =>
  Object.keys((await world.session.connection.clients.get('spare')?.openOrders())?.open ?? {}).length;

// Resolves once the grid on `spare` has an order resting (it places them on its ticks).
async function spareResting(): Promise<void> {
  while ((await spareOrders()) === 0)
    await world.next((event) => event.type === 'placed' && event.bot === 'spare-grid');
}

describe('cancel all, when one key cannot cancel', () => {
  it('still cancels the orders of the other keys, and records the failure', async () => {
    const { status, record } = await control('/api/controls/cancel-all');
    expect(status).toBe(502);
    expect(record).toMatchObject({ action: 'cancel-all', outcome: 'failed' });
    expect(record.detail).toMatch(/key trader/);
    expect(record.detail).toMatch(/\d+ order\(s\) cancelled on key spare/);
    expect(await spareOrders()).toBe(0);
  });
});

describe('the kill switch with cancelOrders, when one key cannot cancel', () => {
  it('halts, still cancels on the other keys, answers 502 with a failed record, and writes it to the audit trail', async () => {
    const { status, record } = await control('/api/controls/kill-switch', {
      state: 'HALTED',
      reason: 'cancels fail',
      cancelOrders: true,
    });
    expect(status).toBe(502);
    expect(record).toMatchObject({ action: 'kill-switch', target: 'account', outcome: 'failed' });
    expect(record.detail).toContain('trading state HALTED: cancels fail');
    // The cancel on the key that works was still sent.
    expect(record.detail).toMatch(/cancel on key trader failed: .*; \d+ order\(s\) cancelled on key spare/);
    expect(world.session.connection.guard.tradingState().state).toBe('HALTED');
    const records = await world.api<{ records: ControlRecord[] }>('/api/controls');
    expect(records.records[0]).toMatchObject({ action: 'kill-switch', outcome: 'failed' });
    const audited = readFileSync(auditLog, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"type":"control"'))
      .map((line) => JSON.parse(line) as ControlRecord);
    expect(audited.at(-1)).toMatchObject({ action: 'kill-switch', outcome: 'failed' });
  });
});
