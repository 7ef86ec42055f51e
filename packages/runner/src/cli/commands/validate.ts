import { ConfigError, formatIssue } from '@krakenkit/client';
import { PairIndex } from '@krakenkit/core';
import { checkCredentials } from '../../config/credentials.js';
import { type BotConfig, loadBotConfigFile } from '../../config/load.js';
import { InsecureSecretFileError } from '../../config/secret-file.js';
import { checkBotPairs } from '../../pairs/check-bot-pairs.js';
import { readPairList } from '../../pairs/pair-list.js';
import { onePositional, parseCommand } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';
import type { CliIo } from '../io.js';

/**
 * `krakenkit validate <bot.yaml> [--live]`: exit 0 when valid; a ConfigError (exit 2) lists every problem, unknown
 * pairs included; with --live a pair list that cannot be read is a runtime failure (exit 1).
 */
export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('validate', args, { live: { type: 'boolean' } });
  if (parsed.values['help'] === true) {
    io.stdout.write(`${HELP.validate}\n`);
    return EXIT.ok;
  }
  const file = onePositional('validate', parsed.positionals, 'the bot config file');
  const config = loadBotConfigFile(file, { cwd: io.cwd });
  const live = parsed.values['live'] === true;
  const list = await readPairList(config, live);
  const { issues } = checkBotPairs(config, PairIndex.fromAssetPairs(list.assetPairs), list.where);
  if (issues.length > 0) {
    // The mock lists a few pairs; a live config is better checked against Kraken's own list.
    if (!live && config.exchange.kind === 'kraken')
      io.stderr.write("note: checked against the embedded mock exchange; --live checks Kraken's pairs\n");
    throw new ConfigError(issues);
  }
  // Before "valid": a credential file others can read refuses the run (exit 2), so it fails validation too.
  const credentials =
    config.exchange.kind === 'kraken'
      ? checkCredentials(config, new Set(config.bots.map((bot) => bot.key)), io.env)
      : undefined;
  if (credentials !== undefined && credentials.insecure.length > 0)
    throw new InsecureSecretFileError(credentials.insecure);
  io.stdout.write(`${file}: valid\n`);
  io.stdout.write(
    `  exchange ${config.exchange.kind}, tier ${config.account.tier}, keys: ${Object.keys(config.keys).join(', ') || 'none'}\n`,
  );
  io.stdout.write(`  ${botsText(config)}\n`);
  io.stdout.write(
    `  pairs checked ${list.where} (AssetPairs, ${Object.keys(list.assetPairs).length} pairs)\n`,
  );
  if (credentials !== undefined && credentials.issues.length > 0) {
    io.stdout.write('  warnings (credentials `run` will need):\n');
    for (const issue of credentials.issues) io.stdout.write(`    ${formatIssue(issue)}\n`);
  }
  return EXIT.ok;
}

function botsText(config: BotConfig): string {
  const bots = config.bots.map(
    (bot) => `${bot.name} (${bot.strategy} on ${bot.pairs.join(', ')}${bot.enabled ? '' : ', disabled'})`,
  );
  return `${bots.length} bot${bots.length === 1 ? '' : 's'}: ${bots.join('; ')}`;
}
