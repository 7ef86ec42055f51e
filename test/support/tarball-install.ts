/**
 * Packs the workspace's publishable packages and installs the tarballs into a project outside the repository, the
 * way a new user gets them: no workspace links, no `@krakenkit/source` condition, no network. Third-party
 * dependencies come from the pnpm store at exactly the versions the workspace lockfile pins: a lockfile for the
 * temporary project is written from the workspace's (`pnpm install --offline --frozen-lockfile` then needs no
 * registry metadata, which a fresh CI machine does not have cached).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** A workspace package that is published (not `private`). */
export interface PublishablePackage {
  /** Folder under packages/. */
  dir: string;
  name: string;
  version: string;
  manifest: Record<string, unknown>;
  /** The tarball's file name as `pnpm pack` writes it. */
  tarball: string;
}

/** Every packages/* whose package.json is not private. */
export function publishablePackages(): PublishablePackage[] {
  const found: PublishablePackage[] = [];
  for (const entry of readdirSync(join(ROOT, 'packages'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(readFileSync(join(ROOT, 'packages', entry.name, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest['private'] === true) continue;
    const name = String(manifest['name']);
    const version = String(manifest['version']);
    const tarball = `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
    found.push({ dir: entry.name, name, version, manifest, tarball });
  }
  return found;
}

/** Children spawned by {@link start}, so a failing test can end every one of them. */
const live = new Set<ChildProcess>();

/** A running child process whose output the test can wait on. */
export interface Started {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the match as soon as the output matches; rejects (with the output) if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Environment of a user's shell: nothing that would point the packages back at this repository. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['NODE_OPTIONS']; // e.g. --conditions=@krakenkit/source
  delete env['KRAKENKIT_CONFIG_DIR'];
  delete env['VITEST'];
  delete env['VITEST_WORKER_ID'];
  delete env['VITEST_POOL_ID'];
  env['NO_COLOR'] = '1';
  return env;
}

/** Starts a process (no shell) in `cwd` with a user's environment. */
export function start(command: string, args: readonly string[], cwd: string, env = userEnv()): Started {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let all = '';
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    all += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    all += chunk;
    for (const listener of listeners) listener();
  });
  let ended = false;
  void exited.then(
    () => (ended = true),
    () => (ended = true),
  );
  const waitFor = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const look = (): void => {
        const match = all.match(pattern);
        if (match !== null) {
          listeners.delete(look);
          resolve(match);
        } else if (ended || child.exitCode !== null || child.signalCode !== null) {
          listeners.delete(look);
          reject(new Error(`${command} ${args.join(' ')} ended before printing ${pattern}:\n${all}`));
        }
      };
      listeners.add(look);
      look();
    });
  return { child, output: () => all, stdout: () => out, stderr: () => err, waitFor, exited };
}

/** Runs a process to its end; throws with its output unless it exits 0 (or `allowFailure`). */
export async function run(
  command: string,
  args: readonly string[],
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; output: string }> {
  const started = start(command, args, cwd, options.env ?? userEnv());
  const { code } = await started.exited;
  const result = { code, stdout: started.stdout(), stderr: started.stderr(), output: started.output() };
  if (code !== 0 && options.allowFailure !== true) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${result.output}`);
  }
  return result;
}

/** Ends every child still running (a failed wait must not leave servers behind). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** pnpm 10 the way this repository runs it (Corepack is not used). */
export function pnpm(args: readonly string[], cwd: string, env = userEnv()) {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  return run(npx, ['-y', 'pnpm@10', ...args], cwd, { env });
}

type Section = Record<string, Record<string, unknown>>;
interface DepRef {
  specifier: string;
  version: string;
}
interface Lockfile {
  importers: Record<
    string,
    Partial<Record<'dependencies' | 'optionalDependencies' | 'devDependencies', Record<string, DepRef>>>
  >;
  packages: Section;
  snapshots: Section;
}

/** The yaml package, from whichever workspace package depends on it (the root has no runtime dependencies). */
function yamlModule(): { parse(text: string): unknown; stringify(value: unknown): string } {
  for (const dir of readdirSync(join(ROOT, 'packages'))) {
    try {
      return createRequire(join(ROOT, 'packages', dir, 'package.json'))('yaml');
    } catch {
      // not a dependency of this one
    }
  }
  throw new Error('no workspace package depends on yaml');
}

/**
 * Writes `package.json` and `pnpm-lock.yaml` of a consumer project in `projectDir` that depends on every tarball in
 * `tarballDir` plus `devDeps` (names the workspace already depends on: the root's devDependencies first, e.g.
 * typescript, else any package's, e.g. msw, the mock exchange's optional peer), all pinned as the workspace
 * lockfile pins them.
 */
export function writeConsumerProject(
  projectDir: string,
  tarballDir: string,
  packages: readonly PublishablePackage[],
  devDeps: readonly string[],
): void {
  const yaml = yamlModule();
  const lock = yaml.parse(readFileSync(join(ROOT, 'pnpm-lock.yaml'), 'utf8')) as Lockfile;
  const fileRef = (pkg: PublishablePackage): string =>
    `file:${relative(projectDir, join(tarballDir, pkg.tarball)).split('\\').join('/')}`;
  const byDir = new Map(packages.map((pkg) => [`packages/${pkg.dir}`, pkg]));
  const outPackages: Section = {};
  const outSnapshots: Section = {};
  const queue: string[] = [];

  // A dependency as the workspace resolved it → its reference in the consumer's lockfile.
  const refOf = (importer: string, name: string, dep: DepRef): string => {
    if (!dep.version.startsWith('link:')) {
      queue.push(`${name}@${dep.version}`);
      return dep.version;
    }
    const target = join(importer, dep.version.slice('link:'.length)).split('\\').join('/');
    const linked = byDir.get(target);
    if (linked === undefined)
      throw new Error(`${importer} depends on ${name} (${target}), which is not published`);
    return fileRef(linked);
  };

  for (const pkg of packages) {
    const importer = `packages/${pkg.dir}`;
    const entry = lock.importers[importer];
    if (entry === undefined) throw new Error(`${importer} is not in pnpm-lock.yaml (run pnpm install)`);
    const snapshot: Record<string, Record<string, string>> = {};
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      const deps = entry[field];
      if (deps === undefined) continue;
      snapshot[field] = Object.fromEntries(
        Object.entries(deps).map(([name, dep]) => [name, refOf(importer, name, dep)]),
      );
    }
    const key = `${pkg.name}@${fileRef(pkg)}`;
    const integrity = `sha512-${createHash('sha512')
      .update(readFileSync(join(tarballDir, pkg.tarball)))
      .digest('base64')}`;
    outPackages[key] = {
      resolution: { integrity, tarball: fileRef(pkg) },
      version: pkg.version,
      ...(pkg.manifest['engines'] === undefined ? {} : { engines: pkg.manifest['engines'] }),
      ...(pkg.manifest['bin'] === undefined ? {} : { hasBin: true }),
    };
    outSnapshots[key] = snapshot;
  }

  const dependencies: Record<string, string> = {};
  const importerDeps: Record<string, DepRef> = {};
  for (const pkg of packages) {
    dependencies[pkg.name] = fileRef(pkg);
    importerDeps[pkg.name] = { specifier: fileRef(pkg), version: fileRef(pkg) };
  }
  for (const name of devDeps) {
    const [importer, dep] = workspaceDependency(lock, name);
    dependencies[name] = dep.specifier;
    importerDeps[name] = { specifier: dep.specifier, version: refOf(importer, name, dep) };
  }

  // Everything those resolve to, transitively, copied from the workspace lockfile.
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    if (outSnapshots[key] !== undefined) continue;
    const snapshot = lock.snapshots[key];
    if (snapshot === undefined) throw new Error(`pnpm-lock.yaml has no snapshot ${key}`);
    outSnapshots[key] = snapshot;
    const packageKey = key.replace(/\(.*$/, '');
    const meta = lock.packages[packageKey];
    if (meta === undefined) throw new Error(`pnpm-lock.yaml has no package ${packageKey}`);
    outPackages[packageKey] = meta;
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      const deps = snapshot[field] as Record<string, string> | undefined;
      for (const [name, version] of Object.entries(deps ?? {})) queue.push(`${name}@${version}`);
    }
  }

  const overrides = Object.fromEntries(packages.map((pkg) => [pkg.name, fileRef(pkg)]));
  const manifest = {
    name: 'krakenkit-consumer',
    private: true,
    type: 'module',
    dependencies,
    pnpm: { overrides },
  };
  writeFileSync(join(projectDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const lockfile = {
    lockfileVersion: '9.0',
    settings: { autoInstallPeers: true, excludeLinksFromLockfile: false },
    overrides,
    importers: { '.': { dependencies: importerDeps } },
    packages: sortKeys(outPackages),
    snapshots: sortKeys(outSnapshots),
  };
  writeFileSync(join(projectDir, 'pnpm-lock.yaml'), yaml.stringify(lockfile));
}

/** How the workspace depends on `name`: the root's devDependency if it has one, else the first package's. */
function workspaceDependency(lock: Lockfile, name: string): [importer: string, dep: DepRef] {
  const importers = Object.keys(lock.importers).sort((a, b) =>
    a === '.' ? -1 : b === '.' ? 1 : a.localeCompare(b),
  );
  for (const importer of importers) {
    const entry = lock.importers[importer];
    for (const field of ['devDependencies', 'dependencies'] as const) {
      const dep = entry?.[field]?.[name];
      if (dep !== undefined && !dep.version.startsWith('link:')) return [importer, dep];
    }
  }
  throw new Error(`no workspace package depends on ${name} in pnpm-lock.yaml`);
}

/** One code entry of a package as its manifest declares it: `@krakenkit/runner/cli` → its condition targets. */
export interface EntryPoint {
  /** What a user imports, e.g. `@krakenkit/runner/cli`. */
  specifier: string;
  /** The `exports` key, e.g. `./cli`. */
  subpath: string;
  /** Condition → file, e.g. `require` → `./dist/cli/index.js`. */
  targets: Record<string, string>;
}

/** Every code entry (root and subpaths) of a package: the `exports` keys that map conditions to files. */
export function entryPoints(pkg: PublishablePackage): EntryPoint[] {
  const exports = (pkg.manifest['exports'] ?? {}) as Record<string, string | Record<string, string>>;
  return Object.entries(exports).flatMap(([subpath, targets]) =>
    typeof targets === 'string' || targets['import'] === undefined
      ? []
      : [{ specifier: subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`, subpath, targets }],
  );
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
