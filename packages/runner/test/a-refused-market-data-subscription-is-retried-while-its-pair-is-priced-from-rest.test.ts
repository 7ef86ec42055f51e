import type { IncomingMessage } from 'node:http';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import type { MarketDataStatus, RefusedSubscription } from '../src/market/market-status.js';
import { statusLine } from '../src/status/status-view.js';
import { type LoopbackExchange, loopbackConfig, startLoopbackExchange } from './support/loopback-exchange.js';
import { type Watched, watchBot, watchStrategy } from './support/watch-strategy.js';

const ENDLESS = { count: Number.POSITIVE_INFINITY };
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A session of one `watch` bot on XBT/USD and ETH/USD (candles of XBT/USD at 1m), on the loopback exchange. */
async function watching(exchange: LoopbackExchange) {
  const watched: Watched = { ticks: [], candles: undefined };
  const events: SessionEvent[] = [];
  const config = loadBotConfig(loopbackConfig(exchange.running.url, watchBot('XBT/USD, ETH/USD')), {
    file: 'refused.yaml',
    strategies: { watch: watchStrategy(watched, '1m') },
  });
  const session = await startSession(config, { env: exchange.env, onEvent: (event) => events.push(event) });
  cleanups.push(() => session.stop());
  return { session, watched, events };
}

/** The pair ids of every REST Ticker call the exchange's HTTP server receives from now on, one list per call. */
function restTickerPairs(exchange: LoopbackExchange): string[][] {
  const calls: string[][] = [];
  const listener = (request: IncomingMessage) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.endsWith('/public/Ticker')) calls.push((url.searchParams.get('pair') ?? '').split(','));
  };
  exchange.running.server.on('request', listener);
  cleanups.push(() => exchange.running.server.off('request', listener));
  return calls;
}

function refusedOf(session: Session): readonly RefusedSubscription[] {
  const status = session.status().marketData;
  return status?.source === 'websocket' ? (status.refused ?? []) : [];
}

function marketEvents(events: readonly SessionEvent[]): MarketDataStatus[] {
  return events.flatMap((event) => (event.type === 'market-data' ? [event.status] : []));
}

function ticksOf(watched: Watched, pair: string): number {
  return watched.ticks.filter((tick) => tick.pair.wsname === pair).length;
}

