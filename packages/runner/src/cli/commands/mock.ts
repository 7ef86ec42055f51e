import { nameForMessage } from '@krakenkit/core/config';
import { startMockExchange } from '@krakenkit/mock-exchange';
import { parseCommand, stringFlag, UsageError } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';
import type { CliIo } from '../io.js';

/**
 * `krakenkit mock [--port N] [--seed S]`: the mock exchange on 127.0.0.1 until Ctrl-C. Prints its URLs and the
 * demo accounts' keys (mock keys, printed on purpose: only this process accepts them).
 */
export async function mockCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('mock', args, { port: { type: 'string' }, seed: { type: 'string' } });
  if (parsed.values['help'] === true) {
    io.stdout.write(`${HELP.mock}\n`);
    return EXIT.ok;
  }
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument ${nameForMessage(parsed.positionals[0])}`, 'mock');
  const portText = stringFlag(parsed, 'port') ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535)
    throw new UsageError(`--port must be 0–65535, got ${JSON.stringify(portText)}`, 'mock');
  const seed = stringFlag(parsed, 'seed');
  const running = await startMockExchange({ port, ...(seed === undefined ? {} : { seed }) });
  const lines = [`mock Kraken REST:      ${running.url}`, `mock Kraken WebSocket: ${running.wsUrl}`, ''];
  for (const account of running.state.accounts.all()) {
    for (const key of account.keys) {
      lines.push(
        `account ${account.id} (${account.tier})`,
        `  API key ${key.apiKey}`,
        `  secret  ${key.secret.toString('base64')}`,
      );
    }
  }
  lines.push('', 'These are mock keys for this process only. Ctrl-C stops the exchange.');
  io.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const unsubscribe = io.onInterrupt(() => {
      unsubscribe();
      resolve();
    });
  });
  await running.close();
  io.stdout.write('mock exchange stopped\n');
  return EXIT.ok;
}
