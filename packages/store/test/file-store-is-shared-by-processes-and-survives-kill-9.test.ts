import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore } from '@krakenkit/store';
import { afterAll, describe } from 'vitest';
import { multiProcessTests } from './support/multi-process.js';

const dir = join(mkdtempSync(join(tmpdir(), 'krakenkit-shared-dir-')), 'state');

describe('processes sharing one state directory', () => {
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
  multiProcessTests(() => ({ kind: 'file', where: dir, open: () => createFileStore({ dir }) }));
});
