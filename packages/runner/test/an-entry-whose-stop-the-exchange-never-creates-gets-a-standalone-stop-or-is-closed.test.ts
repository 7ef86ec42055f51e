import { Decimal } from '@krakenkit/core';
import type { Order } from '@krakenkit/mock-exchange';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { describeEvent } from '../src/status/event-text.js';
import { paperConfig } from './support/configs.js';
import { paperAccount, startPaper } from './support/paper-session.js';

// A long-only trend follower that enters once, its stop and take-profit kept on the exchange.
const PROTECTED_TREND = `  - name: trend
    key: trader
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "0.01", leverage: 2, fast: 1, slow: 2, maxEntries: 1, entryEvery: 0s, cooldown: 0s, direction: long }
    protect: { stopLoss: 2%, takeProfit: 4% }
`;
const ENTRY = 'XXBTZUSD:entry1';

/**
 * The bot file, without the dead man's switch (protect: needs that), reconciling every 2 s (its events are the
 * probe that cycles went on; more often would spend the key's REST counter), with guard rules when given.
 */
function config(guard = ''): string {
  return paperConfig(PROTECTED_TREND, guard).replace(
    'deadManSwitch: { timeout: 60s, refresh: 20s }',
    'deadManSwitch: false\n  reconcileInterval: 2s',
  );
}

const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/**
 * A session whose exchange will not create the next conditional close; XBT/USD is driven up 10 bps every 100 ms
 * until the entry fills (so the follower enters), then left to the mock's own walk.
 */
async function entryWithoutItsStop(guard = '') {
  const events: SessionEvent[] = [];
  const session = await startPaper(config(guard), { onEvent: (event) => events.push(event) });
  stops.push(() => session.stop());
  const exchange = session.connection.mock?.exchange;
  if (exchange === undefined) throw new Error('expected the embedded mock');
  exchange.faults.refuseConditionalCloses();
  const timer = setInterval(() => {
    const bid = exchange.bookSnapshot('XBTUSD', 1).bids[0]?.price;
    if (bid !== undefined) exchange.setPrice('XBTUSD', new Decimal(bid).times(1.001).toFixed(1));
  }, 100);
  stops.push(() => clearInterval(timer));
  await waitFor(() => fillOf(events, ENTRY) !== undefined, 'the entry filled');
  clearInterval(timer);
  const entry = fillOf(events, ENTRY);
  if (entry === undefined) throw new Error('unreachable');
  return { session, events, entry };
}

function fillOf(events: readonly SessionEvent[], tag: string) {
  for (const event of events) if (event.type === 'fill' && event.fill.tag === tag) return event.fill;
  return undefined;
}

function told(events: readonly SessionEvent[], pattern: RegExp): boolean {
  return events.map(describeEvent).some((text) => pattern.test(text));
}

const openOf = (session: Session): Order[] => [...paperAccount(session).openOrders()];

/** The account's open XBT/USD margin position (base volume, > 0 long). */
function positionOf(session: Session): Decimal {
  let net = new Decimal(0);
  for (const position of paperAccount(session).positions.values()) {
    const open = new Decimal(position.vol.minus(position.volClosed).toString());
    net = position.side === 'buy' ? net.plus(open) : net.minus(open);
  }
  return net;
}