describe('a market data subscription the exchange refuses', () => {
  it('is asked again with backoff while its pair alone is priced from REST Ticker, and says so', async () => {
    const exchange = await startLoopbackExchange('refused-ticker');
    cleanups.push(() => exchange.close());
    const lift = exchange.running.ws.faults.refuseSubscription('ticker', 'ETH/USD', ENDLESS);
    const calls = restTickerPairs(exchange);
    const { session, watched, events } = await watching(exchange);

    await waitFor(
      () => refusedOf(session).some((refusal) => refusal.channel === 'ticker' && refusal.pair === 'ETH/USD'),
      'the ETH/USD ticker listed as refused while the socket feeds the rest',
    );
    // Asked again, and refused again: the retries go on while the bot runs.
    await waitFor(() => (refusedOf(session)[0]?.attempts ?? 0) >= 2, 'a second refusal');
    const from = calls.length;
    const ethFrom = ticksOf(watched, 'ETH/USD');
    await waitFor(
      () => calls.length >= from + 2 && ticksOf(watched, 'ETH/USD') >= ethFrom + 2,
      'ETH/USD ticks from REST meanwhile',
    );
    // Only the refused pair goes to REST; XBT/USD keeps coming from the socket.
    expect(new Set(calls.slice(from).flat())).toEqual(new Set(['XETHZUSD']));
    const [refusal] = refusedOf(session);
    expect(refusal).toMatchObject({ channel: 'ticker', pair: 'ETH/USD', symbol: 'ETH/USD' });
    expect(refusal?.reason).toContain('EService:Unavailable');
    expect(statusLine(session.status())).toMatch(
      /market data: websocket; REST for ETH\/USD \(ticker refused: .*EService:Unavailable; retry \d+ at \d\d:\d\d:\d\d UTC\)/,
    );
    const warnings = events.filter(
      (event) => event.type === 'warning' && /ticker.*ETH\/USD/.test(event.message),
    );
    expect(warnings).toHaveLength(1);

    lift();
    await waitFor(
      () => session.status().marketData?.source === 'websocket' && refusedOf(session).length === 0,
      'the ticker subscription accepted again',
    );
    // A cycle that began before the ticker came back may still ask REST: let two more cycles pass first.
    const back = ticksOf(watched, 'ETH/USD');
    await waitFor(() => ticksOf(watched, 'ETH/USD') >= back + 2, 'two more ETH/USD ticks');
    const quiet = calls.length;
    const probe = ticksOf(watched, 'ETH/USD');
    await waitFor(() => ticksOf(watched, 'ETH/USD') >= probe + 5, 'five more ETH/USD ticks');
    expect(calls.length).toBe(quiet);
    expect(statusLine(session.status())).toMatch(/market data: websocket$/);
    // The event stream says it too: live with the refusal, then live without it.
    const statuses = marketEvents(events);
    expect(statuses.at(-1)).toEqual({ source: 'websocket', since: expect.any(Number) });
    expect(
      statuses.some((status) => status.source === 'websocket' && (status.refused?.length ?? 0) > 0),
    ).toBe(true);
  });

  it('is asked again when a resubscription after a reconnect is refused (book and ohlc), until accepted', async () => {
    const exchange = await startLoopbackExchange('refused-resubscribe');
    cleanups.push(() => exchange.close());
    const { session, watched, events } = await watching(exchange);
    await waitFor(
      () => session.status().marketData?.source === 'websocket',
      'the socket to price every pair',
    );
    const faults = exchange.running.ws.faults;
    const liftBook = faults.refuseSubscription('book', 'XBT/USD', ENDLESS);
    const liftOhlc = faults.refuseSubscription('ohlc', 'XBT/USD', ENDLESS);
    const calls = restTickerPairs(exchange);
    faults.dropConnections();

    await waitFor(
      () => refusedOf(session).length === 2,
      'the book and the candles of XBT/USD refused on the new connection',
    );
    expect(
      refusedOf(session)
        .map(
          (refusal) =>
            `${refusal.channel} ${refusal.pair}${refusal.interval === undefined ? '' : ` ${refusal.interval}`}`,
        )
        .sort(),
    ).toEqual(['book XBT/USD', 'ohlc XBT/USD 1']);
    const from = calls.length;
    const xbtFrom = ticksOf(watched, 'XBT/USD');
    await waitFor(
      () => calls.length >= from + 2 && ticksOf(watched, 'XBT/USD') >= xbtFrom + 2,
      'XBT/USD ticks from REST meanwhile',
    );
    expect(new Set(calls.slice(from).flat())).toEqual(new Set(['XXBTZUSD']));
    expect(statusLine(session.status())).toContain('REST OHLC for XBT/USD 1m (ohlc refused: ');
    expect(
      marketEvents(events).some(
        (status) => status.source === 'websocket' && (status.refused ?? []).some((r) => r.channel === 'book'),
      ),
    ).toBe(true);

    liftBook();
    liftOhlc();
    await waitFor(() => refusedOf(session).length === 0, 'both subscriptions accepted again');
    const back = ticksOf(watched, 'XBT/USD');
    await waitFor(() => ticksOf(watched, 'XBT/USD') >= back + 2, 'two more XBT/USD ticks');
    const quiet = calls.length;
    const probe = ticksOf(watched, 'XBT/USD');
    await waitFor(() => ticksOf(watched, 'XBT/USD') >= probe + 5, 'five more XBT/USD ticks');
    expect(calls.length).toBe(quiet);
  });
});
