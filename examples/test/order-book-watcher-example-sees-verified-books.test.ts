import { describe, expect, it } from 'vitest';
import { main } from '../order-book-watcher.js';

describe('examples/order-book-watcher.ts', () => {
  it('prints checksum-verified books from the mock exchange over WebSocket v2', async () => {
    const lines: string[] = [];
    const views = await main({ updates: 2, log: (line) => lines.push(line) });
    expect(views).toHaveLength(2);
    for (const view of views) {
      expect(view.symbol).toBe('BTC/USD');
      expect(view.bids.length).toBeGreaterThan(0);
      expect(view.asks.length).toBeGreaterThan(0);
      expect(Number(view.asks[0]?.price)).toBeGreaterThan(Number(view.bids[0]?.price));
    }
    expect(lines[0]).toMatch(/^snapshot BTC\/USD bid [\d.]+ × [\d.]+ +ask [\d.]+ × [\d.]+ +checksum \d+ ✓$/);
    expect(lines[1]).toMatch(/^update +BTC\/USD/);
  });
});
