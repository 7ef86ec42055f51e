// What the exchange saw, read over its admin route, turned into the soak's figures and its verdict.
import { botsOf, GRID_LEVELS } from './scenario.mjs';

const RATE_LIMIT_ERRORS = ['EAPI:Rate limit exceeded', 'EOrder:Rate limit exceeded'];

/** GETs one admin route of the mock (`report?from=…`, `orders`) as JSON. */
export async function readAdmin(mockUrl, token, route) {
  const response = await fetch(`${mockUrl}/__mock/${route}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`GET /__mock/${route}: HTTP ${response.status}`);
  return response.json();
}

/**
 * The figures of a run. `report` covers the whole run (read after every process stopped); `window` is the
 * report over the trading window (REST utilisation); `slices` the same over consecutive slices of it.
 */
export function figuresOf({ report, window, slices, orders, processes }) {
  const errors = allErrors(report);
  const rest = window.keys[0]?.rest;
  return {
    errors,
    invalidNonces: errors['EAPI:Invalid nonce'] ?? 0,
    rateLimitErrors: RATE_LIMIT_ERRORS.reduce((sum, code) => sum + (errors[code] ?? 0), 0),
    allowanceErrors: errors['EOrder:Margin allowance exceeded'] ?? 0,
    pools: report.pools.map((pool) => ({
      pool: pool.currency,
      limit: pool.limit,
      exchangeAllowance: pool.allowance,
      maxUsage: pool.maxUsage,
      maxPositions: pool.maxPositions,
      samplesOver: pool.samplesOver,
      maxOver: pool.maxOver,
      samples: pool.samples,
    })),
    duplicateClOrdIds: report.orders.flatMap((audit) => audit.duplicateClOrdIds),
    twinsOpenAtOnce: report.orders.flatMap((audit) => audit.twinsOpenAtOnce),
    gridOverlaps: gridOverlaps(orders, processes),
    openAtEnd: report.orders.flatMap((audit) => audit.open),
    orders: report.orders.reduce((sum, audit) => sum + audit.total, 0),
    requests: report.requests.total,
    faults: { rate: report.faults.rate, total: report.faults.total, byKind: report.faults.byKind },
    rest: rest === undefined ? undefined : restFigures(rest),
    restSlices: slices.map(({ from, to, report: slice }) => ({
      fromS: from,
      toS: to,
      ...(slice.keys[0] === undefined ? {} : restFigures(slice.keys[0].rest)),
    })),
    internalErrors: report.internalErrors,
  };
}

/** The targets of issue #12; each missed one as a sentence. */
export function missedTargets(figures, run) {
  const checks = [
    [figures.invalidNonces === 0, `${figures.invalidNonces} EAPI:Invalid nonce`],
    [figures.rateLimitErrors === 0, `${figures.rateLimitErrors} rate-limit errors`],
    [
      figures.allowanceErrors === 0,
      `${figures.allowanceErrors} orders the exchange refused over the allowance (the guard should refuse first)`,
    ],
    ...figures.pools.map((pool) => [
      pool.samplesOver === 0,
      `${pool.pool} pool above the allowance ${pool.limit}: max ${pool.maxUsage} (${pool.samplesOver} samples over)`,
    ]),
    [figures.duplicateClOrdIds.length === 0, `${figures.duplicateClOrdIds.length} cl_ord_ids on two orders`],
    [figures.twinsOpenAtOnce.length === 0, `${figures.twinsOpenAtOnce.length} identical orders open at once`],
    [
      figures.gridOverlaps.length === 0,
      `grids placed twice: ${figures.gridOverlaps.map((g) => g.bot).join(', ')}`,
    ],
    [figures.openAtEnd.length === 0, `${figures.openAtEnd.length} open orders no session owns at the end`],
    [
      figures.rest !== undefined && figures.rest.sentUtilisation >= 0.95,
      `REST budget utilisation ${percent(figures.rest?.sentUtilisation ?? 0)} < 95 %`,
    ],
    [figures.internalErrors === 0, `${figures.internalErrors} mock internal errors`],
    [run.killed === undefined || run.restartedAt !== undefined, 'the killed process never traded again'],
    [
      run.endedOnTheirOwn.length === 0,
      `processes ended on their own: ${run.endedOnTheirOwn.map((end) => `p${end.index} (${end.code ?? end.signal})`).join(', ')}`,
    ],
    [run.stops.every((stop) => stop.clean), 'a process did not stop cleanly on Ctrl-C'],
  ];
  return checks.filter(([ok]) => !ok).map(([, message]) => message);
}

export function percent(value) {
  return `${(value * 100).toFixed(1)} %`;
}

function restFigures(rest) {
  return {
    utilisation: rest.utilisation,
    sentUtilisation: rest.sentUtilisation,
    refillShare: rest.refillShare,
    levelAtStart: rest.levelAtStart,
    spentLevelAtStart: rest.spentLevelAtStart,
    spentCapacity: rest.spentCapacity,
    charged: rest.charged,
    unprocessed: rest.unprocessed,
    capacity: rest.capacity,
    peakLevel: rest.peakLevel,
  };
}

function allErrors(report) {
  const errors = { ...report.requests.otherErrors };
  for (const key of report.keys)
    for (const [code, count] of Object.entries(key.errors)) errors[code] = (errors[code] ?? 0) + count;
  return errors;
}

// A grid bot holds at most one order per level: more than 2 × levels open at once means a second grid.
function gridOverlaps(orders, processes) {
  const overlaps = [];
  for (let index = 1; index <= processes; index += 1) {
    const grid = botsOf(index).find((bot) => bot.strategy === 'grid');
    const mine = orders.filter((order) => order.type === 'limit' && sameAmount(order.volume, grid.volume));
    const most = mostOpenAtOnce(mine);
    if (most > 2 * GRID_LEVELS) overlaps.push({ bot: grid.name, mostOpenAtOnce: most });
  }
  return overlaps;
}

// Decimal text compared as text, trailing zeros aside ("0.0101" and "0.01010000").
function sameAmount(a, b) {
  const trim = (text) => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);
  return trim(a) === trim(b);
}

function mostOpenAtOnce(orders) {
  const moves = orders.flatMap((order) => [
    [order.openedAt, 1],
    ...(order.closedAt === undefined ? [] : [[order.closedAt, -1]]),
  ]);
  moves.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let most = 0;
  for (const [, step] of moves) {
    current += step;
    most = Math.max(most, current);
  }
  return most;
}
