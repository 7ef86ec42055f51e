import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RunningMockExchange } from '@krakenkit/mock-exchange';

/**
 * Takes the mock exchange's WebSocket down as a network outage would: every open connection is cut, and every new
 * upgrade is refused (its socket destroyed) until the returned function brings the server back. REST keeps
 * answering meanwhile.
 */
export function socketOutage(running: RunningMockExchange): () => void {
  const { server } = running;
  const serving = server.listeners('upgrade') as Array<(...args: unknown[]) => void>;
  server.removeAllListeners('upgrade');
  const refuse = (_request: IncomingMessage, socket: Duplex) => socket.destroy();
  server.on('upgrade', refuse);
  running.ws.faults.dropConnections();
  return () => {
    server.off('upgrade', refuse);
    for (const listener of serving) server.on('upgrade', listener);
  };
}
