import { waitFor } from '@krakenkit/test-support';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { type RunningMockExchange, startMockExchange } from '../../src/adapters/server.js';
import type { AccountConfig } from '../../src/config/accounts.js';
import { ManualClock } from '../../src/core/clock.js';
import type { MockExchangeOptions } from '../../src/setup.js';
import type { MockWsOptions } from '../../src/ws/options.js';
import type { TestKey } from './signer.js';
import { ok } from './signer.js';
import { newKey } from './world.js';

/** A loopback mock with one rich account, a fast random walk and fast heartbeats. */
export interface WsWorld {
  running: RunningMockExchange;
  key: TestKey;
  accountId: string;
  /** A fresh token from GetWebSocketsToken (signed REST call through the exchange core). */
  token(): string;
}

export async function startWsWorld(
  account: Partial<AccountConfig> = {},
  options: Omit<MockExchangeOptions, 'accounts'> & { ws?: MockWsOptions } = {},
): Promise<WsWorld> {
  const key = newKey('ws');
  const config: AccountConfig = {
    id: 'main',
    tier: 'intermediate',
    balances: { ZUSD: '1000000', XXBT: '10', XETH: '100' },
    ...account,
    apiKey: key.apiKey,
    apiSecret: key.apiSecret,
  };
  const running = await startMockExchange({
    seed: 'ws-test',
    pairs: ['XXBTZUSD', 'XETHZUSD'],
    ...options,
    settings: { stepMs: 40, ...options.settings },
    ws: { heartbeatIntervalMs: 100, ...options.ws },
    tickMs: 20,
    accounts: [config],
  });
  return {
    key,
    accountId: 'main',
    running,
    token: () => ok<{ token: string }>(running.exchange, key, 'GetWebSocketsToken').token,
  };
}

/** A WebSocket world with one raw connection open on it and a token for its private methods. */
export interface OpenWsWorld {
  w: WsWorld;
  raw: RawWs;
  token: string;
}

/**
 * For a test file whose tests each need a world of their own: returns an opener of {@link startWsWorld} (on a
 * manual clock unless the options give one) with a raw connection, and closes both after each test.
 */
export function wsWorldPerTest(): (
  account?: Partial<AccountConfig>,
  options?: Parameters<typeof startWsWorld>[1],
) => Promise<OpenWsWorld> {
  const opened: OpenWsWorld[] = [];
  afterEach(async () => {
    for (const { raw, w } of opened.splice(0)) {
      raw.close();
      await w.running.close();
    }
  });
  return async (account = {}, options = {}) => {
    const w = await startWsWorld(account, { clock: new ManualClock(), ...options });
    const raw = await RawWs.open(w.running.wsUrl);
    const world = { w, raw, token: w.token() };
    opened.push(world);
    return world;
  };
}

/** Everything one raw connection received, parsed, with helpers to wait for frames. */
export class RawWs {
  readonly frames: Array<Record<string, unknown>> = [];
  readonly texts: string[] = [];
  readonly socket: WebSocket;
  #nextReq = 1;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const text = data.toString();
      this.texts.push(text);
      this.frames.push(JSON.parse(text) as Record<string, unknown>);
    });
  }

  static async open(url: string): Promise<RawWs> {
    const socket = new WebSocket(url);
    const raw = new RawWs(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return raw;
  }

  /** Sends a request; returns its req_id. */
  send(method: string, params?: Record<string, unknown>): number {
    const reqId = this.#nextReq++;
    this.socket.send(JSON.stringify({ method, ...(params === undefined ? {} : { params }), req_id: reqId }));
    return reqId;
  }

  /** Answers to a request so far. */
  answers(reqId: number): Array<Record<string, unknown>> {
    return this.frames.filter((frame) => frame.req_id === reqId);
  }

  /** Sends and waits for `count` answers. */
  async call(
    method: string,
    params?: Record<string, unknown>,
    count = 1,
  ): Promise<Array<Record<string, unknown>>> {
    const reqId = this.send(method, params);
    await waitFor(() => this.answers(reqId).length >= count, `${count} answer(s) to ${method}`);
    return this.answers(reqId);
  }

  /** Waits for a frame matching `match`, searching from `from`; returns it. */
  async next(match: (frame: Record<string, unknown>) => boolean, what: string, from = 0) {
    await waitFor(() => this.frames.slice(from).some(match), what);
    return this.frames.slice(from).find(match) as Record<string, unknown>;
  }

  close(): void {
    this.socket.terminate();
  }
}

export { waitFor };
