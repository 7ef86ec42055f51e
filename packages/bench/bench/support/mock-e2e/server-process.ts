/**
 * One server of the bench in its own process (its own core on a 2-core machine), through the e2e harness's child
 * server (support/e2e/child-server.ts): `startServerProcess('mock' | 'peer', keys)` forks this file; as the child
 * it starts the server on 127.0.0.1, reports its port, and exits on `close` (so a `--cpu-prof` child writes its
 * profile).
 *
 * The mock is `startMockExchange` from the package entry, with one account per bench key and a REST counter too
 * large to refuse a call (it is still charged on every call), so every request runs the whole private path.
 * `entry` may name another build of the package's entry (e.g. a checkout of an earlier commit) to put the two side
 * by side in one run.
 */
import {
  type ChildListening,
  closeHttpServer,
  isForkedChild,
  listenOnLoopback,
  serveInChild,
  startChildServer,
} from '../e2e/child-server.js';
import type { BenchKey } from './keys.js';
import { createPeerStub } from './peer-stub.js';

export type ServerKind = 'mock' | 'peer';

/** What the child starts. */
interface ServerSetup {
  kind: ServerKind;
  keys: BenchKey[];
  entry: string | undefined;
}

export interface ServerProcess {
  origin: string;
  /** CPU time the server process has used so far (user + system), µs: its cost per call, whatever the load. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Another module exporting `startMockExchange` (the mock only). */
  entry?: string | undefined;
  /** Extra Node flags for the child, e.g. `--cpu-prof`. */
  execArgv?: readonly string[];
}

/** Forks a server process. */
export async function startServerProcess(
  kind: ServerKind,
  keys: readonly BenchKey[],
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const child = await startChildServer<ServerSetup, undefined>(
    import.meta.url,
    { kind, keys: [...keys], entry: options.entry },
    { name: `${kind} server process`, execArgv: options.execArgv },
  );
  return {
    origin: `http://127.0.0.1:${child.port}`,
    cpuMicros: () => child.cpuMicros(),
    close: () => child.close(),
  };
}

const UNLIMITED_TIER = {
  margin: true,
  maxLeverage: 5,
  withdrawalDailyUsd: '1000000000',
  rest: { max: 1e15, decayPerSecond: 1e15 },
  trading: { threshold: 1e15, decayPerSecond: 1e15, maxOpenOrdersPerPair: 1_000_000 },
};

interface MockModule {
  startMockExchange(options: Record<string, unknown>): Promise<{ port: number; close(): Promise<void> }>;
}

async function startMock(
  keys: readonly BenchKey[],
  entry: string | undefined,
): Promise<ChildListening<undefined>> {
  const module = (await import(entry ?? '@krakenkit/mock-exchange')) as MockModule;
  const running = await module.startMockExchange({
    seed: 'mock-e2e',
    tiers: { starter: UNLIMITED_TIER, intermediate: UNLIMITED_TIER, pro: UNLIMITED_TIER },
    accounts: keys.map((key, i) => ({
      id: `bench-${i}`,
      tier: 'pro',
      apiKey: key.apiKey,
      apiSecret: key.apiSecret,
      balances: { ZUSD: '1000000', XXBT: '10' },
    })),
  });
  return { port: running.port, info: undefined, close: () => running.close() };
}

async function startPeer(keys: readonly BenchKey[]): Promise<ChildListening<undefined>> {
  const server = createPeerStub(keys);
  const port = await listenOnLoopback(server);
  return { port, info: undefined, close: () => closeHttpServer(server) };
}

function serveServer({ kind, keys, entry }: ServerSetup): Promise<ChildListening<undefined>> {
  return kind === 'mock' ? startMock(keys, entry) : startPeer(keys);
}

if (isForkedChild(import.meta.url)) serveInChild(serveServer);
