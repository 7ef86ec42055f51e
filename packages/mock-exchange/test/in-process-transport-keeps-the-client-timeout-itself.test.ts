import { createClient } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { MockTransportError, mockTransport } from '../src/adapters/transport.js';
import { signedRequest } from './support/signer.js';
import { world } from './support/world.js';

// The in-process transport enforces the client's timeout itself (handlesTimeout): only a latency fault ever makes
// it wait, so the client needs no AbortSignal and timer per request.
describe('mockTransport timeouts', () => {
  it('says it enforces the timeout, and answers within it when no fault delays the answer', async () => {
    const w = world();
    const transport = mockTransport(w.exchange);
    expect(transport.handlesTimeout).toBe(true);
    const request = signedRequest(w.key, 'Balance');
    const response = await transport.send({
      method: 'POST',
      path: request.path,
      headers: request.headers as Record<string, string>,
      body: request.body as string,
      timeoutMs: 1,
    });
    expect(response.status).toBe(200);
  });

  it('a fault delaying the answer past the timeout ends as a timeout whose outcome is unknown', async () => {
    const w = world();
    w.exchange.faults.add({ kind: 'latency', endpoints: ['Balance'], latencyMs: 60_000 });
    const request = signedRequest(w.key, 'Balance');
    const sent = mockTransport(w.exchange).send({
      method: 'POST',
      path: request.path,
      headers: request.headers as Record<string, string>,
      body: request.body as string,
      timeoutMs: 20,
    });
    await expect(sent).rejects.toBeInstanceOf(MockTransportError);
    await expect(sent).rejects.toMatchObject({ outcome: 'unknown', cause: { name: 'TimeoutError' } });
  });

  it('the real client reports such an answer as its timeout (KRAKENKIT_TIMEOUT), the outcome unknown', async () => {
    const w = world();
    w.exchange.faults.add({ kind: 'latency', endpoints: ['Balance'], latencyMs: 60_000 });
    const client = createClient({
      key: { name: 'mock', apiKey: w.key.apiKey, apiSecret: w.key.apiSecret, permissions: ['funds_query'] },
      tier: 'intermediate',
      transport: mockTransport(w.exchange),
      timeoutMs: 20,
      retry: { attempts: 1 },
    });
    await expect(client.balance()).rejects.toMatchObject({ code: 'KRAKENKIT_TIMEOUT', outcome: 'unknown' });
    await client.close();
  });

  it('a delay shorter than the timeout is waited out, and the answer arrives', async () => {
    const w = world();
    w.exchange.faults.add({ kind: 'latency', endpoints: ['Balance'], latencyMs: 5 });
    const request = signedRequest(w.key, 'Balance');
    const response = await mockTransport(w.exchange).send({
      method: 'POST',
      path: request.path,
      headers: request.headers as Record<string, string>,
      body: request.body as string,
      timeoutMs: 60_000,
    });
    expect(response.status).toBe(200);
  });
});
