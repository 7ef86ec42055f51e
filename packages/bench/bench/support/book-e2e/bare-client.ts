/**
 * The bare client the issue compares against: `ws` + `JSON.parse` + a small CRC32 book that keeps each level's
 * checksum text cached. What a careful engineer writes for one pair when speed is all that matters: numbers become
 * doubles, the checksum text is rebuilt from them with the pair's precision (`toFixed`), each side is a sorted
 * array of at most `depth` levels, and the checksum of every message is verified.
 */
import { crc32 } from 'node:zlib';
import type { TextLevel } from '../book-stream.js';
import { cpuMicrosSince } from '../e2e/calls.js';
import type { RoundFigure, RoundTarget } from './contestant.js';
import { WebSocket } from './ws-socket.js';

interface Level {
  price: number;
  qty: number;
  /** Checksum digits of price then qty, computed once per change. */
  fragment: string;
}

interface WireLevel {
  price: number;
  qty: number;
}

interface BookPush {
  channel?: string;
  type?: string;
  data?: Array<{ symbol: string; bids?: WireLevel[]; asks?: WireLevel[]; checksum: number }>;
}

const checksumText = (value: number, decimals: number): string => {
  const text = value.toFixed(decimals).replace('.', '');
  let start = 0;
  while (start < text.length - 1 && text.charCodeAt(start) === 0x30) start += 1;
  return start === 0 ? text : text.slice(start);
};

class BareBook {
  readonly asks: Level[] = [];
  readonly bids: Level[] = [];

  constructor(
    readonly depth: number,
    readonly precision: { price: number; qty: number },
  ) {}

  clear(): void {
    this.asks.length = 0;
    this.bids.length = 0;
  }

  apply(side: Level[], levels: readonly WireLevel[] | undefined, descending: boolean): void {
    if (levels === undefined) return;
    for (const { price, qty } of levels) {
      let i = 0;
      while (i < side.length && (descending ? side[i]!.price > price : side[i]!.price < price)) i += 1;
      const found = i < side.length && side[i]!.price === price;
      if (qty === 0) {
        if (found) side.splice(i, 1);
        continue;
      }
      const fragment = checksumText(price, this.precision.price) + checksumText(qty, this.precision.qty);
      if (found) {
        side[i]!.qty = qty;
        side[i]!.fragment = fragment;
      } else side.splice(i, 0, { price, qty, fragment });
    }
    if (side.length > this.depth) side.length = this.depth;
  }

  checksum(): number {
    let text = '';
    for (let i = 0; i < 10 && i < this.asks.length; i += 1) text += this.asks[i]!.fragment;
    for (let i = 0; i < 10 && i < this.bids.length; i += 1) text += this.bids[i]!.fragment;
    return crc32(text) >>> 0;
  }

  top(): { asks: TextLevel[]; bids: TextLevel[] } {
    const text = (level: Level): TextLevel => ({
      price: level.price.toFixed(this.precision.price),
      qty: level.qty.toFixed(this.precision.qty),
    });
    return { asks: this.asks.map(text), bids: this.bids.map(text) };
  }
}

/** Connects, subscribes, applies and verifies every frame until the stream's last checksum; then closes. */
export function runBareRound(target: RoundTarget): Promise<RoundFigure> {
  const book = new BareBook(target.depth, target.precision);
  const socket = new WebSocket(target.url, { perMessageDeflate: false });
  let updates = 0;
  let failures = 0;
  let started = 0n;
  let cpuAtStart = process.cpuUsage();
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => {
      started = process.hrtime.bigint();
      cpuAtStart = process.cpuUsage();
      const params = { channel: 'book', symbol: [target.symbol], depth: target.depth };
      socket.send(JSON.stringify({ method: 'subscribe', params, req_id: 1 }));
    });
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as BookPush;
      if (message.channel !== 'book' || message.data === undefined) return;
      const snapshot = message.type === 'snapshot';
      for (const item of message.data) {
        if (snapshot) book.clear();
        book.apply(book.bids, item.bids, true);
        book.apply(book.asks, item.asks, false);
        if (book.checksum() !== item.checksum) failures += 1;
      }
      if (snapshot) return;
      updates += 1;
      if (message.data[0]?.checksum !== target.lastChecksum || updates < target.updates) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuMicrosPerUpdate = cpuMicrosSince(cpuAtStart) / updates;
      const top = book.top();
      socket.once('close', () =>
        resolve({ updatesPerSecond: updates / seconds, cpuMicrosPerUpdate, failures, top }),
      );
      socket.close();
    });
  });
}
