import { postJson } from './api.js';
import { ConfirmButton } from './confirm-button.js';
import { Empty } from './format.js';
import { useData } from './use-data.js';
import { html } from './vendor.js';

function Permissions({ title, list, cls }) {
  return html`<div class="perms"><span class="label">${title}</span>${
    list.length === 0
      ? html`<span class="muted">none</span>`
      : list.map((permission) => html`<span class=${`perm ${cls}`}>${permission}</span>`)
  }</div>`;
}

function Key({ item, canRevoke }) {
  return html`<section class="card" data-key=${item.name}>
    <h3>${item.name} <small>use: ${item.use}; used by ${item.usedBy.length === 0 ? 'no bot' : item.usedBy.join(', ')}</small>
      ${item.revoked === true ? html`<span class="chip state halted">revoked</span>` : ''}</h3>
    <${Permissions} title="declared" list=${item.declared} cls="" />
    <${Permissions} title="the bots use" list=${item.needed} cls="ok" />
    <${Permissions} title="over-privileged" list=${item.unused} cls="warn" />
    ${item.missing.length === 0 ? '' : html`<${Permissions} title="missing" list=${item.missing} cls="bad" />`}
    <p><span class="label">IP allowlist</span> ${item.ipAllowlist.length === 0 ? 'none' : item.ipAllowlist.join(', ')}${item.ipAllowlistNote === null ? '' : ` — ${item.ipAllowlistNote}`}</p>
    ${
      item.findings.length === 0
        ? html`<p class="ok">least privilege for its use</p>`
        : html`<ul class="findings">${item.findings.map((finding) => html`<li class=${finding.severity}><strong>${finding.severity}</strong> ${finding.code}: ${finding.message}</li>`)}</ul>`
    }
    ${canRevoke && item.revoked === false ? html`<${ConfirmButton} label="revoke (mock)" confirm=${`revoke ${item.name}`} danger=${true} testid=${`revoke-${item.name}`} onConfirm=${() => postJson(`/api/keys/${encodeURIComponent(item.name)}/revoke`)} />` : ''}
  </section>`;
}

export function KeysPage({ tick }) {
  const { data, error } = useData('/api/keys', tick);
  if (data === undefined) return html`<p>${error ?? 'loading…'}</p>`;
  return html`<h2>API keys</h2>
    ${data.notes.map((note) => html`<p class="note">${note}</p>`)}
    ${data.keys.length === 0 ? html`<${Empty}>no key declared</${Empty}>` : data.keys.map((item) => html`<${Key} item=${item} canRevoke=${data.canRevoke} />`)}`;
}
