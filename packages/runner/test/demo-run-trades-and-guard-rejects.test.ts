import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('the demo config, end to end on the embedded mock exchange', () => {
  it('trades, and the guard visibly refuses orders for an allowance, a reduce-only market and a leverage cap', async () => {
    const out = tempDir();
    const io = memoryIo({ cwd: ROOT });
    const audit = join(out, 'audit.jsonl');
    // The session runs until everything the demo is built to show has happened (a busy machine just takes longer),
    // then stops the way a user stops it: Ctrl-C, a graceful shutdown and the summary.
    const session = runCli(
      [
        'run',
        'config/demo-bot.yaml',
        '--duration',
        '30m',
        '--status',
        'plain',
        '--audit-log',
        audit,
        '--log-file',
        join(out, 'demo.log'),
      ],
      io,
    );
    const expected: Array<[string, RegExp]> = [
      // Orders traded: grid orders rest on the book, DCA and margin entries fill.
      ['a resting grid order', /btc-grid: placed buy 0\.01 XBT\/USD limit/],
      ['a DCA fill', /eth-dca: filled buy [\d.]+ ETH\/USD/],
      ['a margin entry', /btc-trend: filled (buy|sell) 0\.2 XBT\/USD/],
      // Refused by the guard, with the reasons the demo is built to show.
      [
        'the reduce-only refusal',
        /keep-dca: GUARD REJECTED buy [\d.]+ KEEP\/USD market: EOrder:Reduce only:No position exists/,
      ],
      [
        'the leverage refusal',
        /sol-momentum: GUARD REJECTED (buy|sell) 5 SOL\/USD market 5x: EGeneral:Invalid arguments:leverage/,
      ],
      [
        'the allowance refusal',
        /btc-trend: GUARD REJECTED (buy|sell) 0\.2 XBT\/USD market 2x: EOrder:Margin allowance exceeded/,
      ],
    ];
    await waitFor(
      () => expected.every(([, pattern]) => pattern.test(io.out())),
      expected.map(([what]) => what).join(', '),
    );
    io.interrupt('SIGINT');
    const code = await session;
    const text = io.out();
    expect(io.err()).toBe('');
    expect(code).toBe(EXIT.interrupted);
    for (const [what, pattern] of expected) expect(text, what).toMatch(pattern);
    // The summary.
    const summary = text.slice(text.indexOf('SUMMARY'));
    expect(summary).toMatch(/SUMMARY {2}demo-bot {2}· {2}interrupted \(Ctrl-C\) after \d\d:\d\d/);
    expect(summary).toMatch(/\d+ × EOrder:Reduce only:No position exists/);
    expect(summary).toMatch(/\d+ × EGeneral:Invalid arguments:leverage/);
    expect(summary).toMatch(/\d+ × EOrder:Margin allowance exceeded/);
    expect(summary).toMatch(/FEE TIER {2}30-day volume \$[\d,]+ · taker/);
    expect(summary).not.toMatch(/EXCHANGE REJECTIONS/);
    // Every guard decision is in the audit trail, refusals with their codes.
    const decisions = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { type: string; allowed?: boolean; violations?: Array<{ code: string }> },
      )
      .filter((event) => event.type === 'decision');
    const refused = decisions
      .filter((event) => event.allowed === false)
      .flatMap((event) => event.violations?.map((v) => v.code) ?? []);
    expect(new Set(refused)).toEqual(
      new Set([
        'EOrder:Reduce only:No position exists',
        'EGeneral:Invalid arguments:leverage',
        'EOrder:Margin allowance exceeded',
      ]),
    );
    expect(decisions.some((event) => event.allowed === true)).toBe(true);
  });
});
