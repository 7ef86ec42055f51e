#!/usr/bin/env node
// `pnpm soak`: the long chaos soak and the rate-limit soak (virtual and real time). Arguments are passed on,
// e.g. `pnpm soak -- --orders 20000 --real-window-s 0`.
import { spawnSync } from 'node:child_process';

const run = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--conditions=@krakenkit/source',
    'test/support/soak-main.ts',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exit(run.status ?? 1);
