import { describe, expect, it } from 'vitest';
import { MockRequestNotSentError, MockTransportError, mockTransport } from '../src/adapters/transport.js';
import { limitBuy } from './support/orders.js';
import { type Envelope, signedRequest } from './support/signer.js';
import { world } from './support/world.js';

describe('mockTransport (no HTTP)', () => {
  it('moves signed bytes to the core and back', async () => {
    const w = world();
    const transport = mockTransport(w.exchange);
    const request = signedRequest(w.key, 'AddOrder', limitBuy('0.01', '60000.0'));
    const response = await transport.send({
      method: 'POST',
      path: request.path,
      headers: request.headers as Record<string, string>,
      body: request.body!,
    });
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as Envelope).error).toEqual([]);
  });

  it('a lost response throws an error whose outcome is unknown (not "not sent")', async () => {
    const w = world();
    w.exchange.faults.add({ kind: 'lost-response', endpoints: ['AddOrder'] });
    const transport = mockTransport(w.exchange);
    const request = signedRequest(w.key, 'AddOrder', limitBuy('0.01', '60000.0'));
    const sent = transport.send({
      method: 'POST',
      path: request.path,
      headers: request.headers as Record<string, string>,
      body: request.body!,
    });
    await expect(sent).rejects.toBeInstanceOf(MockTransportError);
    await expect(sent).rejects.toMatchObject({ outcome: 'unknown' });
    await expect(sent).rejects.not.toHaveProperty('sent', false);
    expect(w.exchange.account('main').orders.size).toBe(1);
  });

  it('an already aborted signal means not sent', async () => {
    const w = world();
    const transport = mockTransport(w.exchange);
    const controller = new AbortController();
    controller.abort();
    const sent = transport.send({
      method: 'GET',
      path: '/0/public/Time',
      headers: {},
      signal: controller.signal,
    });
    await expect(sent).rejects.toBeInstanceOf(MockRequestNotSentError);
    await expect(sent).rejects.toHaveProperty('sent', false);
  });

  it('passes the configured IP for allowlisted keys', async () => {
    const w = world({ ipAllowlist: ['10.0.0.1'] });
    const request = signedRequest(w.key, 'Balance');
    const send = (ip: string) =>
      mockTransport(w.exchange, { ip }).send({
        method: 'POST',
        path: request.path,
        headers: request.headers as Record<string, string>,
        body: request.body!,
      });
    expect((JSON.parse((await send('10.0.0.2')).body) as Envelope).error).toEqual([
      'EGeneral:Permission denied',
    ]);
    const again = signedRequest(w.key, 'Balance');
    const ok = await mockTransport(w.exchange, { ip: '10.0.0.1' }).send({
      method: 'POST',
      path: again.path,
      headers: again.headers as Record<string, string>,
      body: again.body!,
    });
    expect((JSON.parse(ok.body) as Envelope).error).toEqual([]);
  });
});
