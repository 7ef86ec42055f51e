import type { RunningMockExchange } from '@krakenkit/mock-exchange';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { renderStatus, statusLine } from '../src/status/status-view.js';
import { paperConfig } from './support/configs.js';
import { socketOutage } from './support/socket-outage.js';
import { type Watched, watchBot, watchStrategy } from './support/watch-strategy.js';

const sessions: Session[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.stop()));
});

/** A paper session of one `watch` bot on XBT/USD and ETH/USD; `run` adds keys to the run section. */
async function watching(run = '') {
  const watched: Watched = { ticks: [], candles: undefined };
  const events: SessionEvent[] = [];
  const yaml = paperConfig(watchBot('XBT/USD, ETH/USD')).replace('run:\n', `run:\n${run}`);
  const config = loadBotConfig(yaml, { file: 'test.yaml', strategies: { watch: watchStrategy(watched) } });
  const session = await startSession(config, { onEvent: (event) => events.push(event) });
  sessions.push(session);
  const mock = session.connection.mock as RunningMockExchange;
  return { session, mock, watched, events };
}

/** Counts the REST Ticker calls the exchange answers from now on. */
function restTickerCalls(mock: RunningMockExchange): { count: number; stop: () => void } {
  const calls = { count: 0, stop: () => {} };
  calls.stop = mock.exchange.on('request', (request) => {
    if (request.endpoint === 'Ticker') calls.count += 1;
  });
  return calls;
}

function sources(events: readonly SessionEvent[]): string[] {
  return events.flatMap((event) =>
    event.type === 'market-data'
      ? [event.status.source === 'websocket' ? 'websocket' : `rest ${event.status.mode}`]
      : [],
  );
}

describe('market data over WebSocket v2', () => {
  it('feeds a bot its ticks from the socket, with no REST Ticker call', async () => {
    const { session, mock, watched, events } = await watching();
    await waitFor(
      () => session.status().marketData?.source === 'websocket',
      'the socket to price every pair',
    );
    // A cycle that began before the socket was live may still be asking REST: let two more cycles pass first.
    const before = watched.ticks.length;
    await waitFor(() => watched.ticks.length >= before + 4, 'two cycles of ticks');
    const calls = restTickerCalls(mock);
    const from = watched.ticks.length;
    await waitFor(() => watched.ticks.length >= from + 10, 'five more cycles of ticks');
    calls.stop();
    expect(calls.count).toBe(0);
    const pairs = new Set(watched.ticks.slice(from).map((tick) => tick.pair.wsname));
    expect(pairs).toEqual(new Set(['XBT/USD', 'ETH/USD']));
    for (const tick of watched.ticks.slice(from)) expect(tick.bid.lt(tick.ask)).toBe(true);
    expect(sources(events)).toEqual(['websocket']);
    expect(statusLine(session.status())).toContain('market data: websocket');
  });

  it('falls back to REST Ticker while the socket is down, says so, and returns to the socket', async () => {
    const { session, mock, watched, events } = await watching();
    await waitFor(
      () => session.status().marketData?.source === 'websocket',
      'the socket to price every pair',
    );
    const restore = socketOutage(mock);
    const calls = restTickerCalls(mock);
    try {
      await waitFor(() => session.status().marketData?.source === 'rest', 'the feed to notice the outage');
      const from = watched.ticks.length;
      await waitFor(
        () => calls.count >= 2 && watched.ticks.length >= from + 4,
        'ticks from REST while the socket is down',
      );
      const line = statusLine(session.status());
      expect(line).toMatch(/market data: REST fallback \(socket down since \d\d:\d\d:\d\d UTC: connection/);
      expect(renderStatus(session.status(), 'test').join('\n')).toContain('market data: REST fallback');
    } finally {
      restore();
    }
    await waitFor(() => session.status().marketData?.source === 'websocket', 'the socket to come back', {
      intervalMs: 20,
    });
    calls.stop();
    expect(sources(events)).toEqual(['websocket', 'rest fallback', 'websocket']);
    const text = events.filter((event) => event.type === 'market-data');
    expect(text).toHaveLength(3);
  });

  it('polls REST Ticker only, with run.marketData: rest', async () => {
    const { session, mock, watched, events } = await watching('  marketData: rest\n');
    const calls = restTickerCalls(mock);
    const from = watched.ticks.length;
    await waitFor(() => calls.count >= 3 && watched.ticks.length >= from + 6, 'three REST cycles of ticks');
    calls.stop();
    expect(session.status().marketData).toEqual({ source: 'rest', mode: 'configured' });
    expect(statusLine(session.status())).toContain('market data: REST (run.marketData: rest)');
    expect(sources(events)).toEqual(['rest configured']);
    expect(mock.ws.connectionCount).toBe(0);
  });

  it('refuses an unknown run.marketData with its file, line and column', () => {
    const yaml = paperConfig(watchBot('XBT/USD')).replace('run:\n', 'run:\n  marketData: stream\n');
    expect(() =>
      loadBotConfig(yaml, {
        file: 'bot.yaml',
        strategies: { watch: watchStrategy({ ticks: [], candles: undefined }) },
      }),
    ).toThrow(/bot\.yaml:\d+:\d+.*run\.marketData/s);
  });
});
