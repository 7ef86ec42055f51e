/**
 * CCXT Pro over the same loopback socket as the other contestants, through its real network path: a
 * `ccxt.pro.kraken` set up as one of support/ccxt-book.ts's variants, its WS v2 public URL
 * (`urls.api.ws.publicV2`) pointed at the bench server, the market given up front so `watchOrderBook(symbol, 10)`
 * subscribes without a REST call, and the book read the way CCXT documents it: `await exchange.watchOrderBook(…)`
 * in a loop.
 *
 * CCXT resolves that call once per message while the reader keeps up; when its delivery falls behind it applies
 * the backlog and the next call sees the merged book. Every frame goes through its `handleOrderBook` either way,
 * so that is where the round's end is seen: the figure is frames applied per second from the socket opening to
 * the stream's last frame applied, and a frame CCXT rejected (checksum error, exception in its handler) is a
 * failure.
 */

import { type CcxtVariant, ccxtBookTop, createCcxtKraken } from '../ccxt-book.js';
import { cpuMicrosSince } from '../e2e/calls.js';
import type { Contestant, RoundFigure, RoundTarget } from './contestant.js';

type Kraken = ReturnType<typeof createCcxtKraken>;
type WsClient = ReturnType<Kraken['client']>;

interface BookMessage {
  type?: string;
  data?: Array<{ checksum?: number }>;
}

/** A CCXT round: the common figure plus the first frame CCXT rejected, if any. */
export interface CcxtRoundFigure extends RoundFigure {
  firstError: unknown;
}

/** The target's market as CCXT's kraken keeps it (tick sizes, ws name), so no `fetchMarkets` is needed. */
function marketOf(target: RoundTarget): Record<string, unknown> {
  const [base, quote] = target.symbol.split('/') as [string, string];
  const wsBase = base === 'BTC' ? 'XBT' : base;
  return {
    id: `${wsBase}${quote}`,
    symbol: target.symbol,
    base,
    quote,
    baseId: wsBase,
    quoteId: quote,
    type: 'spot',
    spot: true,
    active: true,
    precision: { amount: 10 ** -target.precision.qty, price: 10 ** -target.precision.price },
    info: { wsname: `${wsBase}/${quote}`, altname: `${wsBase}${quote}` },
  };
}

/** A contestant that runs CCXT as `variant` (see support/ccxt-book.ts). */
export function ccxtContestant(variant: CcxtVariant): Contestant {
  return (target) => runCcxtRound(variant, target);
}

/** Connects, subscribes through `watchOrderBook` and takes the whole stream; then closes. */
export async function runCcxtRound(variant: CcxtVariant, target: RoundTarget): Promise<CcxtRoundFigure> {
  const exchange = createCcxtKraken(variant);
  // The path keeps 'v2' in the URL: CCXT picks its v2 ping message by it.
  const url = `${target.url}/v2`;
  exchange.urls['api']['ws']['publicV2'] = url;
  exchange.setMarkets([marketOf(target)]);
  // CCXT refuses a plain ws:// URL until it has an HTTP agent to dial it with.
  await exchange.loadHttpProxyAgent();
  const client: WsClient = exchange.client(url);

  let started = 0n;
  let cpuAtStart = process.cpuUsage();
  const onOpen = client.onOpen.bind(client);
  client.onOpen = () => {
    started = process.hrtime.bigint();
    cpuAtStart = process.cpuUsage();
    onOpen();
  };

  let closing = false;
  let failures = 0;
  let firstError: unknown;
  let lastError: unknown;
  const reject = client.reject.bind(client);
  // One rejection per failed frame: CCXT passes the same error again for each pending watch it settles.
  client.reject = (error: unknown, messageHash?: string) => {
    if (!closing && error !== lastError) {
      failures += 1;
      firstError ??= error;
      lastError = error;
    }
    return reject(error, messageHash);
  };

  let end: (span: { seconds: number; cpuMicros: number }) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const ended = new Promise<{ seconds: number; cpuMicros: number }>((resolve, rejectEnd) => {
    end = resolve;
    fail = rejectEnd;
  });
  const onClose = client.onClose.bind(client);
  client.onClose = (event: unknown) => {
    if (!closing) fail(new Error('ccxt: the connection closed before the last update'));
    onClose(event);
  };

  let updates = 0;
  const handleOrderBook = exchange.handleOrderBook.bind(exchange);
  exchange.handleOrderBook = (wsClient, message) => {
    try {
      handleOrderBook(wsClient, message);
    } finally {
      // Counted even when CCXT's handler threw: the frame reached it, and as shipped every frame throws.
      const book = message as BookMessage;
      if (book.type === 'update') {
        updates += 1;
        if (updates >= target.updates && book.data?.[0]?.checksum === target.lastChecksum)
          end({
            seconds: Number(process.hrtime.bigint() - started) / 1e9,
            cpuMicros: cpuMicrosSince(cpuAtStart),
          });
      }
    }
  };

  // The reader a CCXT user writes; its rejections are counted above, and closing ends it.
  const reading = (async () => {
    while (!closing) {
      try {
        await exchange.watchOrderBook(target.symbol, target.depth);
      } catch {
        // counted by the reject hook (or the close that ends the loop)
      }
    }
  })();

  try {
    const { seconds, cpuMicros } = await ended;
    return {
      updatesPerSecond: target.updates / seconds,
      cpuMicrosPerUpdate: cpuMicros / target.updates,
      failures,
      top: ccxtBookTop(exchange, target.depth),
      firstError,
    };
  } finally {
    closing = true;
    await exchange.close();
    await reading;
  }
}
