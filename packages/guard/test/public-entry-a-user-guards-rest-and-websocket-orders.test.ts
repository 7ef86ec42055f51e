/**
 * @krakenkit/guard used only through its public entries, with @krakenkit/client through its own: the root for the
 * guard, its YAML config and the guarded REST client; `/ws` for the guarded WebSocket trading methods; `/audit`
 * for the JSONL audit trail of every decision.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createClient, formatIssue, signRequest } from '@krakenkit/client';
import type { Transport } from '@krakenkit/client/transport';
import type { WsAddOrderParams } from '@krakenkit/client/ws';
import { createGuard, GuardRejectedError, guardClient, loadGuardConfig } from '@krakenkit/guard';
import { type AuditEvent, createJsonlAuditWriter } from '@krakenkit/guard/audit';
import { type GuardableWsClient, guardWsClient } from '@krakenkit/guard/ws';
import { afterEach, describe, expect, it } from 'vitest';

const XXBTZUSD = {
  altname: 'XBTUSD',
  wsname: 'XBT/USD',
  base: 'XXBT',
  quote: 'ZUSD',
  pair_decimals: 1,
  lot_decimals: 8,
  ordermin: '0.0001',
  costmin: '0.5',
  tick_size: '0.1',
  leverage_buy: [2, 3, 4, 5],
  leverage_sell: [2, 3, 4, 5],
  status: 'online',
  long_position_limit: 1000,
  short_position_limit: 1000,
};
const RULES = { tier: 'intermediate', assetPairs: { XXBTZUSD } } as const;
const ALLOWANCES = { USD: { allowance: '10000', fiat: true, aliases: ['ZUSD'] } };
const MARGIN_ALLOWANCE_EXCEEDED = 'EOrder:Margin allowance exceeded';
// What OpenOrders and OpenPositions answer for an account with neither.
const EMPTY_ACCOUNT = { openOrders: { open: {} }, openPositions: {} };

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('@krakenkit/guard through its public entries', () => {
  it('root: guardClient sends an order within the rules and refuses one over the allowance unsent', async () => {
    const apiSecret = randomBytes(64).toString('base64');
    const sent: string[] = [];
    const transport: Transport = {
      async send(request) {
        const body = request.body ?? '';
        const nonce = new URLSearchParams(body).get('nonce') ?? '';
        expect(request.headers['API-Sign']).toBe(signRequest(apiSecret, request.path, nonce, body));
        sent.push(body);
        return {
          status: 200,
          body: JSON.stringify({
            error: [],
            result: { descr: { order: 'buy' }, txid: ['OQCLML-BW3P3-BUCMWZ'] },
          }),
        };
      },
    };
    const client = createClient({
      transport,
      tier: 'intermediate',
      key: { name: 'bot', apiKey: 'k', apiSecret, permissions: ['trades_query_open', 'trades_modify'] },
    });
    cleanup.push(() => client.close());
    const trading = guardClient(client, createGuard({ ...RULES, allowances: ALLOWANCES }, EMPTY_ACCOUNT));
    const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '60000' } as const;
    expect((await trading.addOrder({ ...order, volume: '0.01' })).txid).toEqual(['OQCLML-BW3P3-BUCMWZ']);
    const refused = await trading.addOrder({ ...order, volume: '1', leverage: '5' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GuardRejectedError);
    expect((refused as GuardRejectedError).violations.map((v) => v.code)).toEqual([
      MARGIN_ALLOWANCE_EXCEEDED,
    ]);
    expect(sent).toHaveLength(1);
  });

  it('root: rules load from YAML, and a wrong value is a ConfigError at file:line:column', () => {
    const rules = loadGuardConfig('tier: intermediate\nsanity:\n  maxOrderNotional: { USD: "5000" }\n');
    const guard = createGuard({ ...rules, assetPairs: RULES.assetPairs }, EMPTY_ACCOUNT);
    const decision = guard.check({
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: '60000',
    });
    expect(decision.allowed).toBe(false);
    expect(decision.violations.map((v) => v.rule)).toContain('notional');
    const error = (() => {
      try {
        loadGuardConfig('tier: platinum\n', { file: 'rules.yaml' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^rules\.yaml:1:7: tier: /),
    ]);
  });

  it('/audit: every decision is appended to a JSONL file through guard.onAudit()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'krakenkit-public-audit-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'audit.jsonl');
    const writer = createJsonlAuditWriter(path);
    const guard = createGuard({ ...RULES, allowances: ALLOWANCES }, EMPTY_ACCOUNT);
    guard.onAudit(writer.listener);
    guard.check({
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: '60000',
      leverage: '5',
    });
    await writer.close();
    const events = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEvent);
    expect(events).toEqual([expect.objectContaining({ type: 'decision', action: 'check', allowed: false })]);
  });

  it('/ws: the guarded WebSocket client refuses an order over the allowance before the socket sees it', async () => {
    const reached: WsAddOrderParams[] = [];
    const unused = async (): Promise<never> => {
      throw new Error('not used by this test');
    };
    const ws: GuardableWsClient = {
      async addOrder(params) {
        reached.push(params);
        return { order_id: 'OWS-1' };
      },
      batchAdd: unused,
      amendOrder: unused,
      cancelOrder: unused,
      cancelAll: unused,
      batchCancel: unused,
      cancelAllOrdersAfter: unused,
    };
    const trading = guardWsClient(ws, createGuard({ ...RULES, allowances: ALLOWANCES }, EMPTY_ACCOUNT));
    const order = { symbol: 'XBT/USD', side: 'buy', order_type: 'limit', limit_price: '60000' } as const;
    expect(await trading.addOrder({ ...order, order_qty: '0.01' })).toMatchObject({ order_id: 'OWS-1' });
    const refused = await trading
      .addOrder({ ...order, order_qty: '1', margin: true })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GuardRejectedError);
    expect((refused as GuardRejectedError).violations.map((v) => v.code)).toContain(
      MARGIN_ALLOWANCE_EXCEEDED,
    );
    expect(reached).toHaveLength(1);
  });
});
