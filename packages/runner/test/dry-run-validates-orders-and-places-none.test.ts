import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../src/engine/session-events.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { waitFor } from './support/memory-io.js';
import { paperAccount, startPaper } from './support/paper-session.js';

describe('run.validateOnly (dry run)', () => {
  it('sends every order with validate: true, so the exchange checks it and nothing is placed', async () => {
    const session = await startPaper(paperConfig(GRID_BOT, '  validateOnly: true'));
    const events: SessionEvent[] = [];
    session.events.on((event) => events.push(event));
    const account = paperAccount(session);
    try {
      await waitFor(() => (session.status().bots[0]?.validated ?? 0) >= 4, 'four orders validated');
      expect([...account.openOrders()]).toHaveLength(0);
      expect(events.some((event) => event.type === 'placed')).toBe(false);
      expect(events.filter((event) => event.type === 'validated').length).toBeGreaterThanOrEqual(4);
    } finally {
      const summary = await session.stop();
      expect(summary.bots[0]).toMatchObject({ placed: 0, fills: 0 });
      expect(account.orders.size).toBe(0);
    }
  });

  it('still refuses in the guard first: a refused order is not even validated', async () => {
    const keepBot = `  - name: keep
    key: trader
    strategy: dca
    pairs: [KEEP/USD]
    params: { amount: "50", every: 200ms }
`;
    const session = await startPaper(paperConfig(keepBot, '  validateOnly: true'));
    try {
      await waitFor(() => (session.status().bots[0]?.guardRejected ?? 0) >= 1, 'a guard refusal');
      expect(session.status().bots[0]?.validated).toBe(0);
    } finally {
      await session.stop();
    }
  });
});
