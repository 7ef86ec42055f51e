import { html } from './vendor.js';

// Decimal text from the API is shown as it is, digits grouped: no float ever rounds a figure on its way here.
export function grouped(text) {
  if (text === null || text === undefined) return '—';
  const [whole, fraction] = String(text).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign === '' ? whole : whole.slice(1);
  const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${withCommas}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A number as the API gave it: the exact text in `data-value`, grouped for reading. */
export function Num({ value, field, unit, signed }) {
  const negative = typeof value === 'string' && value.startsWith('-');
  const cls = signed && value !== null && value !== undefined ? (negative ? 'num neg' : 'num pos') : 'num';
  return html`<span class=${cls} data-field=${field} data-value=${value ?? ''}
    >${grouped(value)}${unit ? html`<small> ${unit}</small>` : ''}</span
  >`;
}

export function time(at) {
  return at === null || at === undefined ? '—' : new Date(at).toLocaleTimeString();
}

/** 0–100 of `part` in `whole` (decimal text), for bar widths only (never shown as a figure). */
export function percent(part, whole) {
  const p = Number(part);
  const w = Number(whole);
  if (!Number.isFinite(p) || !Number.isFinite(w) || w <= 0) return 0;
  return Math.max(0, Math.min(100, (p / w) * 100));
}

export function Bar({ parts, whole, label }) {
  return html`<div class="bar" role="img" aria-label=${label}>
    ${parts.map(
      ({ value, cls }) =>
        html`<span class=${`seg ${cls}`} style=${{ width: `${percent(value, whole)}%` }}></span>`,
    )}
  </div>`;
}

export function Empty({ children }) {
  return html`<p class="empty">${children}</p>`;
}

/** Where the guard's figures come from: a state store shared with other processes, or this process alone. */
export function Sharing({ sharing }) {
  if (sharing === null)
    return html`<p class="muted" data-testid="sharing">This process's own guard: other processes' orders are not counted here.</p>`;
  return html`<p class="muted" data-testid="sharing" data-instance=${sharing.instance}>
    Shared guard (state store <code data-testid="sharing-store">${sharing.store ?? '—'}</code>): the figures include every process's positions and orders, as read at ${sharing.syncedAt === null ? '—' : time(sharing.syncedAt)}; this process is <code>${sharing.instance}</code>.
    ${sharing.error === null ? '' : html`<span class="error">The store did not answer: ${sharing.error}</span>`}
  </p>`;
}
