import { ConfigError, formatIssue } from '@krakenkit/client';
import { resolveKeys } from '../../config/credentials.js';
import { loadBotConfig } from '../../config/load.js';
import { onePositional, parseCommand } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';
import type { CliIo } from '../io.js';

/** `krakenkit validate <bot.yaml>`: exit 0 when valid; a ConfigError (exit 2) lists every problem. */
export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('validate', args, {});
  if (parsed.values['help'] === true) {
    io.stdout.write(`${HELP.validate}\n`);
    return EXIT.ok;
  }
  const file = onePositional('validate', parsed.positionals, 'the bot config file');
  const config = loadBotConfig(file, { cwd: io.cwd });
  const bots = config.bots.map(
    (bot) => `${bot.name} (${bot.strategy} on ${bot.pairs.join(', ')}${bot.enabled ? '' : ', disabled'})`,
  );
  io.stdout.write(`${file}: valid\n`);
  io.stdout.write(
    `  exchange ${config.exchange.kind}, tier ${config.account.tier}, keys: ${Object.keys(config.keys).join(', ') || 'none'}\n`,
  );
  io.stdout.write(`  ${bots.length} bot${bots.length === 1 ? '' : 's'}: ${bots.join('; ')}\n`);
  if (config.exchange.kind === 'kraken') {
    try {
      resolveKeys(config, new Set(config.bots.map((bot) => bot.key)), io.env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stdout.write('  warnings (credentials `run` will need):\n');
      for (const issue of error.issues) io.stdout.write(`    ${formatIssue(issue)}\n`);
    }
  }
  return EXIT.ok;
}
