#!/usr/bin/env node
/**
 * `krakenkit-mock [--port N] [--seed S]`: starts the mock exchange on 127.0.0.1 and prints its URLs and the demo
 * API key. The demo secret is printed on purpose: it is a mock key that only this process accepts.
 */
import { parseArgs } from 'node:util';
import { startMockExchange } from './adapters/server.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, seed: { type: 'string', default: 'krakenkit' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  const running = await startMockExchange({ port, seed: values.seed });
  const lines = [`mock Kraken REST:      ${running.url}`, `mock Kraken WebSocket: ${running.wsUrl}`];
  for (const account of running.state.accounts.all()) {
    for (const key of account.keys) {
      lines.push(
        `account ${account.id} (${account.tier}): API key ${key.apiKey}  secret ${key.secret.toString('base64')}`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`krakenkit-mock: ${(error as Error).message}\n`);
  process.exit(1);
});
