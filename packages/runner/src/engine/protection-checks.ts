import type { ConfigIssue } from '@krakenkit/client';
import { dotted, nameForMessage, withPlace } from '@krakenkit/core/config';
import type { ConfigSource } from '../config/load.js';
import { type BotFile, protectSchema } from '../config/schema.js';
import { DOCS } from '../docs-url.js';
import type { StrategyRegistry } from '../strategies/registry.js';

/** What the protection checks read: the parsed sections, the bots as written and their validated params. */
export interface ProtectionCheckInput {
  parsed: Partial<BotFile>;
  rawBots: readonly unknown[];
  /** Each bot's params as its strategy validated them (undefined where they did not validate). */
  params: readonly unknown[];
  strategies: StrategyRegistry;
}

/**
 * Checks each bot's `protect:` against the rest of the file: its strategy must attach protection (declared with
 * `protection: true`) and accept it next to its params; and the dead man's switch must be off. The switch is
 * CancelAllOrdersAfter: when it fires it cancels every order of the key, the stops included, so it would leave the
 * positions unprotected exactly when the process is gone, which is what the stops are there for.
 */
export function checkProtection(
  input: ProtectionCheckInput,
  source: ConfigSource,
  issues: ConfigIssue[],
): void {
  const at = (path: readonly PropertyKey[], message: string) =>
    issues.push(withPlace({ path: dotted(path), message }, source.file, source.locate?.(path)));
  const protecting: string[] = [];
  input.rawBots.forEach((raw, index) => {
    const { name, strategy, protect, enabled } = (typeof raw === 'object' && raw !== null ? raw : {}) as {
      name?: unknown;
      strategy?: unknown;
      protect?: unknown;
      enabled?: unknown;
    };
    if (protect === undefined || typeof strategy !== 'string') return;
    const definition = input.strategies[strategy];
    const path = ['bots', index, 'protect'];
    if (definition === undefined) return;
    if (definition.protection !== true) {
      const able = Object.values(input.strategies)
        .filter((candidate) => candidate.protection === true)
        .map((candidate) => candidate.name)
        .sort();
      at(
        path,
        `strategy ${nameForMessage(strategy)} opens no position to protect: it does not attach protect (strategies that do: ${able.join(', ') || 'none'})`,
      );
      return;
    }
    const parsed = protectSchema.safeParse(protect);
    const params = input.params[index];
    if (!parsed.success) return;
    if (params !== undefined)
      for (const problem of definition.checkProtection?.(params, parsed.data) ?? []) at(path, problem);
    if (enabled !== false) protecting.push(typeof name === 'string' ? name : `#${index + 1}`);
  });
  const deadMan = input.parsed.run?.deadManSwitch;
  if (protecting.length === 0 || deadMan === undefined || deadMan === false) return;
  const where = source.locate?.(['run', 'deadManSwitch']) === undefined ? ['run'] : ['run', 'deadManSwitch'];
  at(
    where,
    `bot(s) ${protecting.map(nameForMessage).join(', ')} keep stops on the exchange (protect), and the dead man's switch cancels every order of the key when it fires, the stops included: set run.deadManSwitch: false (the stops then outlive the process; see ${DOCS}/runner.md, "Protection on the exchange"), or drop protect`,
  );
}
