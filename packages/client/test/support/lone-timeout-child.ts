/**
 * A process whose only work is one request through the Pool transport to a server that never answers: it prints
 * how the request ended. Nothing but the request itself keeps this process alive while it waits.
 */
import { createPoolTransport } from '../../src/transport/undici-pool.js';

const [baseUrl, timeoutMs] = process.argv.slice(2);
const transport = createPoolTransport({ baseUrl: String(baseUrl), connections: 1 });
const started = performance.now();
try {
  await transport.send({
    method: 'POST',
    path: '/0/private/Balance',
    headers: { 'User-Agent': 'test' },
    body: 'hang',
    timeoutMs: Number(timeoutMs),
  });
  console.log(JSON.stringify({ outcome: 'answered' }));
} catch (error) {
  const name = (error as { name?: unknown }).name;
  console.log(JSON.stringify({ outcome: String(name), afterMs: performance.now() - started }));
} finally {
  await transport.close?.();
}
