import { KrakenError, TransportError } from '@krakenkit/client';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { BotClient } from '../src/engine/connect.js';
import { DeadManSwitch } from '../src/engine/dead-man-switch.js';
import { startSession } from '../src/engine/start-session.js';
import { describeEvent } from '../src/status/event-text.js';
import { loopbackConfig, startLoopbackExchange, wideGrid } from './support/loopback-exchange.js';
import { waitFor } from './support/memory-io.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("the dead man's switch under faults on CancelAllOrdersAfter", () => {
  it('retries a reset or a lost answer, turns a refresh that keeps failing into a warning, and ends armed', async () => {
    const exchange = await startLoopbackExchange();
    cleanups.push(() => exchange.close());
    const { faults } = exchange.running.exchange;
    const struck: string[] = [];
    cleanups.push(
      exchange.running.exchange.on('request', (request) => {
        if (request.endpoint === 'CancelAllOrdersAfter') struck.push(request.fault ?? 'ok');
      }),
    );
    // Arming at start: a reset connection, then a lost answer (the call took effect), then an answer.
    faults.add({ kind: 'connection-reset', endpoints: ['CancelAllOrdersAfter'], times: 1 });
    faults.add({ kind: 'lost-response', endpoints: ['CancelAllOrdersAfter'], times: 1 });
    const lines: string[] = [];
    const yaml = loopbackConfig(exchange.running.url, wideGrid(), '').replace('refresh: 20s', 'refresh: 1s');
    const session = await startSession(loadBotConfig(yaml, { file: 'bot.yaml' }), {
      env: exchange.env,
      onEvent: (event) => lines.push(describeEvent(event)),
    });
    cleanups.push(() => session.stop());
    expect(struck.slice(0, 3)).toEqual(['connection-reset', 'lost-response', 'ok']);
    expect(exchange.account().deadMan).toBeDefined();

    // A refresh whose every attempt fails (502, busy, unavailable): a warning, and the next cycle tries again.
    const before = struck.length;
    faults.add({ kind: 'http-5xx', status: 502, endpoints: ['CancelAllOrdersAfter'], times: 1 });
    faults.add({ kind: 'service-busy', endpoints: ['CancelAllOrdersAfter'], times: 1 });
    faults.add({ kind: 'service-unavailable', endpoints: ['CancelAllOrdersAfter'], times: 1 });
    await waitFor(
      () => lines.some((line) => /dead man's switch could not be set on key trader/.test(line)),
      'a refresh that failed after its retries',
    );
    const warnedAt = lines.length;
    await waitFor(
      () => lines.slice(warnedAt).some((line) => line.startsWith("dead man's switch refreshed")),
      'the next refresh',
    );
    expect(struck.slice(before, before + 4)).toEqual([
      'http-5xx',
      'service-busy',
      'service-unavailable',
      'ok',
    ]);
    expect(lines.join('\n')).toMatch(/the switch set earlier still runs \(60s from its last refresh\)/);
    expect(session.stopReason).toBeUndefined();
    expect(exchange.account().deadMan).toBeDefined();
  });

  it('retries transport and service errors only: an invalid key is called once, and its error thrown as it is', async () => {
    const answers: unknown[] = [
      new TransportError('socket reset', { endpoint: 'CancelAllOrdersAfter', outcome: 'unknown' }),
      new KrakenError(['EService:Busy'], 'CancelAllOrdersAfter'),
      { currentTime: 'now', triggerTime: 'later' },
      new KrakenError(['EAPI:Invalid key'], 'CancelAllOrdersAfter'),
    ];
    let calls = 0;
    const client = {
      cancelAllOrdersAfter: async () => {
        const answer = answers[calls++];
        if (answer instanceof Error) throw answer;
        return answer;
      },
    } as unknown as BotClient;
    const deadMan = new DeadManSwitch(new Map([['trader', client]]), 60_000, 20_000);
    await deadMan.refresh(0);
    expect(calls).toBe(3);
    expect(deadMan.armed).toBe(true);
    expect(deadMan.due(1_000)).toBe(false);
    await expect(deadMan.refresh(20_000)).rejects.toMatchObject({ code: 'EAPI:Invalid key' });
    expect(calls).toBe(4);
    // Still due: the next cycle tries again.
    expect(deadMan.due(20_000)).toBe(true);
  });
});
