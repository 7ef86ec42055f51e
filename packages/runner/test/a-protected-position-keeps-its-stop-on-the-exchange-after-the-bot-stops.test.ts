import { Decimal } from '@krakenkit/core';
import type { Order } from '@krakenkit/mock-exchange';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { describeEvent } from '../src/status/event-text.js';
import { paperConfig } from './support/configs.js';
import { waitFor } from './support/memory-io.js';
import { paperAccount, startPaper } from './support/paper-session.js';

// A long-only trend follower that enters once, its stop and take-profit kept on the exchange.
const PROTECTED_TREND = `  - name: trend
    key: trader
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "0.01", leverage: 2, fast: 1, slow: 2, maxEntries: 1, entryEvery: 0s, cooldown: 0s, direction: long }
    protect: { stopLoss: 2%, takeProfit: 4% }
`;

const config = (bots: string) =>
  paperConfig(bots).replace('deadManSwitch: { timeout: 60s, refresh: 20s }', 'deadManSwitch: false');

const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/**
 * Moves XBT/USD by `step.bps` every 100 ms (from wherever the mock's walk has it), so the follower sees a trend;
 * the test may turn it round by changing `step.bps`.
 */
function driveUp(session: Session, bps: number, step = { bps }): () => void {
  const exchange = session.connection.mock?.exchange;
  if (exchange === undefined) throw new Error('expected the embedded mock');
  const timer = setInterval(() => {
    const bid = exchange.bookSnapshot('XBTUSD', 1).bids[0]?.price;
    if (bid !== undefined)
      exchange.setPrice('XBTUSD', new Decimal(bid).times(1 + step.bps / 10_000).toFixed(1));
  }, 100);
  return () => clearInterval(timer);
}

const openOf = (session: Session): Order[] => [...paperAccount(session).openOrders()];

describe('a bot with protect: on the mock', () => {
  it('holds its stop-loss (the entry’s conditional close) and take-profit on the exchange, on the tick, and leaves them at a clean stop; the exchange then closes the position', async () => {
    const events: SessionEvent[] = [];
    const session = await startPaper(config(PROTECTED_TREND), { onEvent: (event) => events.push(event) });
    stops.push(() => session.stop());
    const stopDriving = driveUp(session, 10);
    stops.push(stopDriving);
    await waitFor(
      () => events.some((event) => event.type === 'fill' && event.fill.tag.endsWith(':entry1')),
      'the entry filled',
    );
    stopDriving();
    const entry = events.find((event) => event.type === 'fill' && event.fill.tag.endsWith(':entry1'));
    if (entry?.type !== 'fill') throw new Error('unreachable');
    // The stop is the exchange's own: created with the fill (refid: the entry), claimed by the bot; the
    // take-profit follows once the bot saw the fill, reduce-only.
    const told = (pattern: RegExp) => events.map(describeEvent).some((text) => pattern.test(text));
    await waitFor(
      () =>
        told(/trend: placed sell 0\.01 XBT\/USD take-profit/) &&
        told(/trend: placed sell 0\.01 XBT\/USD stop-loss/),
      'the stop claimed and the take-profit placed',
    );
    expect(openOf(session)).toHaveLength(2);
    const stop = openOf(session).find((order) => order.ordertype === 'stop-loss');
    const takeProfit = openOf(session).find((order) => order.ordertype === 'take-profit');
    expect(stop).toMatchObject({ side: 'sell', leverage: 2 });
    expect(stop?.refid).toBeDefined();
    expect(stop?.volume.toFixed()).toBe('0.01');
    expect(takeProfit).toMatchObject({ side: 'sell', reduceOnly: true, leverage: 2 });
    const tick = new Decimal('0.1');
    const stopPrice = new Decimal(stop?.price?.toFixed() ?? '0');
    const takePrice = new Decimal(takeProfit?.price?.toFixed() ?? '0');
    expect(stopPrice.mod(tick).isZero()).toBe(true);
    expect(takePrice.mod(tick).isZero()).toBe(true);
    // 2 % under the price the fill happened at (the exchange's last price), 4 % over the fill.
    expect(stopPrice.div(entry.fill.price).toNumber()).toBeCloseTo(0.98, 2);
    expect(takePrice.div(entry.fill.price).toNumber()).toBeCloseTo(1.04, 3);

    // A clean stop leaves both: the position stays protected with no process watching it.
    const summaryEvents: string[] = [];
    const summary = await session.stop('SIGINT');
    for (const event of events.slice(events.findIndex((event) => event.type === 'stopping')))
      summaryEvents.push(describeEvent(event));
    expect(summary.reason).toBe('SIGINT');
    expect(summaryEvents.join('\n')).toMatch(
      /left on the exchange for the open position: 2 protective order\(s\)/,
    );
    expect(
      openOf(session)
        .map((order) => order.ordertype)
        .sort(),
    ).toEqual(['stop-loss', 'take-profit']);

    // The price falls through the stop: the exchange closes the position on its own; the take-profit, reduce-only,
    // is cancelled by the exchange when it can no longer reduce anything.
    const account = paperAccount(session);
    const exchange = session.connection.mock?.exchange;
    exchange?.setPrice('XBTUSD', stopPrice.times(0.99).toFixed(1));
    const open = [...account.positions.values()].filter((position) => position.vol.gt(position.volClosed));
    expect(open).toEqual([]);
    expect(openOf(session).filter((order) => order.ordertype === 'stop-loss')).toEqual([]);
  });

  it('cancels the stop and the take-profit once when the strategy closes the position itself (a reversal)', async () => {
    const events: SessionEvent[] = [];
    const bots = PROTECTED_TREND.replace('direction: long', 'direction: both').replace(
      '{ stopLoss: 2%, takeProfit: 4% }',
      '{ stopLoss: 5%, takeProfit: 8% }',
    );
    const session = await startPaper(config(bots), { onEvent: (event) => events.push(event) });
    stops.push(() => session.stop());
    const step = { bps: 10 };
    stops.push(driveUp(session, 10, step));
    await waitFor(() => openOf(session).length === 2, 'the stop and the take-profit resting');
    step.bps = -10;
    await waitFor(
      () => events.some((event) => event.type === 'fill' && event.fill.tag.endsWith(':close2')),
      'the position closed on the reversal',
    );
    const ended = (tag: string) =>
      events.some(
        (event) =>
          event.type === 'order-ended' && event.ended.tag === tag && event.ended.reason === 'cancelled',
      );
    await waitFor(
      () => ended('XXBTZUSD:entry1#sl') && ended('XXBTZUSD:entry1#tp'),
      'the protection cancelled',
    );
    // Neither rests any more (a short entered on the down trend may rest its own stops by now).
    const legs = events.flatMap((event) =>
      event.type === 'placed' && event.order.protects === 'XXBTZUSD:entry1' ? [event.txid] : [],
    );
    expect(legs).toHaveLength(2);
    expect(openOf(session).filter((order) => legs.includes(order.txid))).toEqual([]);
    expect(events.map(describeEvent).join('\n')).not.toMatch(/cancel .* failed/);
  });
});
