import type { TextLevel } from '../book-stream.js';

/** What a contestant connects to and must end with. */
export interface RoundTarget {
  url: string;
  symbol: string;
  depth: number;
  precision: { price: number; qty: number };
  /** Update frames after the snapshot. */
  updates: number;
  /** Checksum of the stream's last frame: seeing it verified means the whole stream was applied. */
  lastChecksum: number;
}

/**
 * One contestant's round: updates applied and verified per second, from the socket opening (subscribe, snapshot,
 * updates) to the last update verified.
 */
export interface RoundFigure {
  updatesPerSecond: number;
  /** CPU time this process spent per update over the same span (steadier than wall time on a shared machine). */
  cpuMicrosPerUpdate: number;
  /** Checksum mismatches (must be 0). */
  failures: number;
  /** The book at the end, exact decimal text, to compare with the stream's. */
  top: { asks: TextLevel[]; bids: TextLevel[] };
}

/** Runs one round against a server; resolves once the client is closed again. */
export type Contestant = (target: RoundTarget) => Promise<RoundFigure>;
