/**
 * A package's public surface as its users see it: the entries its package.json `exports` declares (each subpath's
 * `@krakenkit/source` file) and every name each entry exports, types included, as TypeScript resolves them. For
 * the surface tests, which list those names inline so that a change to the public API is a visible diff.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ts: typeof import('typescript') = createRequire(import.meta.url)('typescript');

/** Specifier (`@krakenkit/client/ws`) → the TypeScript source file of that entry. */
export type PublicEntries = Record<string, string>;

/**
 * The code entries of the package in `packageDir` (a path or a `file:` URL of the directory): every `exports` key
 * whose target has a `@krakenkit/source` condition, by the specifier a user imports. Data and `./package.json`
 * exports are not code entries and are left out.
 */
export function publicEntries(packageDir: string | URL): PublicEntries {
  const dir = typeof packageDir === 'string' ? packageDir : fileURLToPath(packageDir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | Record<string, string>>;
  };
  const entries: PublicEntries = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string' || target['@krakenkit/source'] === undefined) continue;
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`;
    entries[specifier] = join(dir, target['@krakenkit/source']);
  }
  return entries;
}

/** Every name each entry exports (values and types, sorted), by specifier, read by the TypeScript compiler. */
export function exportedNames(entries: PublicEntries): Record<string, string[]> {
  const program = ts.createProgram(Object.values(entries), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    customConditions: ['@krakenkit/source'],
    types: ['node'],
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const names: Record<string, string[]> = {};
  for (const [specifier, file] of Object.entries(entries)) {
    const source = program.getSourceFile(file);
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`${specifier}: ${file} is not a module TypeScript can read`);
    names[specifier] = checker
      .getExportsOfModule(module)
      .map((symbol) => symbol.name)
      .sort();
  }
  return names;
}

/** One entry's names: `values` exist at run time (functions, classes, constants), `types` only for TypeScript. */
export interface EntrySurface {
  values: string[];
  types: string[];
}

/**
 * The surface of each entry: run-time values from the imported module objects (`import * as m from '<specifier>'`,
 * passed in by the test so that the test runner resolves them as a user's code would), and the type-only names
 * from the compiler (every name it sees that the module object does not hold).
 */
export function publicSurface(
  packageDir: string | URL,
  modules: Record<string, object>,
): Record<string, EntrySurface> {
  const names = exportedNames(publicEntries(packageDir));
  const stray = Object.keys(modules).filter((specifier) => names[specifier] === undefined);
  if (stray.length > 0) throw new Error(`not entries of the package's exports: ${stray.join(', ')}`);
  const surface: Record<string, EntrySurface> = {};
  for (const [specifier, all] of Object.entries(names)) {
    const module = modules[specifier];
    if (module === undefined) throw new Error(`the test imports no module for ${specifier}`);
    const values = Object.keys(module).sort();
    surface[specifier] = { values, types: all.filter((name) => !values.includes(name)) };
  }
  return surface;
}
