import { Bar, Empty, Num, time } from './format.js';
import { useData } from './use-data.js';
import { html } from './vendor.js';

function DailyLimit({ name, field, limit }) {
  const used = limit.used24hUsd;
  return html`<section class="card" data-testid=${field}>
    <h3>${name} <small>rolling 24 h</small></h3>
    <dl class="figures">
      <div><dt>limit</dt><dd><${Num} field=${`${field}.limitUsd`} value=${limit.limitUsd} unit="USD" /></dd></div>
      <div><dt>used</dt><dd><${Num} field=${`${field}.used24hUsd`} value=${used} unit="USD" /></dd></div>
      <div><dt>headroom</dt><dd><${Num} field=${`${field}.headroomUsd`} value=${limit.headroomUsd} unit="USD" /></dd></div>
    </dl>
    ${used === null ? '' : html`<${Bar} label=${`${name} used`} whole=${limit.limitUsd} parts=${[{ value: used, cls: 'used' }]} />`}
    <p class="note">${limit.note}</p>
  </section>`;
}

export function AccountPage({ tick }) {
  const { data, error } = useData('/api/account', tick, 10000);
  if (data === undefined) return html`<p>${error ?? 'loading…'}</p>`;
  const { limits, balances } = data;
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
      <${DailyLimit} name="Withdrawals" field="withdrawals" limit=${limits.withdrawals} />
      <${DailyLimit} name="Fiat deposits" field="fiatDeposits" limit=${limits.fiatDeposits} />
    </div>
    <section class="card">
      <h3>Balances <small>read ${time(balances.at)}</small></h3>
      ${balances.error === undefined ? '' : html`<p class="error">${balances.error}</p>`}
      ${
        balances.balances.length === 0
          ? html`<${Empty}>no balance</${Empty}>`
          : html`<table data-testid="balances">
              <thead><tr><th>asset</th><th class="r">amount</th></tr></thead>
              <tbody>
                ${balances.balances.map(
                  (row) => html`<tr data-asset=${row.asset}>
                    <td>${row.asset}</td>
                    <td class="r"><${Num} field=${`balance.${row.asset}`} value=${row.amount} /></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
}
