import { postJson } from './api.js';
import { ConfirmButton } from './confirm-button.js';
import { Bar, Empty, Num, Sharing } from './format.js';
import { useData } from './use-data.js';
import { html } from './vendor.js';

function Pool({ pool }) {
  return html`<div class="pool" data-pool=${pool.currency}>
    <div class="pool-head">
      <strong>${pool.currency}</strong>
      <span class="pool-figures">
        ${[
          ['positions', pool.positions],
          ['orders', pool.orders],
          ['allowance', pool.allowance],
          ['headroom', pool.headroom],
        ].map(
          ([name, value]) =>
            html`<span><small>${name}</small> <${Num} field=${`pool.${pool.currency}.${name}`} value=${value} /></span>`,
        )}
      </span>
    </div>
    <${Bar}
      label=${`${pool.currency} pool`}
      whole=${pool.allowance}
      parts=${[{ value: pool.positions, cls: 'used' }, { value: pool.orders, cls: 'reserved' }]}
    />
  </div>`;
}

export function MarginPage({ tick }) {
  const { data, error } = useData('/api/margin', tick);
  if (data === undefined) return html`<p>${error ?? 'loading…'}</p>`;
  return html`<h2>Margin</h2>
    <section class="card">
      <h3>Allowance per currency <small>${data.eligible ? `tier allows up to ${data.maxLeverage}x` : 'this tier may not trade on margin'}</small></h3>
      <${Sharing} sharing=${data.sharing} />
      <p class="legend"><span class="seg used"></span> used by positions <span class="seg reserved"></span> reserved by open orders</p>
      ${data.pools.length === 0 ? html`<${Empty}>no pool in use and none capped by the config</${Empty}>` : data.pools.map((pool) => html`<${Pool} pool=${pool} />`)}
    </section>
    <section class="card">
      <h3>Open positions</h3>
      ${
        data.positions.length === 0
          ? html`<${Empty}>no open position</${Empty}>`
          : html`<table data-testid="positions">
              <thead><tr><th>position</th><th>pair</th><th>side</th><th class="r">volume</th><th class="r">cost</th><th>pool</th><th class="r">borrowed</th><th></th></tr></thead>
              <tbody>
                ${data.positions.map(
                  (position) => html`<tr data-position=${position.id}>
                    <td class="mono">${position.id}</td><td>${position.pair}</td><td>${position.side}</td>
                    <td class="r"><${Num} value=${position.volume} /></td><td class="r"><${Num} value=${position.cost} /></td>
                    <td>${position.pool ?? '—'}</td><td class="r"><${Num} value=${position.borrowed} /></td>
                    <td><${ConfirmButton} label="close" confirm="close it at market" onConfirm=${() => postJson(`/api/positions/${encodeURIComponent(position.id)}/close`)} /></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
    <section class="card rules">
      <h3>Which pool an order borrows from</h3>
      <ul>${data.rules.map((rule) => html`<li>${rule}</li>`)}</ul>
    </section>`;
}
