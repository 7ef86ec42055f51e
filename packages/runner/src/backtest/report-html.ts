import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { amount, signed } from '../status/format.js';
import { backtestReport } from './report-json.js';
import type { BacktestResult } from './result.js';

// Rows of the trade table in the page (the JSON report holds every trade).
const TRADES_SHOWN = 500;

let chartLibrary: string | undefined;

/**
 * lightweight-charts' standalone production build (it defines `window.LightweightCharts`), read from the installed
 * package once: the page inlines it, so the report opens offline and loads nothing.
 */
function chartScript(): string {
  if (chartLibrary === undefined) {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('lightweight-charts/package.json'));
    chartLibrary = readFileSync(join(root, 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
  }
  return chartLibrary;
}

/** Code inlined in a <script> element: nothing in it may end the element early. */
function scriptSafe(code: string): string {
  if (/<\/script|<!--/i.test(code))
    throw new Error('inlined script holds </script or <!--: it would break the page');
  return code;
}

/** JSON inside a <script> element: every `<` escaped, so no string in it can end the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The backtest as one self-contained HTML page: the summary, each pair's price bars with the fills marked on
 * them (one marker per bar and side, with the number of fills), the PnL curve, the bots, refusals and the last
 * trades. The charting library and the data are inlined; the page makes no request.
 */
export function renderBacktestHtml(result: BacktestResult): string {
  const report = backtestReport(result);
  const chartData = { charts: report['charts'], curve: report['curve'] };
  const title = `Backtest ${result.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2430; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
.muted { color: #667; } .chart { height: 380px; margin: 8px 0; } .curve { height: 240px; }
table { border-collapse: collapse; margin: 8px 0; } td, th { padding: 3px 10px; border-bottom: 1px solid #e3e6ee; text-align: right; }
td:first-child, th:first-child, td.left, th.left { text-align: left; }
.pos { color: #1b7f3b; } .neg { color: #b3261e; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${escapeHtml(new Date(result.from).toISOString())} → ${escapeHtml(new Date(result.to).toISOString())} · ${escapeHtml(result.data.map((d) => `${d.pair} ${d.interval ?? 'recording'}`).join(', '))}</p>
${summaryTable(result)}
${result.charts.map((chart, i) => `<h2>${escapeHtml(chart.pair)} <span class="muted">(bars of ${chart.barMs / 60_000} min; ▲ buys, ▼ sells)</span></h2>\n<div class="chart" id="price-${i}"></div>`).join('\n')}
<h2>PnL of the bots (USD, marked to market)</h2>
<div class="chart curve" id="curve"></div>
${botsTable(result)}
${refusalsTable(result)}
${tradesTable(result)}
<script>${scriptSafe(chartScript())}</script>
<script type="application/json" id="report-data">${jsonForScript(chartData)}</script>
<script>${scriptSafe(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}

const PAGE_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var LC = window.LightweightCharts;
  var options = { layout: { background: { color: '#ffffff' }, textColor: '#1f2430' }, timeScale: { timeVisible: true, secondsVisible: false }, rightPriceScale: { borderVisible: false } };
  data.charts.forEach(function (chart, i) {
    var el = document.getElementById('price-' + i);
    var api = LC.createChart(el, Object.assign({ height: el.clientHeight }, options));
    var series = api.addSeries(LC.CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', wickUpColor: '#26a69a', wickDownColor: '#ef5350', borderVisible: false });
    series.setData(chart.bars.map(function (b) { return { time: b.time / 1000, open: +b.open, high: +b.high, low: +b.low, close: +b.close }; }));
    var markers = chart.markers.slice().sort(function (a, b) { return a.time - b.time || (a.side < b.side ? -1 : 1); }).map(function (m) {
      var buy = m.side === 'buy';
      return { time: m.time / 1000, position: buy ? 'belowBar' : 'aboveBar', color: buy ? '#1b7f3b' : '#b3261e', shape: buy ? 'arrowUp' : 'arrowDown', text: m.fills > 1 ? String(m.fills) : '' };
    });
    LC.createSeriesMarkers(series, markers);
    api.timeScale().fitContent();
  });
  var el = document.getElementById('curve');
  var api = LC.createChart(el, Object.assign({ height: el.clientHeight }, options));
  var line = api.addSeries(LC.BaselineSeries, { baseValue: { type: 'price', price: 0 } });
  var seen = {};
  line.setData(data.curve.filter(function (p) { var t = Math.floor(p.at / 1000); if (seen[t]) return false; seen[t] = true; return true; }).map(function (p) { return { time: Math.floor(p.at / 1000), value: +p.pnl }; }));
  api.timeScale().fitContent();
})();
`;

function money(value: { isNegative(): boolean; isZero(): boolean }, text: string): string {
  const tone = value.isZero() ? '' : value.isNegative() ? 'neg' : 'pos';
  return `<span class="${tone}">${escapeHtml(text)}</span>`;
}

function summaryTable(result: BacktestResult): string {
  const { totals, maxDrawdown, exposure } = result;
  const rows: Array<[string, string]> = [
    ['net PnL (USD)', money(totals.net, signed(totals.net))],
    ['realised', money(totals.realised, signed(totals.realised))],
    ['unrealised (at the last prices)', money(totals.unrealised, signed(totals.unrealised))],
    ['trading fees', escapeHtml(amount(totals.fees))],
    ['margin opening and rollover fees', escapeHtml(amount(totals.marginCosts))],
    ['fills / orders placed', `${totals.trades} / ${result.placed}`],
    ['volume traded (USD)', escapeHtml(amount(totals.volume))],
    ['start equity (USD)', escapeHtml(amount(result.startEquity))],
    [
      'max drawdown',
      `${escapeHtml(amount(maxDrawdown.amount))} USD (${maxDrawdown.percentOfEquity.toFixed(2)}%)`,
    ],
    ['time with a position', `${(exposure.timeInMarket * 100).toFixed(1)}%`],
    ['largest position (USD)', escapeHtml(amount(exposure.maxNotional))],
    [
      'replayed',
      `${result.run.pricePoints} price points, ${result.run.candles} candles in ${(result.run.wallMs / 1000).toFixed(1)} s`,
    ],
  ];
  return `<table>${rows.map(([k, v]) => `<tr><th class="left">${escapeHtml(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function botsTable(result: BacktestResult): string {
  const rows = result.bots.flatMap((bot) =>
    bot.books.map(
      (book) =>
        `<tr><td>${escapeHtml(bot.name)}</td><td class="left">${escapeHtml(bot.strategy)}</td><td class="left">${escapeHtml(book.pair)}${book.margin ? ' margin' : ''}</td><td>${book.fills}</td><td>${escapeHtml(book.position.toFixed())}</td><td>${money(book.realised, signed(book.realised))}</td><td>${money(book.unrealised, signed(book.unrealised))}</td><td>${escapeHtml(amount(book.fees))}</td></tr>`,
    ),
  );
  const empty = rows.length === 0 ? '<tr><td colspan="8" class="left muted">no fills</td></tr>' : '';
  return `<h2>Bots</h2><table><tr><th>bot</th><th class="left">strategy</th><th class="left">pair</th><th>fills</th><th>position</th><th>realised</th><th>unrealised</th><th>fees</th></tr>${rows.join('')}${empty}</table>`;
}

function refusalsTable(result: BacktestResult): string {
  const rows = (
    [
      ['guard', result.refusals.guard],
      ['exchange', result.refusals.exchange],
      ['failed', result.refusals.failed],
    ] as const
  ).flatMap(([by, tally]) =>
    Object.entries(tally).map(
      ([code, count]) => `<tr><td>${by}</td><td class="left">${escapeHtml(code)}</td><td>${count}</td></tr>`,
    ),
  );
  const body = rows.length === 0 ? '<tr><td colspan="3" class="left muted">none</td></tr>' : rows.join('');
  return `<h2>Refusals by reason</h2><table><tr><th>by</th><th class="left">reason</th><th>orders</th></tr>${body}</table>`;
}

function tradesTable(result: BacktestResult): string {
  const shown = result.trades.slice(-TRADES_SHOWN);
  const rows = shown.map(
    (trade) =>
      `<tr><td>${escapeHtml(new Date(trade.at).toISOString().replace('T', ' ').slice(0, 19))}</td><td class="left">${escapeHtml(trade.bot)}</td><td class="left">${escapeHtml(trade.tag)}</td><td class="left">${trade.side}</td><td>${escapeHtml(trade.volume.toFixed())}</td><td>${escapeHtml(trade.price.toFixed())}</td><td>${escapeHtml(trade.fee.toFixed())}</td></tr>`,
  );
  const note =
    result.trades.length > TRADES_SHOWN
      ? ` <span class="muted">(the last ${TRADES_SHOWN} of ${result.trades.length}; all in the JSON report)</span>`
      : '';
  return `<h2>Trades${note}</h2><table><tr><th>time (UTC)</th><th class="left">bot</th><th class="left">order</th><th class="left">side</th><th>volume</th><th>price</th><th>fee</th></tr>${rows.join('')}</table>`;
}
