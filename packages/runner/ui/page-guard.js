import { Empty, Num, Sharing, time } from './format.js';
import { useData } from './use-data.js';
import { html } from './vendor.js';

function intentText(intent) {
  if (intent === null || typeof intent !== 'object') return '';
  const parts = [intent.kind ?? 'order', intent.side, intent.volume, intent.pair, intent.orderType];
  if (intent.price !== undefined) parts.push(`@ ${intent.price}`);
  if (intent.leverage !== undefined) parts.push(`${intent.leverage}x`);
  if (intent.reduceOnly === true) parts.push('reduce-only');
  if (intent.orderId !== undefined) parts.push(intent.orderId);
  return parts.filter((part) => part !== undefined).join(' ');
}

function Numbers({ violation }) {
  const rows = [
    ['limit', violation.limit],
    ['requested', violation.requested],
    ['currency', violation.currency],
    ['field', violation.field],
  ].filter(([, value]) => value !== undefined);
  if (rows.length === 0) return '';
  return html`<dl class="inline">${rows.map(([name, value]) => html`<dt>${name}</dt><dd data-field=${name}>${value}</dd>`)}</dl>`;
}

function Refusals({ groups }) {
  if (groups.length === 0) return html`<${Empty}>no refusal yet</${Empty}>`;
  return groups.map(
    (group) => html`<article class="refusal" data-code=${group.code}>
      <header><strong class="code">${group.code}</strong> <span class="count" data-testid="refusal-count">×${group.count}</span>
        <small>rule ${group.rule} · ${group.bots.length === 0 ? 'no bot' : group.bots.join(', ')} · last ${time(group.lastAt)}</small></header>
      <p class="message" data-testid="refusal-message">${group.latest.message}</p>
      <${Numbers} violation=${group.latest} />
      <p class="muted">${intentText(group.latest.intent)}</p>
    </article>`,
  );
}

function Orders({ orders, sharing }) {
  if (orders.length === 0) return html`<${Empty}>no order counted</${Empty}>`;
  return html`<table class="small" data-testid="guard-orders">
    <thead><tr><th>ref</th><th>by</th><th>pair</th><th>side</th><th>status</th><th class="r">volume</th><th class="r">price</th><th>pool</th><th class="r">held</th></tr></thead>
    <tbody>${orders.slice(0, 40).map(
      (order) => html`<tr data-ref=${order.ref} data-by=${order.by ?? ''}>
        <td class="mono">${order.ref}</td><td>${order.by === null ? '—' : order.by === sharing?.instance ? `${order.by} (this process)` : order.by}</td>
        <td>${order.pair}</td><td>${order.side}${order.margin ? ' (margin)' : ''}</td><td>${order.status}</td>
        <td class="r"><${Num} value=${order.volume} /></td><td class="r"><${Num} value=${order.price} /></td>
        <td>${order.pool ?? '—'}</td><td class="r"><${Num} value=${order.held} /></td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function Decisions({ decisions }) {
  if (decisions.length === 0) return html`<${Empty}>no decision yet</${Empty}>`;
  return html`<table class="small" data-testid="decisions">
    <thead><tr><th>time</th><th>bot</th><th>intent</th><th>decision</th></tr></thead>
    <tbody>${decisions.slice(0, 40).map(
      (decision) => html`<tr class=${decision.allowed ? '' : 'refused'}>
        <td>${time(decision.at)}</td><td>${decision.bot ?? '—'}</td><td>${intentText(decision.intent)}</td>
        <td>${decision.allowed ? 'allowed' : decision.violations.map((violation) => violation.code).join(', ')}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

export function GuardPage({ tick, live }) {
  const { data, error } = useData('/api/guard', tick);
  if (data === undefined) return html`<p>${error ?? 'loading…'}</p>`;
  // Decisions pushed since the last fetch go on top at once.
  const seen = new Set(
    data.decisions.map((decision) => `${decision.at}|${decision.bot}|${JSON.stringify(decision.intent)}`),
  );
  const fresh = live.decisions.filter(
    (decision) => !seen.has(`${decision.at}|${decision.bot}|${JSON.stringify(decision.intent)}`),
  );
  return html`<h2>Guard</h2>
    <p>Kill switch <span class=${`chip state ${data.tradingState.state.toLowerCase()}`}>${data.tradingState.state}</span>
      ${data.tradingState.reason === '' ? '' : html`<small>${data.tradingState.reason}</small>`}
      · ${data.counts.orders} order(s), ${data.counts.positions} position(s), ${data.counts.inFlight} in flight ${data.seeded ? '' : '· not seeded: orders refused'}</p>
    <${Sharing} sharing=${data.sharing} />
    <section class="card"><h3>Orders the guard counts <small>${data.sharing === null ? 'this process' : 'every process'}</small></h3><${Orders} orders=${data.orders} sharing=${data.sharing} /></section>
    <div class="grid two">
      <section class="card" data-testid="refusals"><h3>Refusals by reason</h3><${Refusals} groups=${data.refusals} /></section>
      <section class="card"><h3>Decisions <small>live, this process</small></h3><${Decisions} decisions=${[...fresh, ...data.decisions]} /></section>
    </div>
    <section class="card"><h3>Session events</h3>
      ${data.events.length === 0 ? html`<${Empty}>no event</${Empty}>` : html`<ul class="events">${data.events.slice(0, 30).map((line) => html`<li><span class="muted">${time(line.at)}</span> ${line.text}</li>`)}</ul>`}
    </section>`;
}
