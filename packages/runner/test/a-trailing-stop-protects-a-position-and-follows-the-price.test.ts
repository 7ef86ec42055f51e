import { Decimal } from '@krakenkit/core';
import type { Order } from '@krakenkit/mock-exchange';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { describeEvent } from '../src/status/event-text.js';
import { paperConfig } from './support/configs.js';
import { waitFor } from './support/memory-io.js';
import { paperAccount, startPaper } from './support/paper-session.js';

// A long-only trend follower that enters once, a 1.5 % trailing stop kept on the exchange.
const TRAILING_TREND = `  - name: trend
    key: trader
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "0.01", leverage: 2, fast: 1, slow: 2, maxEntries: 1, entryEvery: 0s, cooldown: 0s, direction: long }
    protect: { trailingStop: 1.5% }
`;

const config = (bots: string) =>
  paperConfig(bots).replace('deadManSwitch: { timeout: 60s, refresh: 20s }', 'deadManSwitch: false');

const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** Moves XBT/USD up by `bps` every 100 ms (from wherever the mock's walk has it), so the follower sees a trend. */
function driveUp(session: Session, bps: number): () => void {
  const exchange = session.connection.mock?.exchange;
  if (exchange === undefined) throw new Error('expected the embedded mock');
  const timer = setInterval(() => {
    const bid = exchange.bookSnapshot('XBTUSD', 1).bids[0]?.price;
    if (bid !== undefined) exchange.setPrice('XBTUSD', new Decimal(bid).times(1 + bps / 10_000).toFixed(1));
  }, 100);
  return () => clearInterval(timer);
}

const openOf = (session: Session): Order[] => [...paperAccount(session).openOrders()];

describe('a bot with protect: { trailingStop } on the mock', () => {
  it('rests the trailing stop on the exchange with its entry; the stop follows the price up and closes the position when it falls back by the offset', async () => {
    const events: SessionEvent[] = [];
    const session = await startPaper(config(TRAILING_TREND), { onEvent: (event) => events.push(event) });
    stops.push(() => session.stop());
    const stopDriving = driveUp(session, 10);
    stops.push(stopDriving);
    const isEntryFill = (event: SessionEvent) => event.type === 'fill' && event.fill.tag.endsWith(':entry1');
    await waitFor(() => events.some(isEntryFill), 'the entry filled');
    stopDriving();
    const entry = events.find(isEntryFill);
    if (entry?.type !== 'fill') throw new Error('unreachable');
    // The stop is the exchange's own, created with the fill (refid: the entry); the bot claims it as its `#trail`.
    const told = (pattern: RegExp) => events.map(describeEvent).some((text) => pattern.test(text));
    const warnings = () => events.filter((event) => event.type === 'warning').map(describeEvent);
    await waitFor(
      () => told(/trend: placed sell 0\.01 XBT\/USD trailing-stop/) || warnings().length > 0,
      'the trailing stop claimed (or a warning why not)',
    );
    expect(warnings()).toEqual([]);

    // A sell for the filled volume, 1.5 % under the price it follows, which started at the last price when the entry
    // filled (the market may have risen a little more before the driving stopped: it only follows it up).
    const trailing = openOf(session).filter((order) => order.ordertype === 'trailing-stop');
    expect(trailing).toHaveLength(1);
    const stop = trailing[0]!;
    const placed = events.find((event) => event.type === 'placed' && event.order.tag === entry.fill.tag);
    expect(placed?.type === 'placed' && placed.txid).toBe(stop.refid);
    expect(stop).toMatchObject({ side: 'sell', leverage: 2, status: 'open' });
    expect(stop.volume.toFixed()).toBe('0.01');
    const peakAfterFill = new Decimal(stop.trail?.peak.toFixed() ?? '0');
    expect(peakAfterFill.gte(entry.fill.price)).toBe(true);
    const trigger = () => new Decimal(stop.price?.toFixed() ?? '0');
    expect(trigger().div(peakAfterFill).toNumber()).toBeCloseTo(0.985, 4);

    // The price rises 3 %: the trigger follows it, still 1.5 % under the new peak.
    const exchange = session.connection.mock?.exchange;
    if (exchange === undefined) throw new Error('expected the embedded mock');
    const peak = peakAfterFill.times(1.03).toDecimalPlaces(1);
    exchange.setPrice('XBTUSD', peak.toFixed(1));
    expect(stop.trail?.peak.toFixed(1)).toBe(peak.toFixed(1));
    expect(trigger().div(peak).toNumber()).toBeCloseTo(0.985, 4);
    expect(trigger().gt(entry.fill.price)).toBe(true); // the stop now locks in a gain

    // It falls back by more than the offset: the exchange sells on its own, and the position is closed.
    exchange.setPrice('XBTUSD', peak.times(0.98).toFixed(1));
    expect(stop.status).toBe('closed');
    expect(stop.misc.has('stopped')).toBe(true);
    const account = paperAccount(session);
    const open = [...account.positions.values()].filter((position) => position.vol.gt(position.volClosed));
    expect(open).toEqual([]);

    // The runner sees its trailing stop fill, as one of the bot's orders.
    await waitFor(
      () => events.some((event) => event.type === 'fill' && event.fill.tag === 'XXBTZUSD:entry1#trail'),
      'the trailing stop’s fill seen by the bot',
    );
  });
});