describe('a protected entry whose conditional close the exchange never creates', () => {
  it('gets a standalone reduce-only stop-loss at the same level once the look-up bound has passed', async () => {
    const { session, events, entry } = await entryWithoutItsStop();
    await waitFor(
      () => told(events, /created no conditional close for it in time: placed a standalone stop-loss/),
      'the standalone stop placed',
    );
    const stop = openOf(session).find((order) => order.ordertype === 'stop-loss');
    expect(stop).toMatchObject({ side: 'sell', reduceOnly: true, leverage: 2 });
    // Standalone: no primary order made it (a conditional close names its primary in refid).
    expect(stop?.refid ?? null).toBeNull();
    expect(stop?.volume.toFixed()).toBe('0.01');
    const trigger = new Decimal(stop?.price?.toFixed() ?? '0');
    expect(trigger.mod('0.1').isZero()).toBe(true);
    // 2 % under the fill, rounded away from the market (down).
    expect(trigger.lte(entry.price.times(0.98))).toBe(true);
    expect(trigger.gt(entry.price.times(0.98).minus('0.1'))).toBe(true);
    // The take-profit next to it went out as usual; the bot holds both as the entry's protection.
    expect(openOf(session).some((order) => order.ordertype === 'take-profit' && order.reduceOnly)).toBe(true);
    const placed = events.flatMap((event) =>
      event.type === 'placed' && event.order.protects === ENTRY ? [event.order.tag] : [],
    );
    expect(placed.sort()).toEqual([`${ENTRY}#sl`, `${ENTRY}#tp`]);
    expect(session.status().bots[0]?.halted).toBeUndefined();
  });

  it('is closed at market and its bot halted when the standalone stop is refused too', async () => {
    // A price band of 1.5 %: the guard refuses a stop 2 % away (and the take-profit 4 % away), not a market close.
    const { session, events } = await entryWithoutItsStop(
      'guard:\n  rules:\n    sanity: { priceBandBps: 150 }\n',
    );
    await waitFor(
      () => events.some((event) => event.type === 'bot-halted' && event.bot === 'trend'),
      'the bot halted',
    );
    const halt = events.find((event) => event.type === 'bot-halted');
    if (halt?.type !== 'bot-halted') throw new Error('unreachable');
    expect(halt.code).toBe('KRAKENKIT_UNPROTECTED_POSITION');
    expect(halt.message).toMatch(
      /^bot "trend": entry XXBTZUSD:entry1 \(\S+\) filled and the exchange holds no stop for its position; the standalone stop placed instead was refused \(.*EGuard:Price outside band.*\); closed the position at market \(0\.01 XBT\/USD\)\. The bot is halted: it opens nothing more until the session is restarted$/,
    );
    expect(
      events.some(
        (event) =>
          event.type === 'guard-rejected' && event.order.tag === `${ENTRY}#sl` && event.order.reduceOnly,
      ),
    ).toBe(true);
    await waitFor(() => fillOf(events, `${ENTRY}#close`) !== undefined, 'the close filled');
    expect(fillOf(events, `${ENTRY}#close`)).toMatchObject({ side: 'sell', margin: true });
    expect(positionOf(session).isZero()).toBe(true);
    expect(session.status().bots[0]?.halted?.code).toBe('KRAKENKIT_UNPROTECTED_POSITION');
    // Halted: its strategy is shown nothing more, so it places nothing more (probe: cycles go on meanwhile).
    const from = events.length;
    const reconciled = () => events.slice(from).filter((event) => event.type === 'reconciled').length;
    await waitFor(() => reconciled() >= 2, 'two reconciliations after the halt');
    expect(events.slice(from).some((event) => event.type === 'placed' && event.bot === 'trend')).toBe(false);
  });

  it('says the position is open and unprotected when the close is refused as well', async () => {
    const { session, events } = await entryWithoutItsStop();
    // Nothing passes the guard any more: neither the stand-in stop nor the close.
    session.connection.guard.setTradingState('HALTED', 'test: every order refused');
    await waitFor(
      () => events.some((event) => event.type === 'bot-halted' && event.bot === 'trend'),
      'the bot halted',
    );
    const halt = events.find((event) => event.type === 'bot-halted');
    if (halt?.type !== 'bot-halted') throw new Error('unreachable');
    expect(halt.message).toMatch(
      /closing it at market was refused too \(.*EGuard:Trading halted.*\): the position of 0\.01 XBT\/USD is OPEN AND UNPROTECTED, close it by hand\./,
    );
    expect(positionOf(session).toFixed()).toBe('0.01');
    expect(openOf(session).filter((order) => order.ordertype === 'stop-loss')).toEqual([]);
  });
});

describe('a protected entry whose take-profit is refused', () => {
  it('keeps its stop, and the refusal is told with it', async () => {
    // A price band of 3 %: the take-profit 4 % over the fill is refused; the exchange's stop 2 % under is not judged.
    const events: SessionEvent[] = [];
    const session = await startPaper(config('guard:\n  rules:\n    sanity: { priceBandBps: 300 }\n'), {
      onEvent: (event) => events.push(event),
    });
    stops.push(() => session.stop());
    const exchange = session.connection.mock?.exchange;
    if (exchange === undefined) throw new Error('expected the embedded mock');
    const timer = setInterval(() => {
      const bid = exchange.bookSnapshot('XBTUSD', 1).bids[0]?.price;
      if (bid !== undefined) exchange.setPrice('XBTUSD', new Decimal(bid).times(1.001).toFixed(1));
    }, 100);
    stops.push(() => clearInterval(timer));
    await waitFor(
      () => told(events, /the take-profit of entry XXBTZUSD:entry1 was refused/),
      'the refusal told',
    );
    clearInterval(timer);
    const stop = openOf(session).find((order) => order.ordertype === 'stop-loss');
    expect(stop?.refid).toBeDefined();
    const refusal = events.map(describeEvent).find((text) => text.includes('take-profit of entry'));
    expect(refusal).toMatch(
      /^trend: warning: the take-profit of entry XXBTZUSD:entry1 was refused \(.*EGuard:Price outside band.*\): the position has no take-profit; it keeps its stop-loss (\S+) on the exchange$/,
    );
    expect(refusal).toContain(`stop-loss ${stop?.txid} on the exchange`);
    expect(openOf(session).filter((order) => order.ordertype === 'take-profit')).toEqual([]);
    expect(session.status().bots[0]?.halted).toBeUndefined();
  });
});
