/**
 * The real `krakenkit run` of the demo config in a real terminal (a tmux pane): what a person sees at 80×24 and
 * at 160×50, after resizes, and what the scrollback keeps once Ctrl-C has stopped the run.
 */
import { join } from 'node:path';
import type {} from '@krakenkit/test-support/redis'; // vitest's TaskMeta.skipReason
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from './support/memory-io.js';
import { TmuxPane, tmuxForTests } from './support/tmux-pane.js';

const ROOT = join(import.meta.dirname, '../../..');
const tmux = tmuxForTests();

const BOTS = ['btc-grid', 'eth-dca', 'btc-trend', 'sol-momentum', 'keep-dca'];
const HEADER = /^krakenkit {1,2}demo-bot {1,2}· .*(ACTIVE|REDUCING|HALTED) {1,2}· {1,2}\d\d:\d\d \/ 02:00$/;
// A bot's row ends with its PnL: the column is never cut.
const ROW_WITH_PNL = (bot: string) => new RegExp(`^${bot}\\s.*\\s[+-]?\\d[\\d,]*\\.\\d\\d USD$`);
const ESC = String.fromCharCode(27);
// The trading state in its colour: green ACTIVE, bold yellow REDUCING, bold red HALTED.
const COLOURED_STATE = new RegExp(`${ESC}\\[32mACTIVE|${ESC}\\[1m${ESC}\\[3[13]m(REDUCING|HALTED)`);
// Each wait ends a hang only (inside the test's own timeout, so the failure names what was awaited); the run
// itself is stopped by Ctrl-C once the checks are done.
const HANG = 100_000;

describe('the live view in an 80×24 terminal', tmux.suiteOptions, () => {
  let pane: TmuxPane;
  const waitForScreen = (check: (lines: string[]) => boolean, what: string) =>
    waitFor(() => check(pane.screen()), what, { signal: AbortSignal.timeout(HANG), intervalMs: 100 });
  const allRowsShowPnl = (lines: string[]) =>
    BOTS.every((bot) => lines.some((line) => ROW_WITH_PNL(bot).test(line)));

  beforeAll(() => {
    const dir = tempDir();
    const run = [
      'node --conditions=@krakenkit/source --import tsx packages/runner/src/cli.ts run config/demo-bot.yaml',
      `--duration 2m --store memory --log-file '${join(dir, 'demo.log')}' --audit-log '${join(dir, 'audit.jsonl')}'`,
    ].join(' ');
    // The terminal's own colour support decides, not the test runner's environment.
    const env = 'env -u NO_COLOR -u FORCE_COLOR -u NODE_DISABLE_COLORS -u CI';
    pane = new TmuxPane(`cd '${ROOT}' && ${env} ${run}; echo "[exit $?]"; exec cat`, 80, 24);
  });
  afterAll(() => pane?.kill());

  it('shows the header and every bot with its PnL within 80×24, in colour, redrawn in place', async () => {
    await waitForScreen(allRowsShowPnl, 'the five bots with their PnL on screen');
    const lines = pane.screen();
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(HEADER);
    expect(lines.filter((line) => line.startsWith('krakenkit '))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('FEE TIER'))).toBe(true);
    expect(pane.screenWithColour()).toMatch(COLOURED_STATE);
    // Redrawn in place: once the clock has moved on, the pane's history still holds one header, the current one.
    const shownAt = lines[0]?.match(/(\d\d:\d\d) \//)?.[1];
    await waitForScreen((now) => !(now[0] ?? '').includes(`${shownAt} /`), 'the next second on the clock');
    expect(pane.history().filter((line) => HEADER.test(line))).toHaveLength(1);
  });

  it('redraws for a 160×50 terminal with the detail 80 columns had no room for', async () => {
    pane.resize(160, 50);
    await waitForScreen(
      (lines) => lines.some((line) => /^BOT +STRATEGY +PAIRS/.test(line)) && allRowsShowPnl(lines),
      'the STRATEGY column after the resize',
    );
    const lines = pane.screen();
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(160);
    expect(lines[0]).toMatch(HEADER);
    expect(lines[0]).toMatch(/mock exchange http:\/\/127\.0\.0\.1:\d+ {2}· {2}tier intermediate/);
    expect(lines.find((line) => line.startsWith('FEE TIER'))).toMatch(/\[[█░]{10}\] \d+%$/);
    expect(lines).toContain('RECENT');
  });

  it('fits again when the terminal shrinks back to 80×24', async () => {
    pane.resize(80, 24);
    await waitForScreen(
      (lines) => !lines.some((line) => line.includes('STRATEGY')) && allRowsShowPnl(lines),
      'the view fitted to 80 columns again',
    );
    const lines = pane.screen();
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(HEADER);
  });

  it('after Ctrl-C, puts the terminal back: the scrollback holds the summary and no copy of any frame', async () => {
    pane.sendKeys('C-c');
    await waitFor(() => pane.history().some((line) => /^\[exit \d+\]$/.test(line)), 'the run to exit', {
      signal: AbortSignal.timeout(HANG),
      intervalMs: 100,
    });
    const history = pane.history();
    expect(history).toContain('[exit 130]');
    expect(history.filter((line) => HEADER.test(line))).toEqual([]);
    expect(history.filter((line) => line.startsWith('SUMMARY  demo-bot'))).toHaveLength(1);
    // The summary's bot table is fitted to the terminal too: each row whole, PnL last.
    for (const bot of BOTS) expect(history.some((line) => ROW_WITH_PNL(bot).test(line))).toBe(true);
    expect(history.join('\n')).not.toContain('RECENT');
  });
});
