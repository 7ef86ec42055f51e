/**
 * The one conformance suite every StateStore passes: the memory store (the reference), the durable directory
 * and Redis run the same tests through a factory.
 */
import { ValidationError } from '@krakenkit/core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callStepTests } from './conformance-call-step.js';
import { callTests, counterTests } from './conformance-calls.js';
import { inputTests } from './conformance-inputs.js';
import { journalTests } from './conformance-journal.js';
import { closeTests, leaseTests, recordTests } from './conformance-leases-records.js';
import type { StoreFactory, StoreUnderTest } from './harness.js';

/** Registers the suite for one kind of store. */
export function describeStoreConformance(factory: StoreFactory): void {
  describe(`the ${factory.name} keeps the StateStore contract`, factory.suiteOptions ?? {}, () => {
    let current: StoreUnderTest | undefined;
    const subject = (): StoreUnderTest => {
      if (current === undefined) throw new Error('no store: beforeEach did not run');
      return current;
    };
    beforeEach(async () => {
      current = await factory.make();
    });
    afterEach(async () => {
      await current?.store.close();
      current = undefined;
    });
    afterAll(async () => {
      await factory.cleanup?.();
    });

    describe('nonces and calls in flight', () => callTests(subject));
    describe("an order's slot, charges and journal entries in one step", () => callStepTests(subject));
    describe('decaying counters', () => counterTests(subject, factory.fakeTime));
    describe('the journal', () => journalTests(subject));
    describe('leases', () => leaseTests(subject));
    describe('records', () => recordTests(subject));
    describe('malformed and hostile input', () => inputTests(subject));
    describe('closing', () => closeTests(() => factory.make()));
    // Every store, the memory store too: code tried on it must not fail later on a durable one.
    describe('sizes', () => {
      it('refuses a record value or journal entry over 1 MiB with a ValidationError that does not quote it', async () => {
        const { store } = subject();
        const big = 'x'.repeat(1024 * 1024 + 1);
        const error = await store.putRecord('acct', 'k', big).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect(String((error as Error).message)).not.toContain('xxxxxxxxxx');
        await expect(
          store.commit('acct', { stream: 's', expectedSeq: 0, entries: [big] }),
        ).rejects.toBeInstanceOf(ValidationError);
        expect(await store.getRecord('acct', 'k')).toBeUndefined();
        await store.putRecord('acct', 'k', 'x'.repeat(1024 * 1024));
        expect((await store.getRecord('acct', 'k'))?.length).toBe(1024 * 1024);
      });
    });
  });
}
