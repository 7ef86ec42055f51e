/**
 * krakenkit through its public API only: `createWsClient` from `@krakenkit/client/ws`, a `book` subscription of
 * depth 10 (every message checked against Kraken's CRC32 before it is served), read as the documented async
 * iterator. A baseline build (another copy of the package's `src/ws/index.ts`) can run the same code.
 */
import type { createWsClient as CreateWsClient } from '@krakenkit/client/ws';
import { cpuMicrosSince } from '../e2e/calls.js';
import type { Contestant, RoundFigure, RoundTarget } from './contestant.js';

type Factory = typeof CreateWsClient;

/** A contestant around `createWsClient` as exported by `entry` (default: the workspace package). */
export async function krakenkitContestant(entry?: string): Promise<Contestant> {
  const module = (entry === undefined ? await import('@krakenkit/client/ws') : await import(entry)) as {
    createWsClient: Factory;
  };
  return (target) => runRound(module.createWsClient, target);
}

async function runRound(createWsClient: Factory, target: RoundTarget): Promise<RoundFigure> {
  const client = createWsClient({ url: target.url, precision: { [target.symbol]: target.precision } });
  let failures = 0;
  client.on('checksum-mismatch', () => {
    failures += 1;
  });
  // The clock starts as the socket opens, as the bare client's does: the span covers subscribe, snapshot and
  // every update for both, whatever the stream's coalescing delivers to the loop below.
  let started = 0n;
  let cpuAtStart = process.cpuUsage();
  client.once('open', () => {
    started = process.hrtime.bigint();
    cpuAtStart = process.cpuUsage();
  });
  const subscription = client.subscribe({ channel: 'book', symbol: [target.symbol], depth: 10 });
  let seconds = Number.NaN;
  let cpuMicros = Number.NaN;
  let top: RoundFigure['top'] = { asks: [], bids: [] };
  try {
    for await (const event of subscription) {
      if (event.type === 'snapshot' || event.checksum !== target.lastChecksum) continue;
      seconds = Number(process.hrtime.bigint() - started) / 1e9;
      cpuMicros = cpuMicrosSince(cpuAtStart);
      const view = event.book();
      top = { asks: view.asks, bids: view.bids };
      break;
    }
  } finally {
    await client.close();
  }
  return {
    updatesPerSecond: target.updates / seconds,
    cpuMicrosPerUpdate: cpuMicros / target.updates,
    failures,
    top,
  };
}
