import { Bar, Empty, Num, time } from './format.js';
import { useData } from './use-data.js';
import { html } from './vendor.js';

function Figures({ field, limit }) {
  return html`<dl class="figures">
    <div><dt>limit</dt><dd><${Num} field=${`${field}.limitUsd`} value=${limit.limitUsd} unit="USD" /></dd></div>
    <div><dt>used</dt><dd><${Num} field=${`${field}.used24hUsd`} value=${limit.used24hUsd} unit="USD" /></dd></div>
    <div><dt>headroom</dt><dd><${Num} field=${`${field}.headroomUsd`} value=${limit.headroomUsd} unit="USD" /></dd></div>
  </dl>`;
}

function UsedBar({ name, limit }) {
  return limit.used24hUsd === null
    ? ''
    : html`<${Bar} label=${`${name} used`} whole=${limit.limitUsd} parts=${[{ value: limit.used24hUsd, cls: 'used' }]} />`;
}

function DailyLimit({ name, field, limit, children }) {
  return html`<section class="card" data-testid=${field}>
    <h3>${name} <small>rolling 24 h</small></h3>
    <${Figures} field=${field} limit=${limit} />
    <${UsedBar} name=${name} limit=${limit} />
    <p class="note">${limit.note}</p>
    ${children}
  </section>`;
}

// The guard's window and the exchange's list side by side; the binding one is marked.
function WithdrawalSides({ limit }) {
  const side = (id, title, figures) => html`<div class=${`side ${limit.binding === id ? 'binding' : ''}`}
    data-testid=${`withdrawals-${id}`} data-binding=${String(limit.binding === id)}>
    <h4>${title} ${limit.binding === id ? html`<span class="chip warn">binding</span>` : ''}</h4>
    <${Figures} field=${`withdrawals.${id}`} limit=${figures} />
    <p class="note">${figures.note}</p>
  </div>`;
  return html`<div class="sides">
    ${side('guard', 'guard', limit.guard)} ${side('exchange', 'exchange (WithdrawStatus)', limit.exchange)}
  </div>
  ${
    limit.exchange.recent.length === 0
      ? ''
      : html`<div class="table-scroll"><table class="small" data-testid="recent-withdrawals">
          <thead><tr><th>time</th><th>asset</th><th class="r">amount</th><th class="r">fee</th><th class="r">USD</th><th>status</th></tr></thead>
          <tbody>${limit.exchange.recent.map(
            (row) => html`<tr data-refid=${row.refid} class=${row.counts ? '' : 'muted'}>
              <td>${time(row.time)}</td><td>${row.asset}</td>
              <td class="r"><${Num} field=${`withdrawal.${row.refid}.amount`} value=${row.amount} /></td>
              <td class="r"><${Num} field=${`withdrawal.${row.refid}.fee`} value=${row.fee} /></td>
              <td class="r">${row.valueUsd === null ? html`<span class="muted">not valued</span>` : html`<${Num} field=${`withdrawal.${row.refid}.valueUsd`} value=${row.valueUsd} />`}</td>
              <td>${row.status}${row.statusProp === null ? '' : ` (${row.statusProp})`}${row.counts ? '' : ' · not counted'}</td>
            </tr>`,
          )}</tbody>
        </table></div>`
  }`;
}

function Value({ row, field }) {
  if (row.valueUsd !== null) return html`<${Num} field=${field} value=${row.valueUsd} unit="USD" />`;
  return html`<span class="muted" data-testid=${`unvalued-${row.asset}`}>not valued: ${row.note}</span>`;
}

