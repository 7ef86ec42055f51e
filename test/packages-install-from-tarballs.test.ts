/**
 * What a new user gets: every publishable package is built and packed (`pnpm pack`), and the tarballs are
 * installed offline into an empty project outside the repository (third-party dependencies from the pnpm store,
 * pinned by a lockfile written from the workspace's, plus msw, the mock exchange's optional peer). Then, from that
 * project only: the manifests and shipped files, `require()` and `import` of every entry of every package (the root
 * and each documented subpath, e.g. `@krakenkit/mock-exchange/msw`, `@krakenkit/runner/cli`), the runner started
 * without loading msw, a guarded order with client and guard alone, a guarded order
 * against `startMockExchange()` with no config directory, `krakenkit validate` and a 10-second `krakenkit run` of
 * a copy of config/demo-bot.yaml (nothing else next to it), `krakenkit-mock` answering a public request, and a
 * TypeScript consumer (plus every README's TypeScript example and every entry, ESM and CommonJS) under `tsc --noEmit`.
 *
 * Run it alone with `pnpm test:pack`.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  entryPoints,
  killAll,
  type PublishablePackage,
  pnpm,
  publishablePackages,
  ROOT,
  run,
  start,
  userEnv,
  writeConsumerProject,
} from './support/tarball-install.js';

const PACKAGES: PublishablePackage[] = publishablePackages();
// Every code entry of every package, e.g. `@krakenkit/client` and `@krakenkit/client/ws`.
const ENTRIES = PACKAGES.flatMap((pkg) => entryPoints(pkg).map((entry) => ({ pkg, ...entry })));
const FIXTURES = join(import.meta.dirname, 'fixtures', 'consumer');
// The installed bins are shell shims that run `node` from PATH: make that the Node running this suite.
const ENV = userEnv({
  PATH: `${dirname(process.execPath)}${process.platform === 'win32' ? ';' : ':'}${process.env['PATH'] ?? ''}`,
});

let tmp = '';
let app = '';

const bin = (name: string): string => join(app, 'node_modules', '.bin', name);
const node = (args: readonly string[]) => run(process.execPath, args, app, { env: ENV, allowFailure: true });
const installed = (pkg: PublishablePackage): string => join(app, 'node_modules', ...pkg.name.split('/'));

beforeAll(async () => {
  tmp = mkdtempSync(join(realpathSync(tmpdir()), 'krakenkit-pack-'));
  if (!relative(ROOT, tmp).startsWith('..')) throw new Error(`${tmp} is inside the repository`);
  const tarballs = join(tmp, 'tarballs');
  app = join(tmp, 'app');
  mkdirSync(tarballs);
  mkdirSync(join(app, 'bot'), { recursive: true });

  await pnpm(['build'], ROOT, ENV); // every package, in dependency order
  const filters = PACKAGES.flatMap((pkg) => ['--filter', pkg.name]);
  await pnpm(['-r', ...filters, 'pack', '--pack-destination', tarballs], ROOT, ENV);
  for (const pkg of PACKAGES) {
    if (!existsSync(join(tarballs, pkg.tarball))) throw new Error(`pnpm pack wrote no ${pkg.tarball}`);
  }

  writeConsumerProject(app, tarballs, PACKAGES, ['typescript', '@types/node', 'msw']);
  for (const file of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, file), join(app, file));
  copyFileSync(join(ROOT, 'config', 'demo-bot.yaml'), join(app, 'bot', 'demo-bot.yaml'));
  const store = (await pnpm(['store', 'path'], ROOT, ENV)).stdout.trim();
  await pnpm(
    ['install', '--offline', '--frozen-lockfile', '--ignore-scripts', '--store-dir', store],
    app,
    ENV,
  );
}, 240_000);

afterAll(() => {
  killAll();
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

// Concurrent: the tests wait on child processes, so the 10-second run overlaps the others. Timeouts only catch hangs.
describe.concurrent('the packed packages, installed from their tarballs into a project outside the repository', () => {
  it('ship a README, a LICENSE, built code with types, and the fields a registry shows', ({ expect }) => {
    expect(PACKAGES.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining([
        '@krakenkit/client',
        '@krakenkit/guard',
        '@krakenkit/mock-exchange',
        '@krakenkit/runner',
      ]),
    );
    for (const pkg of PACKAGES) {
      const dir = installed(pkg);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const where = `${pkg.name}/package.json`;
      expect(manifest.description, where).toMatch(/\w{3,}/);
      expect(manifest.license, where).toBe('MIT');
      expect(manifest.repository, where).toMatchObject({ type: 'git', directory: `packages/${pkg.dir}` });
      expect(manifest.keywords?.length, where).toBeGreaterThan(0);
      expect(manifest.engines?.node, where).toBe('>=20.19.0');
      expect(manifest.files, where).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
      expect(existsSync(join(dir, manifest.types)), `${where} types`).toBe(true);
      // workspace:* became real versions when packed.
      expect(JSON.stringify(manifest.dependencies ?? {}), where).not.toContain('workspace:');
      // Every entry (the root and each subpath) has the same conditions, and every target of every condition is
      // in the tarball, the sources behind `@krakenkit/source` included.
      const entries = entryPoints({ ...pkg, manifest });
      expect(entries.map((entry) => entry.subpath)).toContain('.');
      for (const { subpath, targets } of entries) {
        expect(Object.keys(targets), `${where} exports["${subpath}"]`).toEqual([
          '@krakenkit/source',
          'types',
          'import',
          'require',
          'default',
        ]);
        for (const [condition, target] of Object.entries(targets)) {
          expect(
            existsSync(join(dir, target)),
            `${where} exports["${subpath}"]["${condition}"] → ${target}`,
          ).toBe(true);
        }
      }
      for (const target of Object.values((manifest.bin ?? {}) as Record<string, string>)) {
        expect(existsSync(join(dir, target)), `${where} bin ${target}`).toBe(true);
      }
      expect(readFileSync(join(dir, 'README.md'), 'utf8'), `${pkg.name} README`).toMatch(
        /## Install[\s\S]*```/,
      );
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), `${pkg.name} LICENSE`).toMatch(/^MIT License/);
    }
    // msw is an optional peer of the mock exchange: installing the packages never installs it.
    const mock = PACKAGES.find((pkg) => pkg.name === '@krakenkit/mock-exchange');
    const mockManifest = mock && JSON.parse(readFileSync(join(installed(mock), 'package.json'), 'utf8'));
    expect(mockManifest?.dependencies?.msw).toBeUndefined();
    expect(mockManifest?.peerDependencies?.msw).toMatch(/^\^2\./);
    expect(mockManifest?.peerDependenciesMeta?.msw).toEqual({ optional: true });
  });

  it('declare as dependencies every package their built code and types import', ({ expect }) => {
    for (const pkg of PACKAGES) {
      const dir = installed(pkg);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const declared = new Set([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]);
      // A strict installer (pnpm) lets a package see only what it declares: a type imported from an undeclared
      // package resolves to nothing in a consumer's type-check.
      const undeclared = new Set<string>();
      for (const file of filesUnder(join(dir, 'dist'))) {
        if (!/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) continue;
        for (const name of importedPackages(readFileSync(file, 'utf8'))) {
          if (name !== pkg.name && !declared.has(name)) undeclared.add(`${name} (${relative(dir, file)})`);
        }
      }
      expect([...undeclared], `${pkg.name} imports these without declaring them`).toEqual([]);
    }
  });

  it('load every entry with require() and with import, both resolving to the same built modules', async ({
    expect,
  }) => {
    const specifiers = ENTRIES.map((entry) => entry.specifier);
    expect(specifiers).toEqual(
      expect.arrayContaining([
        '@krakenkit/core/config',
        '@krakenkit/client/ws',
        '@krakenkit/guard/audit',
        '@krakenkit/mock-exchange/msw',
        '@krakenkit/runner/cli',
      ]),
    );
    const result = await node(['require-every-package.cjs', ...specifiers]);
    expect(result.stderr).not.toMatch(/Error/); // (a Node that still calls require(esm) experimental may warn)
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<
      string,
      { exports: string[]; sameAsImport: boolean; resolved: string }
    >;
    for (const { specifier, targets } of ENTRIES) {
      expect(report[specifier]?.exports.length, specifier).toBeGreaterThan(0);
      expect(report[specifier]?.sameAsImport, specifier).toBe(true);
      expect(report[specifier]?.resolved.split('\\').join('/'), specifier).toMatch(
        new RegExp(`/${(targets['require'] ?? '').slice(2).replaceAll('.', '\\.')}$`),
      );
    }
    const exportsOf = (specifier: string) => report[specifier]?.exports ?? [];
    expect(exportsOf('@krakenkit/client')).toEqual(expect.arrayContaining(['createClient', 'signRequest']));
    expect(exportsOf('@krakenkit/client')).not.toContain('encodeForm'); // internals are behind subpaths
    expect(exportsOf('@krakenkit/client/ws')).toContain('createWsClient');
    expect(exportsOf('@krakenkit/client/wire')).toEqual(expect.arrayContaining(['encodeForm', 'parseFrame']));
    expect(exportsOf('@krakenkit/core/config')).toContain('parseYamlSource');
    expect(exportsOf('@krakenkit/guard')).toEqual(expect.arrayContaining(['createGuard', 'guardClient']));
    expect(exportsOf('@krakenkit/guard/audit')).toContain('createJsonlAuditWriter');
    expect(exportsOf('@krakenkit/mock-exchange')).toContain('startMockExchange');
    expect(exportsOf('@krakenkit/mock-exchange')).not.toContain('krakenHandlers');
    expect(exportsOf('@krakenkit/mock-exchange/msw')).toEqual(['krakenHandlers']);
    expect(exportsOf('@krakenkit/runner')).toContain('startSession');
    expect(exportsOf('@krakenkit/runner')).not.toContain('runCli');
    expect(exportsOf('@krakenkit/runner/cli')).toEqual(
      expect.arrayContaining(['EXIT', 'processIo', 'runCli']),
    );
  }, 60_000);

  it('start the runner, as a library and as the command line, without loading msw', async ({ expect }) => {
    const result = await node(['loaded-packages.mjs', '@krakenkit/runner', '@krakenkit/runner/cli']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const loaded = JSON.parse(result.stdout) as string[];
    expect(loaded).toEqual(expect.arrayContaining(['@krakenkit/mock-exchange', 'ws']));
    expect(loaded).not.toContain('msw');
    expect(loaded).not.toContain('graphql');
  }, 60_000);

  it('place a guarded order with client and guard alone: one sent, one refused before sending', async ({
    expect,
  }) => {
    const result = await node(['client-and-guard.mjs']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      placed: 'buy 0.01 XBTUSD @ limit 60000',
      txid: 'OQCLML-BW3P3-BUCMWZ',
      refused: ['EOrder:Margin allowance exceeded'],
      sent: ['/0/private/AddOrder'],
    });
  }, 60_000);

  it('place a guarded order against startMockExchange() with no config directory', async ({ expect }) => {
    const result = await node(['guarded-order.mjs']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout) as { txid: string; refused: string[]; open: string[] };
    expect(outcome.txid).toMatch(/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/);
    expect(outcome.refused).toEqual(['EOrder:Margin allowance exceeded']);
    expect(outcome.open).toEqual([outcome.txid]); // the refused order never reached the exchange
  }, 60_000);

  it('validate the demo config, then paper-trade it for 10 seconds on the embedded mock exchange', async ({
    expect,
  }) => {
    const validate = await run(bin('krakenkit'), ['validate', 'bot/demo-bot.yaml'], app, {
      env: ENV,
      allowFailure: true,
    });
    expect(validate.output).toMatch(/bot\/demo-bot\.yaml: valid/);
    expect(validate.code).toBe(0);

    const session = start(
      bin('krakenkit'),
      ['run', 'bot/demo-bot.yaml', '--duration', '10s', '--status', 'plain'],
      app,
      ENV,
    );
    await session.waitFor(/started \d+ bot\(s\) on the embedded mock exchange/);
    const { code } = await session.exited;
    const out = session.stdout();
    expect(session.stderr()).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/: placed (buy|sell) /);
    expect(out).toMatch(
      /keep-dca: GUARD REJECTED buy [\d.]+ KEEP\/USD market: EOrder:Reduce only:No position exists/,
    );
    expect(out).toMatch(/SUMMARY {2}demo-bot {2}· {2}duration reached after 00:1\d/);
  }, 90_000);

  it('serve the dashboard from the installed CLI: 401 without the token, then its page, UI and vendored charts', async ({
    expect,
  }) => {
    const dashboard = start(bin('krakenkit'), ['dashboard', 'bot/demo-bot.yaml', '--port', '0'], app, ENV);
    const [, login, origin] = await dashboard.waitFor(/: ((http:\/\/127\.0\.0\.1:\d+)\/\?token=[\w-]+)\n/);
    expect((await fetch(`${origin}/api/account`)).status).toBe(401);
    const signIn = await fetch(login as string, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const get = (path: string) => fetch(`${origin}${path}`, { headers: { cookie } });
    const page = await get('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/vendor/lightweight-charts.js');
    // The assets the page names are in the installed package: the UI's modules and the vendored libraries.
    for (const asset of [...html.matchAll(/src="(\/(?:ui|vendor)\/[\w.-]+\.js)"/g)].map(
      (m) => m[1] as string,
    )) {
      const response = await get(asset);
      expect(response.status, asset).toBe(200);
      expect((await response.text()).length, asset).toBeGreaterThan(100);
    }
    const account = await get('/api/account');
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({ tier: expect.anything() });
    dashboard.child.kill('SIGINT');
    const { code } = await dashboard.exited;
    expect(code).toBe(0);
    expect(dashboard.stdout()).toMatch(/dashboard stopped/);
  }, 90_000);

  it('start krakenkit-mock, which answers a public request until stopped', async ({ expect }) => {
    const mock = start(bin('krakenkit-mock'), ['--port', '0', '--seed', 'pack-test'], app, ENV);
    const [, url] = await mock.waitFor(/mock Kraken REST:\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const response = await fetch(`${url}/0/public/Time`);
    const body = (await response.json()) as {
      error: string[];
      result: { unixtime: number; rfc1123: string };
    };
    expect(response.status).toBe(200);
    expect(body.error).toEqual([]);
    expect(body.result.unixtime).toBeGreaterThan(1_600_000_000);
    mock.child.kill('SIGTERM');
    const { code } = await mock.exited;
    expect(code).toBe(0);
    expect(mock.stderr()).toBe('');
  }, 60_000);

  it('type-check a TypeScript consumer, every README example and an import and a require() of each entry', async ({
    expect,
  }) => {
    const imports = ENTRIES.map((entry, i) => `import * as entry${i} from '${entry.specifier}';`);
    const names = ENTRIES.map((_, i) => `entry${i}`).join(', ');
    writeFileSync(
      join(app, 'every-package.ts'),
      `${imports.join('\n')}\nexport const exported: number = [${names}].reduce((n, m) => n + Object.keys(m).length, 0);\n`,
    );
    const requires = ENTRIES.map((entry, i) => `import entry${i} = require('${entry.specifier}');`);
    writeFileSync(join(app, 'every-package-cjs.cts'), `${requires.join('\n')}\nexport = [${names}];\n`);
    for (const pkg of PACKAGES) {
      const file = join(installed(pkg), 'README.md');
      const readme = existsSync(file) ? readFileSync(file, 'utf8') : ''; // a missing README fails the first test
      const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
      for (const [i, code] of blocks.entries())
        writeFileSync(join(app, `readme-${pkg.dir}-${i + 1}.ts`), code);
    }
    // skipLibCheck is off so that errors inside our own .d.ts files count. Third-party declarations are not ours
    // to fix (msw's need the DOM library), so only errors in the consumer's files and in @krakenkit/* fail the test.
    const result = await node([join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    const errors = result.stdout.split('\n').filter((line) => /^\S.*\(\d+,\d+\): error TS/.test(line));
    const ours = errors.filter((line) => !line.includes('node_modules') || line.includes('@krakenkit'));
    expect(ours).toEqual([]);
    if (result.code !== 0) expect(errors.length, result.output).toBeGreaterThan(0); // tsc failed for a reason it printed
  }, 60_000);
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The packages a module's text imports (static, dynamic, require, type imports), by package name. */
function importedPackages(text: string): Set<string> {
  const names = new Set<string>();
  const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"'\s]+)["']/g;
  for (const [, specifier = ''] of text.matchAll(specifiers)) {
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    if (isBuiltin(specifier)) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
  }
  return names;
}
