/**
 * A guard rule that takes one of several forms (`sanity.priceBandBps`: a number of basis points, or `false` to turn
 * it off) given a value of none of them was reported as zod's bare `Invalid input`: neither what it takes nor what
 * it got. The error says both, at its file:line:column.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

describe('a guard rule of the wrong type', () => {
  it('names every form the rule takes and the value given', async () => {
    const dir = tempDir();
    const file = join(dir, 'bot.yaml');
    writeFileSync(
      file,
      paperConfig(
        GRID_BOT,
        'guard: { rules: { sanity: { priceBandBps: "abc", maxOrderEquityPercent: true } } }',
      ),
    );
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', file], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(
      /bot\.yaml:\d+:\d+: guard\.rules\.sanity\.priceBandBps: expected number or false, got "abc"/,
    );
    expect(io.err()).toMatch(
      /guard\.rules\.sanity\.maxOrderEquityPercent: expected number or false, got true/,
    );
    expect(io.err()).not.toContain('Invalid input');
  });
});
