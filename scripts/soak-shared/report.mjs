// How the soak prints its figures: human lines, and a Markdown table for BENCHMARKS.md.
import { percent } from './figures.mjs';

/** The figures as lines a reader checks against the issue's targets. */
export function describe(figures, run) {
  const lines = [
    `setup: ${run.processes} processes x 2 bots, one API key, store ${run.storeLabel}, ${run.durationS} s, ` +
      `faults on ${percent(figures.faults.rate)} of ${figures.requests} calls ${JSON.stringify(figures.faults.byKind)}`,
    `machine: load average ${run.loadStart} at start, ${run.loadEnd} at the end, ${run.cores} cores`,
    `starts: ${run.startAttempts.map((n, i) => `p${i + 1} ${n === 1 ? 'first try' : `${n} tries`}`).join(', ')}`,
    run.killed === undefined
      ? 'kill -9: none'
      : `kill -9: process ${run.killed.index} at ${seconds(run, run.killed.at)}` +
        (run.killed.alreadyExited === undefined
          ? '; '
          : ` (it had already ended: ${run.killed.alreadyExited.code}); `) +
        (run.restartedAt === undefined
          ? 'never traded again'
          : `trading again at ${seconds(run, run.restartedAt)} after ${run.restartAttempts} refused start(s)`),
    `EAPI:Invalid nonce: ${figures.invalidNonces}`,
    `rate-limit errors (EAPI/EOrder:Rate limit exceeded): ${figures.rateLimitErrors}`,
    `EOrder:Margin allowance exceeded (the exchange refused what the guard let through): ${figures.allowanceErrors}`,
    ...figures.pools.map(
      (pool) =>
        `pool ${pool.pool}: max joint usage ${pool.maxUsage} of the allowance ${pool.limit} ` +
        `(${percentOf(pool.maxUsage, pool.limit)}; positions alone ${pool.maxPositions}; ${pool.samplesOver} of ` +
        `${pool.samples} samples over)`,
    ),
    `duplicate orders: ${figures.duplicateClOrdIds.length} cl_ord_ids twice, ${figures.twinsOpenAtOnce.length} identical ` +
      `orders open at once, ${figures.gridOverlaps.length} grids placed twice`,
    `open orders no session owns at the end: ${figures.openAtEnd.length}` +
      (figures.openAtEnd.length === 0
        ? ''
        : ` (${figures.openAtEnd.map((o) => `${o.txid} ${o.side} ${o.volume} ${o.pair} cl_ord_id ${o.clOrdId}`).join('; ')})`),
    figures.rest === undefined
      ? 'REST budget: no private REST call was charged'
      : `REST budget utilisation: ${percent(figures.rest.sentUtilisation)} spent: ${figures.rest.charged} + ` +
        `${figures.rest.unprocessed} faulted of the ${figures.rest.spentCapacity.toFixed(1)} units the callers' own ` +
        `count offered (headroom at the start, level ${figures.rest.spentLevelAtStart.toFixed(1)}, + the decay; a ` +
        `faulted call counts as spent, as Kraken does not say it was free); ${percent(figures.rest.utilisation)} ` +
        `charged of the ${figures.rest.capacity.toFixed(1)} units the exchange's count offered (level ` +
        `${figures.rest.levelAtStart.toFixed(1)} at the start; peak ${figures.rest.peakLevel.toFixed(1)}); ` +
        `${percent(figures.rest.refillShare)} of the refill alone`,
    `  by slice (budget spent; of the refill alone): ${figures.restSlices
      .map((s) => `${s.fromS}-${s.toS}s ${percent(s.sentUtilisation ?? 0)}; ${percent(s.refillShare ?? 0)}`)
      .join(', ')}`,
    `orders placed: ${figures.orders}; all errors: ${JSON.stringify(figures.errors)}`,
    `ended on their own: ${run.endedOnTheirOwn.length === 0 ? 'none' : run.endedOnTheirOwn.map((end) => `p${end.index} at ${seconds(run, end.at)} (${end.code ?? end.signal})`).join(', ')}`,
    `process exits: ${run.stops.map((stop) => `p${stop.index} ${stop.code ?? stop.signal}${stop.clean ? '' : ' (not clean)'}`).join(', ')}`,
    `Ctrl-C to exit: ${run.stops.map((stop) => `p${stop.index} ${stopTime(stop)}`).join(', ')}`,
  ];
  return lines;
}

/** A Markdown table of the figures against the targets, for BENCHMARKS.md. */
export function markdown(figures, run) {
  const rows = [
    ['EAPI:Invalid nonce', '0', String(figures.invalidNonces)],
    ['rate-limit errors', '0', String(figures.rateLimitErrors)],
    ['orders the exchange refused over the allowance', '0', String(figures.allowanceErrors)],
    ...figures.pools.map((pool) => [
      `max joint ${pool.pool} pool usage`,
      `≤ ${pool.limit}`,
      `${pool.maxUsage} (${percentOf(pool.maxUsage, pool.limit)})`,
    ]),
    [
      'duplicate orders (cl_ord_id twice, identical open at once, second grid)',
      '0',
      String(figures.duplicateClOrdIds.length + figures.twinsOpenAtOnce.length + figures.gridOverlaps.length),
    ],
    ['open orders no session owns at the end', '0', String(figures.openAtEnd.length)],
    ['REST budget utilisation (spent; charged)', '≥ 95 %', restCell(figures)],
  ];
  return [
    `${run.processes} processes x 2 bots, store ${run.storeLabel}, ${run.durationS} s, faults on ` +
      `${percent(figures.faults.rate)} of ${figures.requests} calls, kill -9 at ${run.killAtS} s, load average ` +
      `${run.loadStart} → ${run.loadEnd} on ${run.cores} cores`,
    '',
    '| figure | target | measured |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function restCell(figures) {
  if (figures.rest === undefined) return 'no charge';
  const { sentUtilisation, utilisation, refillShare } = figures.rest;
  return `${percent(sentUtilisation)}; ${percent(utilisation)} (refill alone: ${percent(refillShare)})`;
}

// The session's bound (run.shutdownTimeout) counts from the stop; a process stopped during start-up finishes it first.
function stopTime(stop) {
  if (stop.stopMs === undefined) return 'had already exited';
  return `${(stop.stopMs / 1000).toFixed(1)} s${stop.starting ? ' (stopped during start-up)' : ''}`;
}

function seconds(run, at) {
  return `${((at - run.windowFrom) / 1000).toFixed(1)} s`;
}

// For display only: the verdict compares decimals on the exchange's side (samplesOver).
function percentOf(amount, limit) {
  return `${((Number(amount) / Number(limit)) * 100).toFixed(1)} %`;
}
