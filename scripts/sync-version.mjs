#!/usr/bin/env node
// After `changeset version`: every `export const VERSION = '…'` in a package's src/**/version.ts is set to that
// package's package.json version (the client's VERSION goes into the User-Agent and `krakenkit --version`).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pattern = /export const VERSION = '[^']*';/;
for (const dir of readdirSync('packages', { withFileTypes: true })) {
  if (!dir.isDirectory()) continue;
  const root = join('packages', dir.name);
  let version;
  try {
    version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  } catch {
    continue;
  }
  const src = join(root, 'src');
  let files = [];
  try {
    files = readdirSync(src, { recursive: true }).filter((file) => String(file).endsWith('version.ts'));
  } catch {
    continue;
  }
  for (const file of files) {
    const path = join(src, String(file));
    const text = readFileSync(path, 'utf8');
    if (!pattern.test(text)) continue;
    const next = text.replace(pattern, `export const VERSION = '${version}';`);
    if (next !== text) {
      writeFileSync(path, next);
      console.log(`${path}: VERSION = '${version}'`);
    }
  }
}
