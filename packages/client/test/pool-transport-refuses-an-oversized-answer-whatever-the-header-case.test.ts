/**
 * An answer whose Content-Length is over the bound is refused as soon as its headers arrive, however the peer
 * spells the header: the transport does not wait for a body it will not read (here the peer never sends it).
 */

import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseTooLargeError } from '../src/transport/types.js';
import { createPoolTransport } from '../src/transport/undici-pool.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

/** A raw HTTP peer that answers every request with these headers and then says nothing more. */
async function peer(headerName: string): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => {
      socket.write(`HTTP/1.1 200 OK\r\n${headerName}: 999999\r\nContent-Type: application/json\r\n\r\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('undici Pool transport, an answer declared larger than the bound', () => {
  it.each(['Content-Length', 'content-length', 'CONTENT-LENGTH', 'cOnTeNt-LeNgTh'])(
    'is refused on its headers when the peer writes %s',
    async (headerName) => {
      const transport = createPoolTransport({ baseUrl: await peer(headerName), connections: 1 });
      open.push(() => transport.close?.() ?? Promise.resolve());
      const sent = transport.send({
        method: 'POST',
        path: '/0/private/AddOrder',
        headers: { 'User-Agent': 'test' },
        body: 'nonce=1',
        maxResponseBytes: 1024,
        timeoutMs: 60_000,
      });
      await expect(sent).rejects.toBeInstanceOf(ResponseTooLargeError);
    },
  );
});
