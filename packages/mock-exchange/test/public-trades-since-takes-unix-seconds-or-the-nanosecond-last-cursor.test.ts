import { describe, expect, it } from 'vitest';
import { publicCall } from './support/signer.js';
import { world } from './support/world.js';

type Row = [string, string, number, string, string, string, number];
type TradesResult = Record<string, Row[] | string>;

function trades(w: ReturnType<typeof world>, query: Record<string, string>) {
  const envelope = publicCall(w.exchange, 'Trades', { pair: 'XBTUSD', ...query });
  return { error: envelope.error, result: envelope.result as TradesResult | undefined };
}

// Kraken's Trades page gives `since` as a Unix timestamp (its example is in seconds), while the `last` it answers
// is a nanosecond cursor meant to be passed back as `since`: both forms must select trades after that moment.
describe('public Trades `since`', () => {
  it('a Unix time in seconds returns only the trades after it', () => {
    const w = world();
    w.clock.advance(180_000);
    const everything = trades(w, {}).result!['XXBTZUSD'] as Row[];
    const cut = Math.floor(everything[90]![2]);
    const after = trades(w, { since: String(cut) }).result!['XXBTZUSD'] as Row[];
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(everything.length);
    expect(after.every((row) => row[2] > cut)).toBe(true);
    expect(after).toEqual(everything.filter((row) => row[2] > cut));
  });

  it('the `last` cursor (nanoseconds) returns only newer trades', () => {
    const w = world();
    w.clock.advance(60_000);
    const first = trades(w, {}).result!;
    w.clock.advance(5_000);
    const next = trades(w, { since: first['last'] as string }).result!;
    const rows = next['XXBTZUSD'] as Row[];
    const lastSeen = (first['XXBTZUSD'] as Row[]).at(-1)![2];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row[2] > lastSeen)).toBe(true);
  });

  it('a `since` that is no timestamp is EGeneral:Invalid arguments:since', () => {
    const w = world();
    for (const since of ['abc', '-5', '1e9', '12.5.1'])
      expect(trades(w, { since }).error).toEqual(['EGeneral:Invalid arguments:since']);
  });
});
