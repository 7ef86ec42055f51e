import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_ALLOWANCE_TABLE } from '../src/tables/default-allowances.js';
import { DEFAULT_TIER_TABLE } from '../src/tables/default-tiers.js';

// The guard ships copies of the shared tables so it works without the repository's config/ folder; these tests
// keep the copies identical to config/ (the data the mock exchange reads too).
const read = (name: string): unknown =>
  parse(readFileSync(new URL(`../../../config/${name}`, import.meta.url), 'utf8'));

describe('built-in tables equal config/', () => {
  it('margin-allowances.yaml', () => {
    expect(DEFAULT_ALLOWANCE_TABLE).toEqual(read('margin-allowances.yaml'));
  });

  it('tiers.yaml', () => {
    expect(DEFAULT_TIER_TABLE).toEqual(read('tiers.yaml'));
  });

  it('lists the seed table: 62 currencies, seven fiat, KEEP reduce-only at 0', () => {
    const rows = Object.entries(DEFAULT_ALLOWANCE_TABLE.currencies);
    expect(rows).toHaveLength(62);
    expect(rows.filter(([, row]) => row.fiat).map(([name]) => name)).toEqual([
      'AUD',
      'CAD',
      'CHF',
      'EUR',
      'GBP',
      'JPY',
      'USD',
    ]);
    expect(DEFAULT_ALLOWANCE_TABLE.currencies['KEEP']).toEqual({ allowance: '0', reduceOnly: true });
  });
});
