import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlRecord } from '../src/dashboard/controls/control-record.js';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';

let world: DashboardWorld;

beforeAll(async () => {
  world = await startDashboardWorld();
});

afterAll(async () => {
  await world?.close();
});

describe('a control whose failure message quotes a key or secret', () => {
  it('is recorded with the detail withheld, and the list of controls is still answered', async () => {
    const [apiKey] = world.secrets;
    const { guard } = world.session.connection;
    // An error that repeats what was sent, key included (as a proxy or a store error might).
    const setTradingState = guard.setTradingState.bind(guard);
    guard.setTradingState = async () => {
      throw new Error(`store refused the write for ${apiKey}`);
    };
    try {
      const response = await fetch(`${world.dashboard.origin}/api/controls/kill-switch`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${world.dashboard.apiToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ state: 'HALTED', reason: 'secret in the error' }),
      });
      const text = await response.text();
      expect(text).not.toContain(apiKey);
      expect(JSON.parse(text)).toMatchObject({
        action: 'kill-switch',
        outcome: 'failed',
        detail: /withheld/,
      });
    } finally {
      guard.setTradingState = setTradingState;
    }
    // The list is answered (a record holding the key made every later answer a refused one) and holds no secret.
    const { records } = await world.api<{ records: ControlRecord[] }>('/api/controls');
    expect(records[0]).toMatchObject({ action: 'kill-switch', outcome: 'failed' });
    for (const secret of world.secrets) expect(JSON.stringify(records)).not.toContain(secret);
  });
});
