/**
 * What a program loads when it imports one specifier, and nothing else: a child `node` with the `@krakenkit/source`
 * condition and tsx (the way the tests load the packages) records every URL its ES module loader resolves, imports
 * the specifier from `cwd`, and exits. For tests that an entry never pulls in a dependency it must not need (the
 * mock exchange's root entry and msw).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Module customization hooks (they run on the loader's own thread): every resolved URL is appended to the log
// before the module is loaded, so once `import()` has settled the log is complete.
const RECORDER = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(log, resolved.url + '\\n');
  return resolved;
}`;

/**
 * The URLs of every module (`file:` and `node:`) resolved while `import(specifier)` runs in a fresh Node process
 * started in `cwd`. A package may import itself by name from its own directory.
 */
export async function modulesLoadedBy(specifier: string, cwd: string | URL): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'krakenkit-loaded-'));
  const log = join(dir, 'resolved.log');
  const hooks = JSON.stringify(`data:text/javascript,${encodeURIComponent(RECORDER)}`);
  const script = [
    "import { register } from 'node:module';",
    `register(${hooks}, { data: { log: ${JSON.stringify(log)} } });`,
    `await import(${JSON.stringify(specifier)});`,
  ].join('\n');
  try {
    await promisify(execFile)(
      process.execPath,
      ['--conditions=@krakenkit/source', '--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    return readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The npm packages among `urls` (`…/node_modules/<name>/…` or `…/node_modules/@scope/<name>/…`), sorted. */
export function packagesAmong(urls: readonly string[]): string[] {
  const names = new Set<string>();
  for (const url of urls) {
    const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1] !== undefined) names.add(match[1]);
  }
  return [...names].sort();
}
