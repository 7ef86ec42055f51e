import { Empty, Num, percent } from './format.js';
import { useData } from './use-data.js';
import { html } from './vendor.js';

function Schedule({ schedule, volume }) {
  const rows = schedule.taker.map(([floor, taker], index) => ({
    floor,
    taker,
    maker: schedule.maker[index]?.[1],
  }));
  return html`<table data-testid="fee-schedule">
    <thead><tr><th class="r">30-day volume from (USD)</th><th class="r">maker %</th><th class="r">taker %</th></tr></thead>
    <tbody>
      ${rows.map((row, index) => {
        const next = rows[index + 1];
        const here =
          Number(volume) >= Number(row.floor) && (next === undefined || Number(volume) < Number(next.floor));
        return html`<tr class=${here ? 'here' : ''}>
          <td class="r"><${Num} value=${row.floor} /></td><td class="r">${row.maker ?? '—'}</td><td class="r">${row.taker}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

export function FeesPage({ tick }) {
  const { data, error } = useData('/api/fees', tick);
  if (data === undefined) return html`<p>${error ?? 'loading…'}</p>`;
  const fee = data.progress;
  return html`<h2>Fees</h2>
    <section class="card">
      <h3>Fee tier <small>${data.pair === null ? '' : `schedule of ${data.pair}`}</small></h3>
      ${
        fee === null
          ? html`<${Empty}>${data.note}</${Empty}>`
          : html`<dl class="figures">
                <div><dt>30-day volume</dt><dd><${Num} field="fees.volume30dUsd" value=${fee.volume30dUsd} unit="USD" /></dd></div>
                <div><dt>maker</dt><dd><${Num} field="fees.maker" value=${fee.maker} unit="%" /></dd></div>
                <div><dt>taker</dt><dd><${Num} field="fees.taker" value=${fee.taker} unit="%" /></dd></div>
                <div><dt>next tier at</dt><dd><${Num} field="fees.nextVolumeUsd" value=${fee.nextVolumeUsd} unit="USD" /></dd></div>
                <div><dt>next maker / taker</dt><dd>${fee.nextMaker ?? '—'} / ${fee.nextTaker ?? '—'} %</dd></div>
                <div><dt>to go</dt><dd><${Num} field="fees.toNextUsd" value=${fee.toNextUsd} unit="USD" /></dd></div>
              </dl>
              <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${fee.progress === null ? 100 : Math.round(fee.progress * 100)} data-testid="fee-progress">
                <span style=${{ width: `${fee.progress === null ? 100 : percent(fee.progress, 1)}%` }}></span>
              </div>
              <p class="note">${data.note}</p>`
      }
    </section>
    ${data.schedule === null || fee === null ? '' : html`<section class="card"><h3>Schedule</h3><${Schedule} schedule=${data.schedule} volume=${fee.volume30dUsd} /></section>`}`;
}
