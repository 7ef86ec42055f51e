#!/usr/bin/env node
// Runs every benchmark script (packages/*/bench/*.bench.ts) one after another, from source, and prints their
// figures. Benchmarks never assert timings; they live apart from the timed test suite.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2];
const files = [];
for (const pkg of readdirSync('packages')) {
  let entries = [];
  try {
    entries = readdirSync(join('packages', pkg, 'bench'));
  } catch {
    continue;
  }
  for (const name of entries)
    if (name.endsWith('.bench.ts')) files.push(join('packages', pkg, 'bench', name));
}
const selected = files.filter((file) => !filter || file.includes(filter)).sort();
let failed = 0;
for (const file of selected) {
  console.log(`\n### ${file}`);
  const run = spawnSync(process.execPath, ['--conditions=@krakenkit/source', '--import', 'tsx', file], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) failed += 1;
}
console.log(`\n${selected.length} benchmark scripts run, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
