import { html, useState } from './vendor.js';

/**
 * A control button that asks once more inline (no blocking dialog): the first click arms it, the second carries
 * it out. The outcome (done, refused by the guard, failed) is shown beside it.
 */
export function ConfirmButton({ label, confirm, onConfirm, danger, testid }) {
  const [armed, setArmed] = useState(false);
  const [outcome, setOutcome] = useState(undefined);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const record = await onConfirm();
      setOutcome(record === undefined ? undefined : { kind: record.outcome, text: record.detail });
    } catch (error) {
      setOutcome({ kind: 'failed', text: error.message });
    } finally {
      setBusy(false);
      setArmed(false);
    }
  };
  return html`<span class="control" data-testid=${testid}>
    ${
      armed
        ? html`<button class=${danger ? 'danger' : 'primary'} disabled=${busy} onClick=${run} data-confirm="yes">${confirm}?</button>
            <button onClick=${() => setArmed(false)}>cancel</button>`
        : html`<button class=${danger ? 'danger-outline' : ''} onClick=${() => setArmed(true)}>${label}</button>`
    }
    ${outcome === undefined ? '' : html`<span class=${`outcome ${outcome.kind}`} data-outcome=${outcome.kind}>${outcome.kind}: ${outcome.text}</span>`}
  </span>`;
}
