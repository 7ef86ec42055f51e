import type { JournalEntry, JournalSnapshot } from '@krakenkit/core/store';
import type { GuardCore } from '../engine/guard-core.js';
import type { GuardEvent } from '../state/events.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { GuardJournal } from './guard-journal.js';
import { corrupt, decodeEntry, type GuardJournalEntry } from './journal-entry.js';

/**
 * Folds journal entries (after the snapshot, when the reader was behind it) into the core, in sequence order,
 * advancing the journal's seq entry by entry. `onRecord` sees each reservation applied. Any entry the fold
 * cannot apply, or a gap in the sequence, throws StoreCorruptError: the state would no longer be the others'.
 */
export function foldEntries(
  core: GuardCore,
  journal: GuardJournal,
  entries: readonly JournalEntry[],
  snapshot: JournalSnapshot | undefined,
  onRecord: (record: ReservationRecord) => void,
): void {
  if (snapshot !== undefined && snapshot.seq > journal.seq) {
    try {
      core.importState(snapshot.state);
    } catch (error) {
      throw corrupt(journal.location, snapshot.seq, 'its compacted state cannot be read', error);
    }
    journal.seq = snapshot.seq;
  }
  for (const { seq, entry } of entries) {
    if (seq <= journal.seq) continue;
    if (seq !== journal.seq + 1)
      throw corrupt(journal.location, seq, `follows ${journal.seq}: entries are missing`);
    const decoded = decodeEntry(entry, seq, journal.location);
    try {
      applyEntry(core, decoded, onRecord);
    } catch (error) {
      throw corrupt(journal.location, seq, (error as Error).message, error);
    }
    journal.seq = seq;
  }
}

/** Applies one entry. Deterministic: the entry carries its time, prices and instance. */
export function applyEntry(
  core: GuardCore,
  entry: GuardJournalEntry,
  onRecord: (record: ReservationRecord) => void = () => {},
): void {
  switch (entry.type) {
    case 'reserve':
      for (const record of entry.records) {
        core.applyRecord(record);
        onRecord(record);
      }
      return;
    case 'event':
      core.applyEvent(entry.event, entry.at, entry.instance);
      return;
    case 'snapshot':
      core.reconcile(entry.snapshot, entry.at, entry.prices, entry.readAt);
      return;
    case 'trading-state':
      core.setTradingState(entry.state, entry.reason);
      return;
  }
}

/** The event that releases a reservation of this kind: nothing was sent for it. */
export function releaseOf(kind: ReservationRecord['kind'], ref: string): GuardEvent {
  if (kind === 'amend') return { type: 'amend-rejected', ref };
  if (kind === 'withdrawal') return { type: 'withdrawal-rejected', ref };
  return { type: 'order-rejected', ref };
}
