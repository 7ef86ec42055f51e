import { describe, expect, it } from 'vitest';
import { main } from '../bot-from-code.js';

describe('examples/bot-from-code.ts', () => {
  it('runs a strategy written in code through the runner and the guard, and prints the summary', async () => {
    const lines: string[] = [];
    const summary = await main({ durationMs: 2_500, log: (line) => lines.push(line) });
    expect(summary.reason).toBe('duration');
    expect(summary.bots).toHaveLength(1);
    expect(summary.bots[0]).toMatchObject({
      name: 'ping-pong',
      strategy: 'ping-pong',
      pairs: ['XBT/USD'],
      guardRejected: 0,
      strategyErrors: 0,
    });
    expect(summary.bots[0]?.placed).toBeGreaterThanOrEqual(1);
    expect(lines).toContain('placed: ping-pong');
    expect(lines.at(-1)).toMatch(/SUMMARY {2}bot-from-code {2}· {2}duration reached/);
  });
});
