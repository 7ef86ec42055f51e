/**
 * Runs the Kraken REST stub in a child process (its own core on a 2-core machine) and talks to it over IPC.
 * `startStubProcess(keys)` forks this file; as the child, it starts the stub, reports its port, answers `stats`
 * requests, and exits on `close`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createKrakenStub, type KeyStats, type StubKey } from './kraken-stub.js';

type ToChild = { type: 'stats' } | { type: 'close' };
type FromChild = { type: 'ready'; port: number } | { type: 'stats'; stats: Record<string, KeyStats> };

export interface StubProcess {
  origin: string;
  stats(): Promise<Record<string, KeyStats>>;
  close(): Promise<void>;
}

/** Forks the stub with these keys (same Node flags as this process, so TypeScript loads through tsx). */
export function startStubProcess(keys: readonly StubKey[]): Promise<StubProcess> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(keys)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<(message: FromChild) => void> = [];
  child.on('message', (message: FromChild) => waiters.shift()?.(message));
  const next = () => new Promise<FromChild>((resolve) => waiters.push(resolve));
  const send = (message: ToChild) => child.send(message);
  return next().then((ready) => {
    if (ready.type !== 'ready') throw new Error('stub process did not start');
    return {
      origin: `http://127.0.0.1:${ready.port}`,
      async stats() {
        const reply = next();
        send({ type: 'stats' });
        const message = await reply;
        return message.type === 'stats' ? message.stats : {};
      },
      close: () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          send({ type: 'close' });
        }),
    };
  });
}

function runChild(): void {
  const keys = JSON.parse(process.argv[2] ?? '[]') as StubKey[];
  const { server, stats } = createKrakenStub(keys);
  const reply = (message: FromChild) => process.send?.(message);
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    reply({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
  process.on('message', (message: ToChild) => {
    if (message.type === 'stats') reply({ type: 'stats', stats: stats() });
    else {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
  // The parent died without saying goodbye: do not linger.
  process.on('disconnect', () => process.exit(0));
}

if (process.send !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) runChild();
