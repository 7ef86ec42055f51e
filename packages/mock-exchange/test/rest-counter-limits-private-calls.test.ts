import { describe, expect, it } from 'vitest';
import { call } from './support/signer.js';
import { world } from './support/world.js';

describe('REST call counter per key (docs/kraken/rate-limits.md)', () => {
  it('starter: 15 calls fit, the 16th is EAPI:Rate limit exceeded', () => {
    const { exchange, key } = world({ tier: 'starter' });
    for (let i = 0; i < 15; i += 1) expect(call(exchange, key, 'Balance').error).toEqual([]);
    expect(call(exchange, key, 'Balance').error).toEqual(['EAPI:Rate limit exceeded']);
  });

  it('a rejected call charges nothing, and the counter decays at the tier rate', () => {
    const { exchange, key, clock } = world({ tier: 'starter' });
    for (let i = 0; i < 15; i += 1) call(exchange, key, 'Balance');
    for (let i = 0; i < 5; i += 1)
      expect(call(exchange, key, 'Balance').error).toEqual(['EAPI:Rate limit exceeded']);
    clock.advance(3100); // 0.33/s × 3.1 s ≈ 1.02: one unit of room
    expect(call(exchange, key, 'Balance').error).toEqual([]);
    expect(call(exchange, key, 'Balance').error).toEqual(['EAPI:Rate limit exceeded']);
  });

  it("history calls cost 4 by default: five of them exceed an intermediate key's 20", () => {
    const { exchange, key } = world({ tier: 'intermediate' });
    for (let i = 0; i < 5; i += 1) expect(call(exchange, key, 'Ledgers').error).toEqual([]);
    expect(call(exchange, key, 'ClosedOrders').error).toEqual(['EAPI:Rate limit exceeded']);
  });

  it('history cost is configurable (the sources say 2 or 4)', () => {
    const { exchange, key } = world({ tier: 'intermediate' }, { settings: { historyCost: 2 } });
    for (let i = 0; i < 10; i += 1) expect(call(exchange, key, 'TradesHistory').error).toEqual([]);
    expect(call(exchange, key, 'TradesHistory').error).toEqual(['EAPI:Rate limit exceeded']);
  });

  it('trading calls and public calls do not touch the REST counter', () => {
    const { exchange, key } = world({ tier: 'starter' });
    for (let i = 0; i < 20; i += 1) {
      expect(call(exchange, key, 'CancelAll').error).toEqual([]);
    }
    expect(call(exchange, key, 'Balance').error).toEqual([]);
  });

  it('each key has its own counter', () => {
    const second = { apiKey: 'second-key', apiSecret: Buffer.alloc(64, 7).toString('base64') };
    const { exchange, key } = world({ tier: 'starter', keys: [second] });
    for (let i = 0; i < 15; i += 1) call(exchange, key, 'Balance');
    expect(call(exchange, key, 'Balance').error).toEqual(['EAPI:Rate limit exceeded']);
    expect(call(exchange, second, 'Balance').error).toEqual([]);
  });
});
