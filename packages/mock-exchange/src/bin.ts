#!/usr/bin/env node
/**
 * `krakenkit-mock [--port N] [--seed S] [--options file.json] [--admin]`: starts the mock exchange on 127.0.0.1 and
 * prints its URLs and the demo API keys. The demo secrets are printed on purpose: they are mock keys that only this
 * process accepts. Accounts given in an options file are listed without their secrets (their owner has them).
 * `--admin` serves the exchange's metrics under `/__mock/` to callers presenting the token from
 * KRAKENKIT_MOCK_ADMIN_TOKEN.
 */
import { parseArgs } from 'node:util';
import { startMockExchange } from './adapters/server.js';
import { ADMIN_TOKEN_ENV, adminOptions, readOptionsFile } from './bin-options.js';
import { ADMIN_PREFIX } from './observe/admin-route.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string' },
      options: { type: 'string' },
      admin: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  const file = values.options === undefined ? {} : readOptionsFile(values.options);
  const admin = adminOptions(values.admin, file.admin, process.env);
  const { admin: _fileAdmin, ...fromFile } = file;
  const running = await startMockExchange({
    ...fromFile,
    port,
    seed: values.seed ?? fromFile.seed ?? 'krakenkit',
    ...(admin === undefined ? {} : { admin }),
  });
  const lines = [`mock Kraken REST:      ${running.url}`, `mock Kraken WebSocket: ${running.wsUrl}`];
  if (admin !== undefined)
    lines.push(`mock admin:            ${running.url}${ADMIN_PREFIX} (token: ${ADMIN_TOKEN_ENV})`);
  for (const account of running.state.accounts.all()) {
    for (const key of account.keys) {
      const secret = fromFile.accounts === undefined ? `  secret ${key.secret.toString('base64')}` : '';
      lines.push(`account ${account.id} (${account.tier}): API key ${key.apiKey}${secret}`);
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
