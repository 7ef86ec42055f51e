import { waitFor } from '@krakenkit/test-support';
import { describe, expect, it } from 'vitest';
import { main } from '../bot-from-code.js';

describe('examples/bot-from-code.ts', () => {
  it('runs a strategy written in code through the runner and the guard, and prints the summary', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    // Stopped once the strategy has placed an order through the guard, however long a busy machine takes.
    const finished = main({ durationMs: 30 * 60_000, signal: stop.signal, log: (line) => lines.push(line) });
    await waitFor(() => lines.includes('placed: ping-pong'), 'an order placed by the strategy');
    stop.abort();
    const summary = await finished;
    expect(summary.reason).toBe('stopped');
    expect(summary.bots).toHaveLength(1);
    expect(summary.bots[0]).toMatchObject({
      name: 'ping-pong',
      strategy: 'ping-pong',
      pairs: ['XBT/USD'],
      guardRejected: 0,
      strategyErrors: 0,
    });
    expect(summary.bots[0]?.placed).toBeGreaterThanOrEqual(1);
    expect(lines.at(-1)).toMatch(/SUMMARY {2}bot-from-code {2}· {2}stopped after \d\d:\d\d/);
  });

  it('stops by itself when its duration is reached', async () => {
    const lines: string[] = [];
    const summary = await main({ durationMs: 300, log: (line) => lines.push(line) });
    expect(summary.reason).toBe('duration');
    expect(lines.at(-1)).toMatch(/SUMMARY {2}bot-from-code {2}· {2}duration reached/);
  });
});
