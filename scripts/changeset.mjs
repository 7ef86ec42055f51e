#!/usr/bin/env node
// `pnpm changeset …`: runs the changesets CLI (pnpm changeset, pnpm version-packages, pnpm release).
// @changesets/cli 3 needs Node ^22.11, ^24 or >=26 (its bin calls module.enableCompileCache), while krakenkit itself
// supports Node 20.19+. On a Node it does not support, it runs under Node 24 from the npm registry, the same way
// .ci/run gets its second Node.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const bin = createRequire(import.meta.url).resolve('@changesets/cli/bin.js');
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const supported = (major === 22 && minor >= 11) || major === 24 || major >= 26;
const args = process.argv.slice(2);
const run = supported
  ? spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' })
  : spawnSync('npx', ['-y', 'node@24', bin, ...args], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
if (run.error) throw run.error;
process.exit(run.status ?? 1);
