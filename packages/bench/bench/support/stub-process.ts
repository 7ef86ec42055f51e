/**
 * Runs the Kraken REST stub in a child process (its own core on a 2-core machine), through the e2e harness's child
 * server (support/e2e/child-server.ts): `startStubProcess(keys)` forks this file; as the child, it serves the stub
 * on a loopback port and answers `stats` requests until it is closed.
 */
import {
  type ChildListening,
  closeHttpServer,
  isForkedChild,
  listenOnLoopback,
  serveInChild,
  startChildServer,
} from './e2e/child-server.js';
import { createKrakenStub, type KeyStats, type StubKey } from './kraken-stub.js';

export interface StubProcess {
  origin: string;
  stats(): Promise<Record<string, KeyStats>>;
  close(): Promise<void>;
}

const STATS = 'stats';

/** Forks the stub with these keys. */
export async function startStubProcess(keys: readonly StubKey[]): Promise<StubProcess> {
  const child = await startChildServer<StubKey[], undefined>(import.meta.url, [...keys], {
    name: 'Kraken stub process',
  });
  return {
    origin: `http://127.0.0.1:${child.port}`,
    stats: async () => ((await child.ask(STATS)) ?? {}) as Record<string, KeyStats>,
    close: () => child.close(),
  };
}

async function serveStub(keys: StubKey[]): Promise<ChildListening<undefined>> {
  const { server, stats } = createKrakenStub(keys);
  const port = await listenOnLoopback(server);
  return { port, info: undefined, answers: { [STATS]: stats }, close: () => closeHttpServer(server) };
}

if (isForkedChild(import.meta.url)) serveInChild(serveStub);
