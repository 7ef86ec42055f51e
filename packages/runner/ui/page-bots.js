import { postJson } from './api.js';
import { LineChart } from './chart.js';
import { ConfirmButton } from './confirm-button.js';
import { Empty, Num, time } from './format.js';
import { useData } from './use-data.js';
import { html } from './vendor.js';

function Counters({ counters }) {
  if (counters === null) return '';
  return html`<p class="counters">
    ${Object.entries(counters).map(([name, value]) => html`<span><small>${name}</small> <b data-counter=${name}>${value}</b></span>`)}
  </p>`;
}

function OpenOrders({ orders }) {
  if (orders.length === 0) return html`<${Empty}>no open order</${Empty}>`;
  return html`<table class="small">
    <thead><tr><th>tag</th><th>pair</th><th>side</th><th>type</th><th class="r">volume</th><th class="r">price</th><th class="r">filled</th><th>txid</th></tr></thead>
    <tbody>${orders.map(
      (order) => html`<tr>
        <td class="mono">${order.tag}</td><td>${order.pair}</td><td>${order.side}</td><td>${order.type}${order.leverage === null ? '' : ` ${order.leverage}x`}</td>
        <td class="r"><${Num} value=${order.volume} /></td><td class="r"><${Num} value=${order.price} /></td>
        <td class="r"><${Num} value=${order.filled} /></td><td class="mono">${order.txid ?? '—'}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function Fills({ fills }) {
  if (fills.length === 0) return html`<${Empty}>no fill yet</${Empty}>`;
  return html`<table class="small">
    <thead><tr><th>time</th><th>pair</th><th>side</th><th class="r">volume</th><th class="r">price</th><th class="r">fee</th></tr></thead>
    <tbody>${fills.slice(0, 10).map(
      (fill) => html`<tr>
        <td>${time(fill.at)}</td><td>${fill.pair}</td><td>${fill.side}${fill.margin ? ' (margin)' : ''}</td>
        <td class="r"><${Num} value=${fill.volume} /></td><td class="r"><${Num} value=${fill.price} /></td><td class="r"><${Num} value=${fill.fee} /></td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function Bot({ bot }) {
  const path = `/api/bots/${encodeURIComponent(bot.name)}`;
  return html`<section class="card bot" data-bot=${bot.name}>
    <h3>${bot.name} <small>${bot.strategy} · ${bot.pairs.join(', ')}</small>
      <span class=${`chip bot-state ${bot.state}`} data-testid="bot-state">${bot.state}</span>
      ${bot.state === 'running' ? html`<${ConfirmButton} label="pause" confirm=${`pause ${bot.name}`} testid=${`pause-${bot.name}`} onConfirm=${() => postJson(`${path}/pause`)} />` : ''}
      ${bot.state === 'paused' ? html`<${ConfirmButton} label="resume" confirm=${`resume ${bot.name}`} testid=${`resume-${bot.name}`} onConfirm=${() => postJson(`${path}/resume`)} />` : ''}
    </h3>
    ${bot.halted === null ? '' : html`<p class="error">${bot.halted.code}: ${bot.halted.message}</p>`}
    ${bot.paused === null ? '' : html`<p class="note" data-testid="paused-by">paused at ${time(bot.paused.at)} by ${bot.paused.by}: ${bot.paused.reason}. No tick reaches its strategy and no new order is placed; resting orders stay and their fills count.</p>`}
    ${bot.events.length === 0 ? '' : html`<ul class="events" data-testid="bot-events">${bot.events.map((line) => html`<li data-type=${line.type}><span class="muted">${time(line.at)}</span> ${line.text}</li>`)}</ul>`}
    <${Counters} counters=${bot.counters} />
    <dl class="figures">
      <div><dt>PnL (USD)</dt><dd><${Num} field=${`bot.${bot.name}.pnlUsd`} value=${bot.pnlUsd} signed=${true} /></dd></div>
      ${bot.pnl.map((row) => html`<div><dt>PnL ${row.pair}</dt><dd><${Num} field=${`bot.${bot.name}.pnl.${row.pair}`} value=${row.value} unit=${row.quote} signed=${true} /></dd></div>`)}
      ${bot.positions.map((row) => html`<div><dt>position ${row.pair}</dt><dd><${Num} value=${row.volume} signed=${true} /></dd></div>`)}
    </dl>
    <details open=${bot.openOrders.length > 0}><summary>open orders (${bot.openOrders.length})</summary><${OpenOrders} orders=${bot.openOrders} /></details>
    <details><summary>fills (${bot.fills.length})</summary><${Fills} fills=${bot.fills} /></details>
  </section>`;
}

export function BotsPage({ tick }) {
  const { data, error } = useData('/api/bots', tick);
  const { data: history } = useData('/api/history', tick, 2000);
  if (data === undefined) return html`<p>${error ?? 'loading…'}</p>`;
  return html`<h2>Bots</h2>
    ${data.mode === 'account' ? html`<p class="note">No bot runs in this process (krakenkit dashboard). Start them with <code>krakenkit run … --ui</code>.</p>` : ''}
    ${
      history === undefined || data.mode === 'account'
        ? ''
        : html`<div class="grid two">
            <section class="card"><h3>PnL over time <small>USD, as the guard values it</small></h3><${LineChart} series=${history.pnl} testid="pnl-chart" /></section>
            ${Object.entries(history.prices).map(
              ([pair, points]) =>
                html`<section class="card"><h3>${pair} <small>mid</small></h3><${LineChart} series=${{ [pair]: points }} height=${160} testid=${`price-${pair}`} /></section>`,
            )}
          </div>`
    }
    ${data.bots.map((bot) => html`<${Bot} bot=${bot} />`)}`;
}