function Deposits({ rows }) {
  if (rows.length === 0) return '';
  return html`<table class="small" data-testid="fiat-deposits">
    <thead><tr><th>asset</th><th class="r">deposited</th><th class="r">value</th></tr></thead>
    <tbody>${rows.map(
      (row) => html`<tr data-asset=${row.asset}>
        <td>${row.asset}</td><td class="r"><${Num} field=${`deposit.${row.asset}`} value=${row.amount} /></td>
        <td class="r"><${Value} row=${row} field=${`depositUsd.${row.asset}`} /></td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function Prices({ valuation }) {
  return html`<p class="muted" data-testid="prices">
    Valued in ${valuation.currency} at the exchange's ticker (mid of bid and ask), read ${time(valuation.at)}:
    ${valuation.prices.length === 0 ? ' no price needed.' : ''}
    ${valuation.prices.map(
      (price) =>
        html` <span class="price">${price.asset} <${Num} field=${`price.${price.asset}`} value=${price.price} /> <small>(${price.pair}${price.inverted ? ', inverted' : ''})</small></span>`,
    )}
    ${valuation.error === undefined ? '' : html`<span class="error">${valuation.error}</span>`}
  </p>`;
}

function Balances({ balances, valuation }) {
  return html`<section class="card">
    <h3>Balances <small>read ${time(balances.at)}</small></h3>
    ${balances.error === undefined ? '' : html`<p class="error">${balances.error}</p>`}
    ${
      balances.balances.length === 0
        ? html`<${Empty}>no balance</${Empty}>`
        : html`<table data-testid="balances">
            <thead><tr><th>asset</th><th class="r">amount</th><th class="r">value</th></tr></thead>
            <tbody>
              ${balances.balances.map(
                (row) => html`<tr data-asset=${row.asset}>
                  <td>${row.asset}</td>
                  <td class="r"><${Num} field=${`balance.${row.asset}`} value=${row.amount} /></td>
                  <td class="r"><${Value} row=${row} field=${`balanceUsd.${row.asset}`} /></td>
                </tr>`,
              )}
            </tbody>
            <tfoot><tr><th>total</th><th></th><th class="r"><${Num} field="balances.valuedTotalUsd" value=${balances.valuedTotalUsd} unit="USD" /></th></tr></tfoot>
          </table>`
    }
    ${
      balances.unvalued.length === 0
        ? ''
        : html`<p class="note" data-testid="unvalued">The total leaves out what cannot be valued: ${balances.unvalued.map((entry) => entry.asset).join(', ')}.</p>`
    }
    <${Prices} valuation=${valuation} />
  </section>`;
}

// The krakenkit sessions alive on the keys, as the shared state store holds them (the account dashboard's
// "active sessions"), and this process.
function Sessions({ tick }) {
  const { data, error } = useData('/api/sessions', tick, 10000);
  if (data === undefined)
    return html`<section class="card"><h3>Active sessions</h3><p>${error ?? 'loading…'}</p></section>`;
  const self = data.thisProcess;
  const row = (session) => html`<tr data-session=${session.id} data-pid=${session.pid ?? ''}>
    <td>${session.host ?? '—'}</td><td class="r mono" data-testid="session-pid">${session.pid ?? '—'}</td>
    <td data-testid="session-bots">${session.bots.length === 0 ? '—' : session.bots.join(', ')}</td>
    <td>${session.keys.join(', ')}</td>
    <td data-testid="session-since" data-at=${session.startedAt ?? ''}>${session.startedAt === null ? '—' : `${new Date(session.startedAt).toLocaleString()}`}</td>
    <td>${session.thisProcess ? html`<span class="chip">this process</span>` : ''}</td>
  </tr>`;
  return html`<section class="card" data-testid="sessions">
    <h3>Active sessions <small>${data.store === null ? 'no shared store: this process only' : html`state store <code>${data.store}</code>`}</small></h3>
    ${data.error === undefined ? '' : html`<p class="error">The store did not answer: ${data.error}</p>`}
    ${
      data.store === null
        ? ''
        : data.sessions.length === 0
          ? html`<${Empty}>no session runs bots on these keys</${Empty}>`
          : html`<table class="small">
              <thead><tr><th>host</th><th class="r">pid</th><th>bots</th><th>keys</th><th>since</th><th></th></tr></thead>
              <tbody>${data.sessions.map(row)}</tbody>
            </table>`
    }
    <p class="muted" data-testid="this-process" data-pid=${self.pid}>
      This ${self.kind === 'session' ? `session runs ${self.bots.join(', ')}` : 'dashboard runs no bot'}: ${self.host}, pid ${self.pid}, since ${new Date(self.startedAt).toLocaleString()}.
    </p>
  </section>`;
}

export function AccountPage({ tick }) {
  const { data, error } = useData('/api/account', tick, 10000);
  if (data === undefined) return html`<p>${error ?? 'loading…'}</p>`;
  const { limits } = data;
  return html`<h2>Account</h2>
    <div class="grid">
      <section class="card">
        <h3>Verification tier</h3>
        <p class="big" data-field="tier">${data.tier}</p>
        <dl class="figures">
          <div><dt>margin</dt><dd>${limits.margin.eligible ? `yes, up to ${limits.margin.maxLeverage}x` : 'not eligible'}</dd></div>
          <div><dt>REST counter</dt><dd>${limits.rest === null ? '—' : `${limits.rest.max}, −${limits.rest.decayPerSecond}/s`}</dd></div>
          <div><dt>matching engine</dt><dd>${limits.trading.threshold}, −${limits.trading.decayPerSecond}/s per pair</dd></div>
          <div><dt>open orders</dt><dd>${limits.trading.maxOpenOrdersPerPair} per pair</dd></div>
        </dl>
      </section>
      <${DailyLimit} name="Withdrawals" field="withdrawals" limit=${limits.withdrawals}>
        <${WithdrawalSides} limit=${limits.withdrawals} />
      </${DailyLimit}>
      <${DailyLimit} name="Fiat deposits" field="fiatDeposits" limit=${limits.fiatDeposits}>
        <${Deposits} rows=${limits.fiatDeposits.byAsset} />
      </${DailyLimit}>
    </div>
    <${Balances} balances=${data.balances} valuation=${data.valuation} />
    <${Sessions} tick=${tick} />`;
}
