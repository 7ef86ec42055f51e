import { afterAll, describe, expect, it } from 'vitest';
import { withClientOrderIds } from '../src/client/cl-ord-id.js';
import { createClient } from '../src/client.js';
import { encodePrivateBody, encodeQuery } from '../src/encoding.js';
import { type EndpointName, endpoints } from '../src/endpoints/index.js';
import { PERMISSIONS, type PermissionFlag } from '../src/keys/permissions.js';
import type { RateBudget, RateLimiter } from '../src/rate-limit/types.js';
import { signRequest } from '../src/signing.js';
import type { Transport, TransportRequest } from '../src/transport/types.js';
import { FIXTURES, UUID } from './fixtures/endpoint-requests.js';

/**
 * The same static fixtures, through createClient with a recording transport: method + arguments → exact path,
 * headers and body. The nonce comes from a counter, so each body's nonce is known; the signature is recomputed
 * from the official test secret over the exact body sent.
 */
const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const API_KEY = 'fixture-public-key';
const USER_AGENT = 'krakenkit-fixtures';
const GENERATED = 'generated-cl-ord-id';
const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const RESULTS: Partial<Record<EndpointName, unknown>> = {
  addOrder: { descr: { order: 'fixture' }, txid: ['OUF4EM-FRGI2-MQMWZD'] },
  addOrderBatch: { orders: [{ txid: 'OAAAAA-AAAAA-AAAAAA' }, { txid: 'OBBBBB-BBBBB-BBBBBB' }] },
  amendOrder: { amend_id: 'TTW6PD-RC36L-ZZSWNU' },
  cancelOrder: { count: 1 },
  cancelAll: { count: 0 },
  cancelOrderBatch: { count: 1 },
  withdraw: { refid: 'FTQcuak-V6Za8qrWnhzTx67yYHz8Tg' },
};

const recorded: TransportRequest[] = [];
let lastMethod: EndpointName = 'time';
const transport: Transport = {
  send: async (request) => {
    recorded.push(request);
    return { status: 200, body: JSON.stringify({ error: [], result: RESULTS[lastMethod] ?? {} }) };
  },
};
/** Lets every call through at once: rate limits are tested elsewhere, here only the bytes matter. */
const passThrough: RateLimiter = {
  run: (_ticket, send) => send(),
  observe: () => {},
  budget: (): RateBudget => ({
    rest: { counter: 0, max: 15, decayPerSecond: 0.33 },
    trading: {},
    throttledUntil: undefined,
  }),
};
let nonce = 1_616_492_376_594;
const client = createClient({
  transport,
  userAgent: USER_AGENT,
  nonce: { next: () => String(nonce++) },
  rateLimit: { limiter: passThrough },
  retry: { attempts: 1 },
  key: {
    name: 'fixtures',
    apiKey: API_KEY,
    apiSecret: SECRET,
    permissions: Object.keys(PERMISSIONS) as PermissionFlag[],
  },
});

afterAll(() => client.close());

async function call(method: EndpointName, params: unknown): Promise<TransportRequest> {
  lastMethod = method;
  const before = recorded.length;
  const invoke = client[method] as (params: unknown) => Promise<unknown>;
  await invoke(params);
  expect(recorded.length).toBe(before + 1);
  return recorded[recorded.length - 1]!;
}

describe('createClient sends the static fixtures byte for byte', () => {
  it.each(FIXTURES.map((fixture, index) => [`${index} ${fixture.method}`, fixture] as const))(
    '%s',
    async (_, fixture) => {
      const descriptor = endpoints[fixture.method];
      const request = await call(fixture.method, fixture.params);
      if (descriptor.access === 'public') {
        const query = encodeQuery(fixture.wire);
        expect(request).toMatchObject({
          method: 'GET',
          path: `/0/public/${descriptor.name}${query ? `?${query}` : ''}`,
        });
        expect(request.body).toBeUndefined();
        expect(request.headers['API-Key']).toBeUndefined();
        expect(request.headers['API-Sign']).toBeUndefined();
        return;
      }
      const path = `/0/private/${descriptor.name}`;
      const encoding = descriptor.encoding === 'json' ? 'json' : 'form';
      const body = request.body ?? '';
      const sentNonce = /^(?:nonce=|\{"nonce":)(\d+)/.exec(body)?.[1] ?? '';
      // The client adds a random cl_ord_id to orders that have none; everything else is the fixture.
      const generated = (body.match(UUID_PATTERN) ?? []).filter((id) => id !== UUID);
      const normalised = generated.reduce((text, id) => text.replace(id, GENERATED), body);
      const wire = withClientOrderIds(descriptor.name, fixture.wire, () => GENERATED);
      expect(request.method).toBe('POST');
      expect(request.path).toBe(path);
      expect(normalised).toBe(encodePrivateBody(encoding, sentNonce, wire));
      expect(request.headers).toEqual({
        'API-Key': API_KEY,
        'API-Sign': signRequest(SECRET, path, sentNonce, body),
        'Content-Type':
          encoding === 'json'
            ? 'application/json; charset=utf-8'
            : 'application/x-www-form-urlencoded; charset=utf-8',
        'User-Agent': USER_AGENT,
      });
    },
  );

  it('sends the official AddOrder example as the exact documented body', async () => {
    const request = await call('addOrder', {
      ordertype: 'limit',
      type: 'buy',
      volume: '1.25',
      pair: 'XBTUSD',
      price: '37500',
      cl_ord_id: 'fixture-1',
    });
    expect(request.body).toBe(
      `nonce=${nonce - 1}&cl_ord_id=fixture-1&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25`,
    );
  });

  it('refuses invalid params before anything is sent', async () => {
    const before = recorded.length;
    await expect(
      client.addOrder({ ordertype: 'limit', type: 'buy', volume: 1 as never, pair: 'XBTUSD', price: '1' }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'AddOrder.volume' });
    expect(recorded.length).toBe(before);
  });
});
