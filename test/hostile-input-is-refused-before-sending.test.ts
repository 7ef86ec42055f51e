import { once } from 'node:events';
import { KrakenError, KrakenkitError, ValidationError } from '@krakenkit/client';
import { encodeForm, encodeJson, endpoints, preparePrivateBody } from '@krakenkit/client/wire';
import { createWsClient } from '@krakenkit/client/ws';
import { computeApiSign, mockTransport, startMockExchange } from '@krakenkit/mock-exchange';
import { testSeed } from '@krakenkit/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileCase, hostileCase } from './support/fuzz-hostile-values.js';
import {
  describeOutcome,
  expectPrototypeClean,
  isLocalRefusal,
  namedFields,
  type Outcome,
  outcomeOf,
  prototypeNames,
} from './support/fuzz-outcome.js';
import { contentType, hostileBody, wireParams, withNonce } from './support/fuzz-wire.js';
import { type FuzzWorld, fuzzWorld } from './support/fuzz-world.js';
import {
  hostileFrame,
  hostileServer,
  hostileServerFrame,
  rawSocket,
  sendFrame,
  waitUntil,
} from './support/fuzz-ws.js';

// Fixed seeds: a failure prints its seed and path, and the same run reproduces it (KRAKENKIT_SEED overrides).
const SEED = testSeed();
const RUNS = 150;

const ORDER = { type: 'buy', ordertype: 'limit', price: '30000', volume: '0.01' };
/** One valid params object per order-path method: the fuzzer makes each hostile. */
const VALID: Record<string, Record<string, unknown>> = {
  addOrder: { pair: 'XBTUSD', ...ORDER },
  addOrderBatch: {
    pair: 'XBTUSD',
    orders: [ORDER, { type: 'sell', ordertype: 'limit', price: '90000', volume: '0.01' }],
  },
  amendOrder: { txid: 'OABCDE-FGHIJ-KLMNOP', order_qty: '0.02' },
  editOrder: { txid: 'OABCDE-FGHIJ-KLMNOP', pair: 'XBTUSD', volume: '0.02' },
  cancelOrder: { txid: 'OABCDE-FGHIJ-KLMNOP' },
  withdraw: { asset: 'XBT', key: 'my-wallet', amount: '0.1' },
};
/** Reads a guarded call may make before deciding (WithdrawInfo for the guard's limit check): never orders. */
const READS = new Set(['WithdrawInfo']);

let world: FuzzWorld;
let cleanPrototype: string[];
let slowest = 0;
const tally = { resolved: 0, refusedLocally: 0, refusedByExchange: 0 };
beforeAll(async () => {
  cleanPrototype = prototypeNames();
  world = await fuzzWorld();
});
afterAll(async () => {
  await world?.close();
  console.info(`hostile input: ${JSON.stringify(tally)}; slowest single call ${slowest.toFixed(1)} ms`);
});

type Method = (params: unknown) => Promise<unknown>;
const methodOf = (target: object, name: string) => (target as Record<string, Method>)[name] as Method;
const endpointOf = (path: string) => /^\/0\/\w+\/(\w+)/.exec(path)?.[1] ?? path;

/** Every case: a typed error or a result; local refusals sent nothing; the prototype stays clean. */
async function checkCase(target: 'client' | 'guarded', method: string, hostile: HostileCase): Promise<void> {
  const requests = world.transport.requests;
  const before = requests.length;
  const outcome: Outcome = await outcomeOf(() => methodOf(world[target], method)(hostile.params));
  const sent = requests.slice(before).map((request) => endpointOf(request.path));
  slowest = Math.max(slowest, outcome.ms);
  const context = `${target}.${method} ${JSON.stringify(hostile.mutations.map((m) => m.kind))} → ${describeOutcome(outcome)}, sent [${sent.join(',')}]`;
  expect(outcome.kind, context).not.toBe('hung');
  expectPrototypeClean(cleanPrototype);
  if (outcome.kind === 'ok') {
    tally.resolved += 1;
    expect(hostile.mustRefuse, context).toBe(false);
    return;
  }
  if (outcome.kind !== 'error') return;
  expect(outcome.error, context).toBeInstanceOf(KrakenkitError);
  if (isLocalRefusal(outcome.error)) {
    tally.refusedLocally += 1;
    // Refused locally: no order, amend, cancel or withdrawal reached the transport (a validation error: nothing).
    const orders = sent.filter((name) => !READS.has(name));
    expect(outcome.error instanceof ValidationError ? sent : orders, context).toEqual([]);
  } else {
    tally.refusedByExchange += 1;
    expect(outcome.error, context).toBeInstanceOf(KrakenError);
  }
  if (hostile.mustRefuse) {
    expect(outcome.error, context).toBeInstanceOf(ValidationError);
    if (hostile.field !== undefined) {
      expect(namedFields(outcome.error).join(' '), context).toContain(hostile.field);
    }
  }
}

