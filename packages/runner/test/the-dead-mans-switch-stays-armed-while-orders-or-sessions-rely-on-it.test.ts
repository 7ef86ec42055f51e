import type { StateStore } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { Session } from '../src/engine/session.js';
import { startSession } from '../src/engine/start-session.js';
import { describeEvent } from '../src/status/event-text.js';
import {
  type LoopbackExchange,
  loopbackConfig,
  startLoopbackExchange,
  wideGrid,
} from './support/loopback-exchange.js';
import { waitFor } from './support/memory-io.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function exchangeForTest(): Promise<LoopbackExchange> {
  const exchange = await startLoopbackExchange();
  cleanups.push(() => exchange.close());
  return exchange;
}

/** A session of one wide grid on the loopback key; its event lines are collected. */
async function gridSession(
  exchange: LoopbackExchange,
  options: { name?: string; store?: StateStore; run?: string } = {},
): Promise<{ session: Session; lines: string[] }> {
  const lines: string[] = [];
  const yaml = loopbackConfig(exchange.running.url, wideGrid(options.name), options.run ?? '');
  const session = await startSession(loadBotConfig(yaml, { file: 'bot.yaml' }), {
    env: exchange.env,
    ...(options.store === undefined ? {} : { store: options.store }),
    onEvent: (event) => lines.push(describeEvent(event)),
  });
  cleanups.push(() => session.stop());
  await waitFor(() => session.status().bots[0]?.open === 6, `${options.name ?? 'grid'} resting`);
  return { session, lines };
}

describe("the dead man's switch at a clean stop", () => {
  it('onShutdown keep: stays armed over the kept orders, and Kraken cancels them once its timeout passes', async () => {
    const exchange = await exchangeForTest();
    const { session, lines } = await gridSession(exchange, { run: '  onShutdown: keep' });
    await session.stop();
    expect(exchange.openTxids()).toHaveLength(6);
    expect(exchange.account().deadMan).toBeDefined();
    expect(lines.join('\n')).toMatch(
      /dead man's switch left armed \(60s\): key trader: 6 bot order\(s\) rest/,
    );
    // No session came to adopt them: 60 s after the last refresh they are gone. Counted from that refresh (not
    // from now: on a loaded machine the session may have needed a while to rest its grid and stop).
    const triggerAt = exchange.account().deadMan?.triggerAt ?? 0;
    exchange.passTime(triggerAt - exchange.clock.now() - 1_000);
    expect(exchange.openTxids()).toHaveLength(6);
    exchange.passTime(2_000);
    expect(exchange.openTxids()).toEqual([]);
  });

  it('onShutdown cancel with no other session on the key: disarmed', async () => {
    const exchange = await exchangeForTest();
    const { session, lines } = await gridSession(exchange);
    await session.stop();
    expect(exchange.openTxids()).toEqual([]);
    expect(exchange.account().deadMan).toBeUndefined();
    expect(lines).toContain("dead man's switch disarmed");
  });

  it('onShutdown cancel while another session runs on the key: stays armed, so its orders keep their protection', async () => {
    const exchange = await exchangeForTest();
    const store = createMemoryStore();
    const first = await gridSession(exchange, { name: 'first', store });
    const second = await gridSession(exchange, { name: 'second', store });
    await first.session.stop();
    expect(exchange.openTxids()).toHaveLength(6);
    expect(exchange.account().deadMan).toBeDefined();
    expect(first.lines.join('\n')).toMatch(
      /left armed \(60s\): key trader: 1 other live session\(s\) on the key rely on it/,
    );
    await second.session.stop();
    expect(exchange.openTxids()).toEqual([]);
    expect(exchange.account().deadMan).toBeUndefined();
  });
});
