import { readFileSync } from 'node:fs';
import { ConfigError } from '@krakenkit/client';
import { loadGuardConfig } from '@krakenkit/guard';
import { loadBotConfig } from '@krakenkit/runner';
import { testSeed } from '@krakenkit/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POLLUTION_MARK } from './support/fuzz-hostile-values.js';
import { describeOutcome, expectPrototypeClean, outcomeOf, prototypeNames } from './support/fuzz-outcome.js';
import { billionLaughs, hostileYaml, wideAliases } from './support/fuzz-yaml.js';

const SEED = testSeed();
const CONFIG_DIR = new URL('../config/', import.meta.url).pathname;
const GUARD_EXAMPLE = readFileSync(`${CONFIG_DIR}guard.example.yaml`, 'utf8');
const DEMO_BOT = readFileSync(`${CONFIG_DIR}demo-bot.yaml`, 'utf8');
const FILE = `${CONFIG_DIR}fuzzed.yaml`;

type Loader = (text: string) => unknown;
// Text always contains a newline so it is read as YAML, never as a path; errors are named after FILE.
const loadGuard: Loader = (text) => loadGuardConfig(`${text}\n`, { file: FILE });
const loadBot: Loader = (text) => loadBotConfig(`${text}\n`, { file: FILE, cwd: CONFIG_DIR });

const clean = prototypeNames();
let slowest = 0;
let documents = 0;

/** A valid config, or a ConfigError whose every issue names the file and (for a non-blank text) a line:column. */
async function expectConfigOrConfigError(load: Loader, text: string): Promise<void> {
  const outcome = await outcomeOf(async () => load(text));
  slowest = Math.max(slowest, outcome.ms);
  documents += 1;
  const context = `${describeOutcome(outcome)} for ${JSON.stringify(text.slice(0, 120))}`;
  expect(outcome.kind, context).not.toBe('hung');
  expectPrototypeClean(clean);
  if (outcome.kind !== 'error') return;
  expect(outcome.error, context).toBeInstanceOf(ConfigError);
  const issues = (outcome.error as ConfigError).issues;
  expect(issues.length, context).toBeGreaterThan(0);
  for (const issue of issues) expect(issue.file, context).toMatch(/\.yaml$/);
  // A document with no content at all (blank, comments, markers) has nowhere to point; anything else must be located.
  // An unreadable referenced file (allowancesFile: /etc/passwd.yaml) is named by its own path, without a line.
  const located = issues.some((issue) => issue.line !== undefined && issue.column !== undefined);
  const unreadable = issues.some((issue) => issue.message.startsWith('cannot read'));
  if (!contentless(text)) expect(located || unreadable, context).toBe(true);
}

describe('config loaders survive hostile YAML', () => {
  it('the examples load (the fuzzing starts from valid files)', () => {
    expect(() => loadGuard(GUARD_EXAMPLE)).not.toThrow();
    expect(() => loadBot(DEMO_BOT)).not.toThrow();
  });

  it('guard loadGuardConfig: ConfigError with file:line:column, or a valid config', async () => {
    await fc.assert(
      fc.asyncProperty(hostileYaml(GUARD_EXAMPLE), (text) => expectConfigOrConfigError(loadGuard, text)),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('guard loadGuardConfig refuses alias bombs at the first alias', async () => {
    for (const bomb of [billionLaughs(), wideAliases()]) await expectConfigOrConfigError(loadGuard, bomb);
  });

  it('runner loadBotConfig: ConfigError with file:line:column, or a valid config', async () => {
    await fc.assert(
      fc.asyncProperty(hostileYaml(DEMO_BOT), (text) => expectConfigOrConfigError(loadBot, text)),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('runner loadBotConfig refuses alias bombs and unresolved aliases with a ConfigError', async () => {
    for (const bomb of [billionLaughs(), wideAliases(), 'exchange: *nope'])
      await expectConfigOrConfigError(loadBot, bomb);
  });

  it('every document above was loaded, and none left a mark on Object.prototype', () => {
    // 300 + 300 fuzzed documents, 2 + 3 bombs: the properties above really ran, and nothing they loaded polluted.
    expect(documents).toBe(605);
    expectPrototypeClean(clean);
    expect(({} as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined();
    console.info(`config loaders: ${documents} documents, slowest ${slowest.toFixed(1)} ms`);
  });
});

function contentless(text: string): boolean {
  return text.split(/\r?\n|\r/).every((line) => /^\s*(?:#.*|---|\.\.\.|%.*|~|null)?\s*$/.test(line));
}
