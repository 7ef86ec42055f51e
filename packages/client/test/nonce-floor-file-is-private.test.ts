import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileNonceSource } from '../src/nonce/index.js';

const dir = mkdtempSync(join(tmpdir(), 'krakenkit-nonce-mode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the nonce floor file', () => {
  it('is created 0600 in directories created 0700, whatever the umask', () => {
    const path = join(dir, 'state', 'keys', 'trader.nonce');
    const previous = process.umask(0o022);
    try {
      createFileNonceSource({ path }).next();
    } finally {
      process.umask(previous);
    }
    expect(mode(join(dir, 'state'))).toBe(0o700);
    expect(mode(join(dir, 'state', 'keys'))).toBe(0o700);
    expect(mode(path)).toBe(0o600);
  });
});
