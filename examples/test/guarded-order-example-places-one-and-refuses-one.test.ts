import { describe, expect, it } from 'vitest';
import { main } from '../guarded-order.js';

describe('examples/guarded-order.ts', () => {
  it('places an order within the rules and refuses one over the margin allowance without sending it', async () => {
    const lines: string[] = [];
    const result = await main({ log: (line) => lines.push(line) });
    expect(result.txid).toMatch(/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/);
    expect(result.refused.map((violation) => violation.code)).toEqual(['EOrder:Margin allowance exceeded']);
    expect(result.refused[0]).toMatchObject({ rule: 'margin-allowance', limit: '10000', currency: 'USD' });
    expect(lines[0]).toMatch(/^placed: buy 0\.01000000 XBTUSD @ limit 60000/);
    expect(lines[1]).toMatch(/^refused, nothing sent: EOrder:Margin allowance exceeded/);
  });
});
