/**
 * Runs the book stream server in a child process (its own core on a 2-core machine), through the e2e harness's
 * child server (support/e2e/child-server.ts): `startBookServer(options)` forks this file; as the child, it
 * generates the stream (support/book-stream.ts), frames it once, serves it on a loopback port, reports what a
 * subscriber must end with, and exits on `close`.
 */
import { averageFrameChars, generateBookStream, SYMBOL, type TextLevel } from '../book-stream.js';
import {
  type ChildListening,
  isForkedChild,
  listenOnLoopback,
  serveInChild,
  startChildServer,
} from '../e2e/child-server.js';
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

/** The stream to serve: the child generates it from these. */
interface StreamSetup {
  depth: number;
  updates: number;
  seed: number;
}

export interface BookServerOptions extends StreamSetup {
  /** Extra Node flags for the child (e.g. --cpu-prof). */
  execArgv?: readonly string[];
}

export async function startBookServer(options: BookServerOptions): Promise<BookServer> {
  const { depth, updates, seed } = options;
  const child = await startChildServer<StreamSetup, StreamFacts>(
    import.meta.url,
    { depth, updates, seed },
    { name: 'book server', execArgv: options.execArgv },
  );
  return { url: `ws://127.0.0.1:${child.port}`, facts: child.info, close: () => child.close() };
}

async function serveBookStream({ depth, updates, seed }: StreamSetup): Promise<ChildListening<StreamFacts>> {
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
  const port = await listenOnLoopback(server);
  // Upgraded sockets are no longer the HTTP server's to close: the child's exit ends them all.
  return { port, info: facts, close: async () => {} };
}

if (isForkedChild(import.meta.url)) serveInChild(serveBookStream);
