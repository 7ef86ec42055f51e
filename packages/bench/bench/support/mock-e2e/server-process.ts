/**
 * One server of the bench in its own process (its own core on a 2-core machine), driven over IPC:
 * `startServerProcess('mock' | 'peer', keys)` forks this file; as the child it starts the server on 127.0.0.1,
 * reports its port, and exits on `close` (so a `--cpu-prof` child writes its profile).
 *
 * The mock is `startMockExchange` from the package entry, with one account per bench key and a REST counter too
 * large to refuse a call (it is still charged on every call), so every request runs the whole private path.
 * `entry` may name another build of the package's entry (e.g. a checkout of an earlier commit) to put the two side
 * by side in one run.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchKey } from './keys.js';
import { createPeerStub } from './peer-stub.js';

export type ServerKind = 'mock' | 'peer';

type ToChild =
  | { type: 'start'; kind: ServerKind; keys: BenchKey[]; entry: string | undefined }
  | { type: 'cpu' }
  | { type: 'close' };
type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'failed'; message: string }
  | { type: 'cpu'; micros: number };

export interface ServerProcess {
  origin: string;
  pid: number;
  /** CPU time the server process has used so far (user + system), µs: its cost per call, whatever the load. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Another module exporting `startMockExchange` (the mock only). */
  entry?: string;
  /** Extra Node flags for the child, e.g. `--cpu-prof`. */
  execArgv?: readonly string[];
}

/** Forks a server process (with this process's Node flags, so TypeScript loads through tsx). */
export function startServerProcess(
  kind: ServerKind,
  keys: readonly BenchKey[],
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${kind} server process exited (${code}) before it was ready`)),
    );
    child.once('message', (message: FromChild) => {
      if (message.type !== 'ready') {
        reject(
          new Error(`${kind} server process: ${message.type === 'failed' ? message.message : 'no start'}`),
        );
        return;
      }
      child.removeAllListeners('exit');
      resolve({
        origin: `http://127.0.0.1:${message.port}`,
        pid: child.pid ?? 0,
        cpuMicros: () =>
          new Promise<number>((done) => {
            child.once('message', (reply: FromChild) =>
              done(reply.type === 'cpu' ? reply.micros : Number.NaN),
            );
            child.send({ type: 'cpu' } satisfies ToChild);
          }),
        close: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.send({ type: 'close' } satisfies ToChild);
          }),
      });
    });
    child.send({ type: 'start', kind, keys: [...keys], entry: options.entry } satisfies ToChild);
  });
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

/** A listening server: its port, and how to stop it. */
interface Listening {
  port: number;
  close(): Promise<void>;
}

async function startMock(keys: readonly BenchKey[], entry: string | undefined): Promise<Listening> {
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
  return running;
}

async function startPeer(keys: readonly BenchKey[]): Promise<Listening> {
  const server = createPeerStub(keys);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function runChild(): void {
  const reply = (message: FromChild) => process.send?.(message);
  let running: Listening | undefined;
  process.on('message', (message: ToChild) => {
    if (message.type === 'start') {
      const started =
        message.kind === 'mock' ? startMock(message.keys, message.entry) : startPeer(message.keys);
      started.then(
        (listening) => {
          running = listening;
          reply({ type: 'ready', port: listening.port });
        },
        (error: unknown) => reply({ type: 'failed', message: String(error) }),
      );
      return;
    }
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      reply({ type: 'cpu', micros: user + system });
      return;
    }
    void (running?.close() ?? Promise.resolve()).then(() => process.exit(0));
  });
  // The parent died without saying goodbye: do not linger.
  process.on('disconnect', () => process.exit(0));
}

if (process.send !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) runChild();
