#!/usr/bin/env node
// Runs the whole vitest suite once and ends with the plain "N passed, N failed, N skipped" line CI reads.
// Failed counts failed tests; a test file that fails outside any test (it does not load, or a hook throws) counts as
// one failed test and is named, so a red run always says what is red. After that line, every skipped test is
// accounted for: per file and reason (a test records it as `meta.skipReason`, e.g. Redis not reachable).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';

const report = '.vitest-report.json';
rmSync(report, { force: true });
const run = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);

let passed = 0;
let failedTests = 0;
let skipped = 0;
const brokenFiles = [];
const skips = new Map(); // "file\0reason" → { name, reason, titles }
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of json.testResults ?? []) {
    const results = file.assertionResults ?? [];
    const failedHere = results.filter((test) => test.status === 'failed').length;
    passed += results.filter((test) => test.status === 'passed').length;
    const skippedHere = results.filter((test) =>
      ['pending', 'skipped', 'todo', 'disabled'].includes(test.status),
    );
    skipped += skippedHere.length;
    for (const test of skippedHere) {
      const name = relative(process.cwd(), file.name);
      const reason = test.meta?.skipReason ?? (test.status === 'todo' ? 'todo' : 'no reason recorded');
      const key = `${name}\0${reason}`;
      if (!skips.has(key)) skips.set(key, { name, reason, titles: [] });
      skips.get(key).titles.push(test.fullName ?? test.title);
    }
    failedTests += failedHere;
    if (file.status === 'failed' && failedHere === 0) {
      brokenFiles.push({
        name: relative(process.cwd(), file.name),
        message: (file.message ?? '').split('\n')[0],
      });
    }
  }
} else {
  brokenFiles.push({ name: 'the whole run', message: 'vitest wrote no report' });
}
for (const { name, message } of brokenFiles)
  console.log(`failed outside any test: ${name}${message ? ` (${message})` : ''}`);
const failed = failedTests + brokenFiles.length;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
for (const { name, reason, titles } of skips.values()) {
  const what = titles.length === 1 ? `"${titles[0]}"` : `${titles.length} tests`;
  console.log(`skipped ${what} in ${name}: ${reason}`);
}
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
