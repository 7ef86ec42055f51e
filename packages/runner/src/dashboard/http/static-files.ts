import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the dashboard serves: its bytes and content type, read once at start. */
export interface StaticFile {
  body: Buffer;
  type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Browser builds the page loads from the dependencies' own dist files (no bundler, nothing built at run time):
 * URL name → package and file inside it. Each is a classic script setting one global, so the page needs no
 * import map (which would be an inline script).
 */
const VENDOR: Readonly<Record<string, { pkg: string; file: string }>> = {
  'preact.js': { pkg: 'preact', file: 'dist/preact.umd.js' },
  'preact-hooks.js': { pkg: 'preact', file: 'hooks/dist/hooks.umd.js' },
  'htm.js': { pkg: 'htm', file: 'dist/htm.umd.js' },
  'lightweight-charts.js': {
    pkg: 'lightweight-charts',
    file: 'dist/lightweight-charts.standalone.production.js',
  },
};

/** The package's ui/ folder: two levels above this file in src/ and in dist/ alike. */
export function uiDirectory(): string {
  return fileURLToPath(new URL('../../../ui/', import.meta.url));
}

/**
 * Every file the dashboard may serve, by URL path: `/` (ui/index.html), `/ui/…` (the rest of ui/) and
 * `/vendor/…`. Anything else is a 404: no path from the request ever reaches the file system.
 */
export function loadStaticFiles(directory: string = uiDirectory()): ReadonlyMap<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const path of listFiles(directory)) {
    const type = TYPES[extensionOf(path)];
    if (type === undefined) continue;
    const url = `/ui/${relative(directory, path).split(sep).join('/')}`;
    files.set(url, { body: readFileSync(path), type });
  }
  const index = files.get('/ui/index.html');
  if (index !== undefined) files.set('/', index);
  const require = createRequire(import.meta.url);
  for (const [name, { pkg, file }] of Object.entries(VENDOR)) {
    const root = packageRoot(require, pkg);
    files.set(`/vendor/${name}`, { body: readFileSync(join(root, file)), type: TYPES['.js'] as string });
  }
  return files;
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(dot);
}

// Its package.json where the package exports it; else its entry file lies somewhere below the root, which is the
// first folder up with the package's own package.json.
function packageRoot(require: NodeJS.Require, name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    // not exported (htm): walk up from the entry
  }
  let directory = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === name) return directory;
    } catch {
      // no package.json here: keep going up
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find the package root of ${name}`);
    directory = parent;
  }
}
