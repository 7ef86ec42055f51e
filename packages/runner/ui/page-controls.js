import { postJson } from './api.js';
import { ConfirmButton } from './confirm-button.js';
import { Empty, time } from './format.js';
import { useData } from './use-data.js';
import { html, useState } from './vendor.js';

function KillSwitch({ state }) {
  const [reason, setReason] = useState('');
  const [cancelOrders, setCancelOrders] = useState(true);
  const set = (to) => () =>
    postJson('/api/controls/kill-switch', {
      state: to,
      reason: reason || 'from the dashboard',
      cancelOrders: to === 'HALTED' && cancelOrders,
    });
  return html`<section class="card">
    <h3>Kill switch <span class=${`chip state ${state.toLowerCase()}`}>${state}</span></h3>
    <p class="note">HALTED refuses every new order (cancels still pass); REDUCING lets only position-reducing orders through; ACTIVE trades again. It is the guard's own switch: every bot of this process obeys it, and the audit trail records it.</p>
    <label>reason <input value=${reason} maxlength="200" placeholder="why" onInput=${(event) => setReason(event.currentTarget.value)} /></label>
    <label class="check"><input type="checkbox" checked=${cancelOrders} onChange=${(event) => setCancelOrders(event.currentTarget.checked)} /> also cancel every open order</label>
    <div class="buttons">
      <${ConfirmButton} label="HALT trading" confirm="halt every bot" danger=${true} testid="kill-switch" onConfirm=${set('HALTED')} />
      <${ConfirmButton} label="reduce only" confirm="only reduce positions" testid="reduce-only" onConfirm=${set('REDUCING')} />
      <${ConfirmButton} label="resume trading" confirm="trade again" testid="resume-trading" onConfirm=${set('ACTIVE')} />
    </div>
  </section>`;
}

export function ControlsPage({ tick, live }) {
  const { data, error } = useData('/api/controls', tick);
  const { data: bots } = useData('/api/bots', tick);
  if (data === undefined) return html`<p>${error ?? 'loading…'}</p>`;
  const state = live.overview?.tradingState.state ?? 'ACTIVE';
  return html`<h2>Controls</h2>
    <div class="grid two">
      <${KillSwitch} state=${state} />
      <section class="card">
        <h3>Orders</h3>
        <p class="note">Cancels every open order of every key (CancelAll through the guarded client). Running bots may place new ones on their next tick: halt or pause them first.</p>
        <${ConfirmButton} label="cancel all orders" confirm="cancel every open order" danger=${true} testid="cancel-all" onConfirm=${() => postJson('/api/controls/cancel-all')} />
      </section>
    </div>
    ${
      !data.available.pause || bots === undefined
        ? ''
        : html`<section class="card"><h3>Bots</h3>
            <table class="small"><tbody>${bots.bots.map(
              (
                bot,
              ) => html`<tr data-bot=${bot.name}><td>${bot.name}</td><td><span class=${`chip bot-state ${bot.state}`}>${bot.state}</span></td><td>
                ${bot.state === 'running' ? html`<${ConfirmButton} label="pause" confirm=${`pause ${bot.name}`} testid=${`pause-${bot.name}`} onConfirm=${() => postJson(`/api/bots/${encodeURIComponent(bot.name)}/pause`)} />` : ''}
                ${bot.state === 'paused' ? html`<${ConfirmButton} label="resume" confirm=${`resume ${bot.name}`} testid=${`resume-${bot.name}`} onConfirm=${() => postJson(`/api/bots/${encodeURIComponent(bot.name)}/resume`)} />` : ''}
              </td></tr>`,
            )}</tbody></table>
            <p class="note">Positions are closed from the Margin page.</p>
          </section>`
    }
    <section class="card"><h3>Control log</h3>
      ${
        data.records.length === 0
          ? html`<${Empty}>no control used yet</${Empty}>`
          : html`<table class="small" data-testid="control-log"><thead><tr><th>time</th><th>control</th><th>target</th><th>outcome</th><th>detail</th></tr></thead>
              <tbody>${data.records.map((record) => html`<tr class=${record.outcome}><td>${time(record.at)}</td><td>${record.action}</td><td>${record.target}</td><td>${record.outcome}</td><td>${record.detail}</td></tr>`)}</tbody></table>`
      }
    </section>`;
}
