/**
 * The CCXT contestant of the e2e book bench (bench/support/book-e2e/ccxt-client.ts) runs CCXT Pro's real network
 * path against the bench's stream server in another process: it subscribes with `watchOrderBook` without any REST
 * call, takes the whole stream and ends with the stream's book; as shipped with checksum on, CCXT rejects every
 * frame (what the bench prints instead of timing it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCcxtRound } from '../bench/support/book-e2e/ccxt-client.js';
import type { RoundTarget } from '../bench/support/book-e2e/contestant.js';
import { type BookServer, startBookServer } from '../bench/support/book-e2e/server-process.js';
import { PRECISION, SYMBOL } from '../bench/support/book-stream.js';

const DEPTH = 10;
const UPDATES = 2_000;

let server: BookServer;
let target: RoundTarget;

beforeAll(async () => {
  // Test workers do not load TypeScript through tsx as a bench script does: the child is told to.
  server = await startBookServer({ depth: DEPTH, updates: UPDATES, seed: 3, execArgv: ['--import', 'tsx'] });
  target = {
    url: server.url,
    symbol: SYMBOL,
    depth: DEPTH,
    precision: PRECISION,
    updates: server.facts.updates,
    lastChecksum: server.facts.lastChecksum,
  };
});

afterAll(() => server?.close());

describe('CCXT over a loopback socket', () => {
  it.each(['fixed', 'off'] as const)(
    'as %s, takes the whole stream and ends with its book',
    async (variant) => {
      const round = await runCcxtRound(variant, target);
      expect(round.firstError).toBeUndefined();
      expect(round.failures).toBe(0);
      expect(round.top).toEqual(server.facts.expected);
      expect(round.updatesPerSecond).toBeGreaterThan(0);
      expect(round.cpuMicrosPerUpdate).toBeGreaterThan(0);
    },
  );

  it('as shipped with checksum on, rejects every frame (formatNumber on a number)', async () => {
    const round = await runCcxtRound('as-shipped', target);
    expect(round.failures).toBe(UPDATES + 1);
    expect(String(round.firstError)).toContain('data.split is not a function');
  });
});
