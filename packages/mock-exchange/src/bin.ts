#!/usr/bin/env node
/**
 * `krakenkit-mock [--port N] [--seed S] [--options file.json] [--admin] [--help]`: starts the mock exchange on 127.0.0.1 and
 * prints its URLs and the demo API keys. The demo secrets are printed on purpose: they are mock keys that only this
 * process accepts. Accounts given in an options file are listed without their secrets (their owner has them).
 * `--admin` serves the exchange's metrics under `/__mock/` to callers presenting the token from
 * KRAKENKIT_MOCK_ADMIN_TOKEN.
 */
import { parseArgs } from 'node:util';
import { startMockExchange } from './adapters/server.js';
import { ADMIN_TOKEN_ENV, adminOptions, readOptionsFile } from './bin-options.js';
import { ADMIN_PREFIX } from './observe/admin-route.js';

const USAGE = `Usage: krakenkit-mock [--port N] [--seed S] [--options file.json] [--admin]

Starts the mock Kraken exchange (REST and WebSocket v2) on 127.0.0.1 and prints its URLs and API keys.

  --port N             TCP port on 127.0.0.1 (default 0: a free one)
  --seed S             seed of the simulated market (default krakenkit): the same seed, the same prices
  --options FILE       startMockExchange options as JSON: accounts, pairs, faults, allowances, tiers, fees,
                       settings, tickMs, maxConnections, fastLane, admin
  --admin              serve the exchange's metrics under /__mock/ to callers presenting the token in
                       ${ADMIN_TOKEN_ENV} (16 or more characters)
  -h, --help           print this and exit
`;

/** A command line this program cannot read: exit 2, as for any usage error. */
class UsageError extends Error {}

async function main(): Promise<void> {
  const { values } = readArgs();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`invalid --port ${values.port}`);
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

function readArgs() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        seed: { type: 'string' },
        options: { type: 'string' },
        admin: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // parseArgs' own errors (an unknown option, a missing value) are usage errors too.
    throw new UsageError((error as Error).message);
  }
}

main().catch((error: unknown) => {
  const usage = error instanceof UsageError;
  process.stderr.write(
    `krakenkit-mock: ${(error as Error).message}${usage ? ' (krakenkit-mock --help)' : ''}\n`,
  );
  process.exit(usage ? 2 : 1);
});
