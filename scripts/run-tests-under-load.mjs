#!/usr/bin/env node
// Runs the whole suite while one busy-loop worker per core keeps every core loaded, to prove that no test depends on
// how fast the machine is. The workers are threads of this process, so they end with it.
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const busyLoop =
  'const { parentPort } = require("node:worker_threads"); let stop = false; parentPort.on("message", () => { stop = true; }); (function spin() { const end = Date.now() + 50; while (Date.now() < end) {} if (!stop) setImmediate(spin); })();';
const count = Number(process.env.KRAKENKIT_LOAD_WORKERS ?? availableParallelism());
const workers = Array.from({ length: count }, () => new Worker(busyLoop, { eval: true }));
console.log(
  `under load: ${count} busy-loop workers; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const started = Date.now();
const runner = fileURLToPath(new URL('./run-tests.mjs', import.meta.url));
const run = spawnSync(process.execPath, [runner, ...process.argv.slice(2)], { stdio: 'inherit' });
console.log(
  `under load: suite took ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const worker of workers) worker.postMessage('stop');
await Promise.all(workers.map((worker) => worker.terminate()));
process.exit(run.status ?? 1);
