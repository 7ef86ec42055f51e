#!/usr/bin/env node
// Runs every benchmark script (packages/*/bench/*.bench.ts) one after another, from source, echoes their output,
// and ends with ONE table of the figures they reported. Benchmarks never assert timings; they live apart from the
// timed test suite.
//
// Convention (see packages/bench/bench/support/report.ts): besides its human lines, a script prints one machine line
// per figure,
//   BENCH {"bench":"book-vs-ccxt","metric":"...","value":123.4,"unit":"updates/s","vs":"ccxt","ratio":3.2,"note":"..."}
// where `vs` + `ratio` (optional) say how many times better the row is than the named reference (higher = better,
// whatever the unit) and `note` is optional. Optional too: `kind` (`e2e`: through the public API over real loopback
// sockets, the server in another process; `in-memory`: a micro-figure in one process, no server elsewhere (at most a
// loopback socket to a server in the same process); the default for rows without it),
// `min` + `max` + `rounds` (the figure's range over interleaved rounds; `value` is then the median) and `load` (the
// 1-minute load average over those rounds; rows without it show the script's load at its start and end).
// Machine lines are collected for the table, not echoed (pass --raw to echo them too). Scripts that print no BENCH
// lines still run; their output is echoed as is.
//
// Usage: node scripts/run-bench.mjs [filter] [--raw] [--md]   (--md prints the final table as Markdown)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const raw = args.includes('--raw');
const markdown = args.includes('--md');
const filter = args.find((arg) => !arg.startsWith('--'));
const PREFIX = 'BENCH ';

function benchFiles() {
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
  return files.filter((file) => !filter || file.includes(filter)).sort();
}

/** Parses one machine line; returns undefined (and says so) when it does not follow the convention. */
function parseLine(line, file) {
  try {
    const row = JSON.parse(line.slice(PREFIX.length));
    if (typeof row.metric === 'string' && typeof row.value === 'number' && typeof row.unit === 'string') {
      return { bench: typeof row.bench === 'string' ? row.bench : file, ...row };
    }
  } catch {
    // fall through
  }
  console.log(`(run-bench: ignored a malformed BENCH line from ${file}: ${line.slice(0, 120)})`);
  return undefined;
}

/** Runs one script, echoing its stdout line by line and collecting its BENCH rows. */
function runScript(file) {
  return new Promise((resolve) => {
    const started = performance.now();
    const loadStart = loadavg()[0];
    const rows = [];
    const child = spawn(process.execPath, ['--conditions=@krakenkit/source', '--import', 'tsx', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let pending = '';
    const take = (line) => {
      if (line.startsWith(PREFIX)) {
        const row = parseLine(line, file);
        if (row) rows.push(row);
        if (!raw) return;
      }
      process.stdout.write(`${line}\n`);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) take(line);
    });
    child.on('close', (code, signal) => {
      if (pending !== '') take(pending);
      const load = [loadStart, loadavg()[0]];
      resolve({ file, rows, code: code ?? signal, seconds: (performance.now() - started) / 1000, load });
    });
  });
}

function formatValue(value) {
  const digits = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 100 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `1.52–2.40` from the two ends of a script's run. */
function loadText([start, end]) {
  return `${Math.min(start, end).toFixed(2)}–${Math.max(start, end).toFixed(2)}`;
}

function rangeText(row) {
  if (typeof row.min !== 'number' || typeof row.max !== 'number') return '';
  const rounds = typeof row.rounds === 'number' ? ` (${row.rounds})` : '';
  return `${formatValue(row.min)}–${formatValue(row.max)}${rounds}`;
}

function tableRows(results) {
  const rows = [];
  for (const result of results) {
    for (const row of result.rows) {
      rows.push([
        row.bench,
        row.kind === 'e2e' ? 'e2e' : 'in-memory',
        row.metric,
        formatValue(row.value),
        rangeText(row),
        row.unit,
        row.vs ?? '',
        typeof row.ratio === 'number' ? `${row.ratio.toFixed(2)}x` : '',
        typeof row.load === 'string' ? row.load : loadText(result.load),
        row.note ?? '',
      ]);
    }
    if (result.code !== 0) {
      rows.push([
        result.file,
        '',
        `FAILED (exit ${result.code})`,
        '',
        '',
        '',
        '',
        '',
        loadText(result.load),
        '',
      ]);
    }
  }
  return rows;
}

function printTable(rows) {
  const header = [
    'bench',
    'kind',
    'metric',
    'value',
    'min–max (rounds)',
    'unit',
    'vs',
    'better ×',
    'load',
    'note',
  ];
  const right = new Set([3, 4, 7]);
  if (markdown) {
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map((_, i) => (right.has(i) ? '---:' : '---')).join('|')}|`);
    for (const row of rows) console.log(`| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
    return;
  }
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

// Every script runs from source under tsx: without the workspace's dependencies each one would fail with the same
// module-resolution trace, so say once what is missing (resolved from here up, as Node resolves `--import tsx`).
if (!resolvable('tsx')) {
  console.error(
    'run-bench: the dependencies are not installed (tsx cannot be found); run `npx -y pnpm@10 install` first',
  );
  process.exit(2);
}

function resolvable(name) {
  try {
    createRequire(join(process.cwd(), 'run-bench.cjs')).resolve(name);
    return true;
  } catch {
    return false;
  }
}

const formatLoad = (values) => values.map((value) => value.toFixed(2)).join('/');
const runLoadStart = formatLoad(loadavg());
const results = [];
for (const file of benchFiles()) {
  console.log(`\n### ${file}`);
  results.push(await runScript(file));
}
const failed = results.filter((result) => result.code !== 0).length;
console.log(
  `\n## All figures (better × = how many times better than "vs"; higher is better whatever the unit)\n`,
);
console.log(
  'kind: e2e = through the public API over loopback sockets, server in another process; in-memory = a ' +
    'micro-figure in one process (at most a loopback socket to a server in that same process).\n' +
    'value = median of the rounds when a range is given. load = 1-minute load average over the rounds ' +
    "(or the script's start and end).\n",
);
printTable(tableRows(results));
const silent = results.filter((result) => result.rows.length === 0 && result.code === 0);
if (silent.length > 0) {
  console.log(
    `\nno BENCH lines (figures in their output above): ${silent.map((result) => result.file).join(', ')}`,
  );
}
const timings = results.map(
  (result) => `${result.file.replace(/^packages\//, '')} ${result.seconds.toFixed(1)} s`,
);
console.log(`\n${results.length} benchmark scripts run, ${failed} failed (${timings.join('; ')})`);
console.log(`load average (1/5/15 min): ${runLoadStart} at start, ${formatLoad(loadavg())} at end`);
process.exit(failed === 0 ? 0 : 1);
