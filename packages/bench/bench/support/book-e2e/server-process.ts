/**
 * Runs the book stream server in a child process (its own core on a 2-core machine) and talks to it over IPC.
 * `startBookServer(options)` forks this file; as the child, it generates the stream (support/book-stream.ts),
 * frames it once, serves it on a loopback port, reports what a subscriber must end with, and exits on `close`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { averageFrameChars, generateBookStream, SYMBOL, type TextLevel } from '../book-stream.js';
import { createStreamServer } from './stream-server.js';
import { textFrames } from './ws-frames.js';

export interface StreamFacts {
  /** Update frames after the snapshot. */
  updates: number;
  averageChars: number;
  /** Checksum of the last frame: a subscriber that verified it has applied the whole stream. */
  lastChecksum: number;
  /** The subscribed window after the last frame. */
  expected: { asks: TextLevel[]; bids: TextLevel[] };
}

export interface BookServer {
  url: string;
  facts: StreamFacts;
  close(): Promise<void>;
}

export interface BookServerOptions {
  depth: number;
  updates: number;
  seed: number;
  /** Extra Node flags for the child (e.g. --cpu-prof). */
  execArgv?: readonly string[];
}

type FromChild = { type: 'ready'; port: number; facts: StreamFacts };

export function startBookServer(options: BookServerOptions): Promise<BookServer> {
  const { depth, updates, seed } = options;
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify({ depth, updates, seed })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`book server exited early (${code})`)));
    child.once('message', (message: FromChild) => {
      child.removeAllListeners('exit');
      resolve({
        url: `ws://127.0.0.1:${message.port}`,
        facts: message.facts,
        close: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.send({ type: 'close' });
          }),
      });
    });
  });
}

function runChild(): void {
  const { depth, updates, seed } = JSON.parse(process.argv[2] ?? '{}') as BookServerOptions;
  const stream = generateBookStream(depth, updates, seed);
  const last = JSON.parse(stream.frames[stream.frames.length - 1] as string) as {
    data: Array<{ checksum: number }>;
  };
  const facts: StreamFacts = {
    updates: stream.frames.length - 1,
    averageChars: averageFrameChars(stream.frames),
    lastChecksum: last.data[0]?.checksum ?? -1,
    expected: stream.expected,
  };
  const server = createStreamServer(SYMBOL, depth, textFrames(stream.frames));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    process.send?.({ type: 'ready', port, facts } satisfies FromChild);
  });
  // Upgraded sockets are no longer the HTTP server's to close: exiting ends them all.
  process.on('message', () => process.exit(0));
  // The parent died without saying goodbye: do not linger.
  process.on('disconnect', () => process.exit(0));
}

if (process.send !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) runChild();
