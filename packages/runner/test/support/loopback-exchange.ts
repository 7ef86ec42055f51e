import { randomBytes } from 'node:crypto';
import {
  type Account,
  type Clock,
  type RunningMockExchange,
  startMockExchange,
} from '@krakenkit/mock-exchange';
import { Decimal } from 'decimal.js';

/** The wall clock moved forward on demand: the dead man's switch can expire without a test waiting 60 s. */
export class ShiftedClock implements Clock {
  #offset = 0;

  now(): number {
    return Date.now() + this.#offset;
  }

  advance(ms: number): void {
    this.#offset += ms;
  }
}

/** A mock exchange on 127.0.0.1 that several sessions (and processes) trade on with one live-style key. */
export interface LoopbackExchange {
  running: RunningMockExchange;
  clock: ShiftedClock;
  /** The credentials, as the environment a session (or `krakenkit run`) reads them from. */
  env: Record<string, string>;
  account(): Account;
  /** Txids of the account's open orders. */
  openTxids(): string[];
  /** The account's net open margin position on a pair (base volume, > 0 long). */
  position(pair: string): Decimal;
  /** Moves the clock past the switch's deadline and lets the exchange act on it. */
  passTime(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts the loopback exchange with one account and key (seeded prices, a clock the test can move). `nonceWindow`
 * is the key's Kraken nonce window (default 0: strictly increasing).
 */
export async function startLoopbackExchange(
  seed = 'runner-continuity',
  options: {
    nonceWindow?: number;
    /** The account's balances (default ZUSD 200,000, XXBT 2, XETH 20). */
    balances?: Record<string, string>;
    /** The account's named withdrawal keys (none by default). */
    withdrawalKeys?: Record<string, { asset: string; address: string }>;
    /** The account's verification tier, which sets its rate limits (default intermediate). */
    tier?: 'starter' | 'intermediate' | 'pro';
  } = {},
): Promise<LoopbackExchange> {
  const clock = new ShiftedClock();
  const apiKey = `loopback-${randomBytes(8).toString('hex')}`;
  const apiSecret = randomBytes(64).toString('base64');
  const running = await startMockExchange({
    seed,
    clock,
    accounts: [
      {
        id: 'live',
        tier: options.tier ?? 'intermediate',
        apiKey,
        apiSecret,
        ...(options.nonceWindow === undefined ? {} : { nonceWindow: options.nonceWindow }),
        balances: options.balances ?? { ZUSD: '200000', XXBT: '2', XETH: '20' },
        ...(options.withdrawalKeys === undefined ? {} : { withdrawalKeys: options.withdrawalKeys }),
      },
    ],
  });
  const account = () => running.exchange.account('live');
  return {
    running,
    clock,
    env: { KK_TEST_API_KEY: apiKey, KK_TEST_API_SECRET: apiSecret },
    account,
    openTxids: () => [...account().openOrders()].map((order) => order.txid),
    position: (pair) => {
      let net = new Decimal(0);
      for (const position of account().positions.values()) {
        if (position.pair.altname !== pair && position.pair.id !== pair) continue;
        const open = new Decimal(position.vol.minus(position.volClosed).toString());
        net = position.side === 'buy' ? net.plus(open) : net.minus(open);
      }
      return net;
    },
    passTime: (ms) => {
      clock.advance(ms);
      running.exchange.advance();
    },
    close: () => running.close(),
  };
}

/**
 * The head of a bot file on the loopback exchange: `exchange: kraken` at its URL, the tier (intermediate) and the
 * test key `trader` (from KK_TEST_API_KEY / KK_TEST_API_SECRET, trading permissions), with `keyExtra` (indented
 * YAML lines) added to the key.
 */
export function loopbackHead(
  url: string,
  keyExtra = '    ipAllowlist: [127.0.0.1/32]',
  tier: 'starter' | 'intermediate' | 'pro' = 'intermediate',
): string {
  return `exchange: { kind: kraken, restUrl: "${url}" }
account: { tier: ${tier} }
keys:
  trader:
    apiKey: { env: KK_TEST_API_KEY }
    secret: { env: KK_TEST_API_SECRET }
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
${keyExtra}`;
}

/** A bot file trading on the loopback exchange with its key (`exchange: kraken` at its URL). */
export function loopbackConfig(url: string, bots: string, run = ''): string {
  return `${loopbackHead(url)}
run:
  pollInterval: 200ms
  reconcileInterval: 1s
  deadManSwitch: { timeout: 60s, refresh: 20s }
  status: plain
${run}
bots:
${bots}
`;
}

/** A grid resting three buys and three sells 2 % apart on ETH/USD: far enough that none fills during a test. */
export function wideGrid(name = 'grid'): string {
  return `  - name: ${name}
    key: trader
    strategy: grid
    pairs: [ETH/USD]
    params: { levels: 3, spacingBps: 200, volume: "0.1" }
`;
}