describe('hostile params on the order path end in a typed error or a valid result, never an order sent', () => {
  for (const target of ['client', 'guarded'] as const) {
    for (const [method, valid] of Object.entries(VALID)) {
      it(`${target}.${method}`, async () => {
        await fc.assert(
          fc.asyncProperty(hostileCase(valid), (hostile) => checkCase(target, method, hostile)),
          { seed: SEED, numRuns: RUNS },
        );
      });
    }
  }

  it('batch orders hostile inside the list are refused as a whole', async () => {
    const batch = VALID['addOrderBatch'] as { pair: string; orders: Array<Record<string, unknown>> };
    const order = batch.orders[0] as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        hostileCase(order),
        fc.constantFrom('client' as const, 'guarded' as const),
        async (inner, target) => {
          const params = { ...batch, orders: [inner.params, batch.orders[1]] };
          await checkCase(target, 'addOrderBatch', { ...inner, params });
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

/** Encodes, or throws only a ValidationError; returns undefined for a (typed) refusal. */
function encodedOrRefused(encode: () => string): string | undefined {
  try {
    return encode();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return undefined;
  }
}

/** Top-level string params are what the client's descriptors mostly produce: they must come back exactly. */
const stringEntries = (params: Record<string, unknown>) =>
  Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string');

describe('the REST body encoder', () => {
  it('form and JSON encodings either refuse with a ValidationError or parse back to the same params', () => {
    fc.assert(
      fc.property(wireParams, fc.bigInt({ min: 1n, max: 2n ** 64n }), (params, nonce) => {
        const form = encodedOrRefused(() => encodeForm(params));
        if (form !== undefined) {
          const back = new URLSearchParams(form);
          for (const [key, value] of stringEntries(params)) expect(back.getAll(key)).toContain(value);
        }
        const json = encodedOrRefused(() => encodeJson(params));
        if (json !== undefined) {
          const back = JSON.parse(json) as Record<string, unknown>;
          for (const [key, value] of stringEntries(params))
            expect(Object.getOwnPropertyDescriptor(back, key)?.value).toBe(value);
          // The private body: nonce first as a bare number token with every digit, then the same members.
          const body = preparePrivateBody('json', params)(String(nonce));
          expect(body.startsWith(`{"nonce":${nonce}`)).toBe(true);
          expect(() => JSON.parse(body)).not.toThrow();
        }
        expectPrototypeClean(cleanPrototype);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

const PRIVATE = Object.values(endpoints)
  .filter((e) => e.access === 'private')
  .map((e) => e.name);
const PUBLIC = Object.values(endpoints)
  .filter((e) => e.access === 'public')
  .map((e) => e.name);
const E_STRING = /^E[A-Za-z]+:/;

describe("the mock exchange's request parser", () => {
  it('answers any hostile request with a Kraken envelope and an E-string, never an internal error', async () => {
    const transport = mockTransport(world.exchange);
    let nonce = BigInt(Date.now()) * 1000n;
    const request = fc.record({
      name: fc.oneof(
        fc.constantFrom(...PRIVATE, ...PUBLIC),
        fc.constantFrom('Nope', '', '__proto__', 'constructor'),
      ),
      access: fc.constantFrom('private', 'public', 'privat', ''),
      query: fc.option(
        fc.constantFrom(
          'pair=XBTUSD&__proto__[fuzzPolluted]=1',
          'pair=%ZZ',
          'a[[[=1',
          `${'x['.repeat(5_000)}=1`,
        ),
      ),
      body: hostileBody,
      contentType,
      signed: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = `/0/${r.access}/${r.name}${r.query === null ? '' : `?${r.query}`}`;
        const json = r.contentType?.includes('json') ?? r.body.trim().startsWith('{');
        nonce += 1n;
        const body = r.signed ? withNonce(r.body, String(nonce), json) : r.body;
        const headers: Record<string, string> = {
          'API-Key': world.rawKey.apiKey,
          'API-Sign': 'bm90IGEgc2lnbmF0dXJl',
        };
        if (r.contentType !== undefined) headers['Content-Type'] = r.contentType;
        if (r.signed) {
          const secret = Buffer.from(world.rawKey.apiSecret, 'base64');
          headers['API-Sign'] = computeApiSign(secret, `/0/private/${r.name}`, String(nonce), body).toString(
            'base64',
          );
        }
        world.exchange.internalErrors.length = 0;
        const outcome = await outcomeOf(() => transport.send({ method: 'POST', path, headers, body }));
        expect(outcome.kind, describeOutcome(outcome)).toBe('ok');
        const response = (outcome as { value: { status: number; body: string } }).value;
        const envelope = JSON.parse(response.body) as { error: unknown };
        expect(Array.isArray(envelope.error)).toBe(true);
        for (const error of envelope.error as unknown[]) expect(error).toMatch(E_STRING);
        expect(world.exchange.internalErrors).toEqual([]);
        expectPrototypeClean(cleanPrototype);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('WebSocket v2 frames', () => {
  it('the mock server answers hostile frames with Kraken error acks and keeps serving', async () => {
    const running = await startMockExchange({
      seed: 'fuzz-ws',
      pairs: ['XXBTZUSD'],
      ws: { heartbeatIntervalMs: 0 },
    });
    try {
      const { socket, received } = await rawSocket(running.wsUrl);
      let reqId = 1_000_000;
      await fc.assert(
        fc.asyncProperty(fc.array(hostileFrame, { minLength: 1, maxLength: 5 }), async (frames) => {
          for (const frame of frames) sendFrame(socket, frame);
          // A ping after the barrage: its pong proves every earlier frame was processed and the socket lives.
          reqId += 1;
          const ping = reqId;
          socket.send(JSON.stringify({ method: 'ping', req_id: ping }));
          await waitUntil(() => received.some((text) => text.includes(`"req_id":${ping}`)), `pong ${ping}`);
          expect(running.exchange.internalErrors).toEqual([]);
          expectPrototypeClean(cleanPrototype);
        }),
        { seed: SEED, numRuns: 60 },
      );
      const acks = received.map((text) => JSON.parse(text) as { success?: boolean; error?: unknown });
      const failures = acks.filter((ack) => ack.success === false);
      expect(failures.length).toBeGreaterThan(0);
      // Kraken's v2 acks carry E-strings for bad requests and plain text for subscription states ("Already subscribed").
      for (const ack of failures) expect(ack.error).toMatch(/^(E[A-Za-z]+:|[A-Z][\w ]+)/);
      expect(failures.some((ack) => E_STRING.test(String(ack.error)))).toBe(true);
      // A frame over the payload bound closes that connection (1009); the server accepts the next one.
      socket.send('x'.repeat(2 << 20));
      const [code] = (await once(socket, 'close')) as [number];
      expect(code).toBe(1009);
      const next = await rawSocket(running.wsUrl);
      next.socket.send('{"method":"ping","req_id":7}');
      await waitUntil(
        () => next.received.some((text) => text.includes('"pong"')),
        'pong after an oversized frame',
      );
      next.socket.terminate();
    } finally {
      await running.close();
    }
  });

  it("the client's parser turns hostile server frames into protocol-error events and keeps the connection", async () => {
    const server = await hostileServer();
    const client = createWsClient({ url: server.url, authUrl: server.url, getToken: async () => 'token' });
    const problems: unknown[] = [];
    client.on('protocol-error', (event) => problems.push(event.error));
    client.on('error', (event) => problems.push(event.error));
    try {
      const ticker = client.subscribe({ channel: 'ticker', symbol: ['BTC/USD'] });
      await ticker.ready;
      const iterator = ticker[Symbol.asyncIterator]();
      fc.assert(
        fc.property(hostileServerFrame, (text) => {
          server.broadcast(text);
        }),
        { seed: SEED, numRuns: 200 },
      );
      server.broadcast('not json');
      server.broadcast(
        '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":1.5,"bid_qty":1,"ask":2.5,"ask_qty":1,"last":2,"volume":10,"vwap":2,"low":1,"high":3,"change":0.1,"change_pct":1}]}',
      );
      // Whatever came before, the valid ticker still arrives on the same connection.
      let last: unknown;
      await waitUntil(() => problems.some((p) => (p as { path?: string }).path === ''), 'protocol errors');
      for (;;) {
        const next = await iterator.next();
        last = next.value;
        if ((last as { data?: Array<{ bid?: string }> }).data?.[0]?.bid === '1.5') break;
      }
      expect(problems.length).toBeGreaterThan(0);
      for (const problem of problems) expect(problem).toBeInstanceOf(KrakenkitError);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
