import { readFileSync } from 'node:fs';
import { endpoints } from '@krakenkit/client/wire';
import { describe, expect, it } from 'vitest';

const README = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('the READMEs', () => {
  it('state the number of typed endpoints the client has', () => {
    const count = Object.keys(endpoints).length;
    for (const path of ['../README.md', '../../../README.md']) {
      const stated = [...README(path).matchAll(/(\d+) typed endpoints/g)].map((match) => Number(match[1]));
      expect(stated.length, path).toBeGreaterThan(0);
      expect(stated, path).toEqual(stated.map(() => count));
    }
  });
});
