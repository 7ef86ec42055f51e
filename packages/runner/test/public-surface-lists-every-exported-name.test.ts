/**
 * The public surface of @krakenkit/runner.
 *
 * Every entry the package.json exports, and every name each entry exports (values as the imported module holds
 * them, types as TypeScript sees them), written out so that a change to the public API (a name added, removed or
 * moved to another entry) is a visible diff of this file in review.
 */
import * as root from '@krakenkit/runner';
import * as cli from '@krakenkit/runner/cli';
import { type EntrySurface, publicSurface } from '@krakenkit/test-support/public-surface';
import { describe, expect, it } from 'vitest';

const MODULES = { '@krakenkit/runner': root, '@krakenkit/runner/cli': cli };

describe('the public surface of @krakenkit/runner', () => {
  it('is exactly the entries and names listed here', () => {
    expect(publicSurface(new URL('..', import.meta.url), MODULES)).toEqual(EXPECTED);
  });
});

const EXPECTED: Record<string, EntrySurface> = {
  '@krakenkit/runner': {
    values: [
      'ALLOW_INSECURE_SECRET_FILES_ENV',
      'BUILTIN_STRATEGIES',
      'BotAlreadyRunningError',
      'DEFAULT_HALT_ON',
      'DEFAULT_PAPER_BALANCES',
      'DcaStrategy',
      'GridStrategy',
      'InsecureSecretFileError',
      'KEY_USES',
      'MarginTrendStrategy',
      'RUNNER_ENDPOINTS',
      'RUNNER_GUARD_DEFAULTS',
      'Session',
      'auditDeclaredKeys',
      'auditsPassed',
      'changeBps',
      'dcaParamsSchema',
      'dcaStrategy',
      'defineBotConfig',
      'formatDuration',
      'gridParamsSchema',
      'gridStrategy',
      'keyUsage',
      'loadBotConfig',
      'lotDecimalsOf',
      'marginTrendParamsSchema',
      'marginTrendStrategy',
      'parseDuration',
      'shiftBps',
      'startSession',
      'tickOf',
      'toLot',
      'toTick',
      'withBuiltins',
    ],
    types: [
      'AccountConfig',
      'Adoption',
      'BotClient',
      'BotConfig',
      'BotCounters',
      'BotFileInput',
      'BotSpec',
      'BotStatus',
      'ConfigSource',
      'Connection',
      'CredentialRef',
      'DcaParams',
      'Environment',
      'ExchangeConfig',
      'FeeProgress',
      'Fill',
      'GridParams',
      'InsecureSecretFile',
      'KeyAuditReport',
      'KeyConfig',
      'KeyUsage',
      'LoadOptions',
      'MarginTrendParams',
      'MarketTick',
      'OrderEnded',
      'OrderRequest',
      'PairInfo',
      'ParamsSchema',
      'RunConfig',
      'SessionEvent',
      'SessionListener',
      'SessionOptions',
      'SessionStatus',
      'SessionSummary',
      'Side',
      'StopReason',
      'Strategy',
      'StrategyAction',
      'StrategyDefinition',
      'StrategyRegistry',
      'StrategySetup',
      'StrategyView',
      'TrackedOrder',
    ],
  },
  '@krakenkit/runner/cli': {
    values: [
      'EXIT',
      'describeEvent',
      'describeOrder',
      'processIo',
      'renderAudit',
      'renderStatus',
      'renderSummary',
      'runCli',
      'statusLine',
    ],
    types: ['CliIo', 'CliStream', 'ExitCode', 'InterruptSignal'],
  },
};
