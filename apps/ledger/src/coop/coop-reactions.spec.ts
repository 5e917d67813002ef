import { LedgerEvent } from '@ledger/domain';
import { EventStore, ReadStreamOptions, RecordedEvent } from '@ledger/event-store';
import { coopCommandFor, CoopSource, isCoopSource, mayReact, reactionContext, tierWhenRecorded } from './coop-reactions';

let position = 0n;
function recorded<E extends LedgerEvent>(streamId: string, revision: number, event: E, metadata: Partial<RecordedEvent['metadata']> = {}): RecordedEvent<E> {
  position += 10n;
  return {
    ...event, eventId: `e-${position}`, streamId, revision: BigInt(revision), position, schemaVersion: 1, occurredAt: '2025-06-01T00:00:00Z', recordedAt: '2025-06-01T00:00:01Z',
    metadata: { actor: 'crm', source: 'http', correlationId: 'corr-1', causationId: 'cause-1', ...metadata },
  } as RecordedEvent<E>;
}

/** A stream read as the event store reads it: forwards or backwards, from a revision, a page at a time (counting the reads). */
function storeOf(events: RecordedEvent[]) {
  const reads: ReadStreamOptions[] = [];
  const store: Pick<EventStore, 'readStream'> = {
    async readStream(_streamId, options = {}) {
      reads.push(options);
      const backwards = options.direction === 'backwards';
      const ordered = backwards ? [...events].reverse() : events;
      const from = options.fromRevision;
      const selected = ordered.filter((e) => from === undefined || (backwards ? e.revision <= from : e.revision >= from));
      return selected.slice(0, options.maxCount ?? selected.length);
    },
  };
  return { store, reads };
}

const tierChanged = (to: 'silver' | 'gold') => ({ type: 'TierChanged', data: { partnerId: 'p-1', from: 'none', to, reason: 'certified' } }) as unknown as LedgerEvent;
const other = { type: 'EngagementRecorded', data: { partnerId: 'p-1', engagementId: 'x', kind: 'seminar', name: 'n' } } as unknown as LedgerEvent;

describe('the co-op reactor\'s reactions', () => {
  it('takes the tier of the last TierChanged recorded before the win, none without one, reading back a page at a time', async () => {
    const events: RecordedEvent[] = [recorded('partner-p-1', 0, { type: 'PartnerRegistered', data: { partnerId: 'p-1' } } as unknown as LedgerEvent)];
    expect(await tierWhenRecorded(storeOf(events).store, 'p-1', position + 1n)).toBe('none');

    events.push(recorded('partner-p-1', 1, tierChanged('silver')));
    const winAt = position + 5n; // recorded between the silver and the gold
    events.push(recorded('partner-p-1', 2, tierChanged('gold')));
    for (let n = 3; n < 253; n++) events.push(recorded('partner-p-1', n, other));
    const { store, reads } = storeOf(events);
    expect(await tierWhenRecorded(store, 'p-1', winAt)).toBe('silver');
    expect(reads).toEqual([
      { direction: 'backwards', maxCount: 100 },
      { direction: 'backwards', maxCount: 100, fromRevision: 152n },
      { direction: 'backwards', maxCount: 100, fromRevision: 52n },
    ]);
    expect(await tierWhenRecorded(store, 'p-1', position + 1n)).toBe('gold');
  });

  it('asks an accrual for a win and a clawback for a reversal, under an idempotency key derived from the source event', () => {
    const win = recorded('lead-l-1', 1, { type: 'DealWon', data: { leadId: 'l-1', partnerId: 'p-1', amount: { minor: 100_000, currency: 'EUR' }, lines: [] } });
    expect(isCoopSource(win)).toBe(true);
    expect(coopCommandFor(win as CoopSource, 'gold')).toEqual({
      type: 'AccrueCoop', partnerId: 'p-1', leadId: 'l-1', revenue: { minor: 100_000, currency: 'EUR' }, tier: 'gold', wonAt: win.occurredAt, occurredAt: win.occurredAt,
    });
    const reversal = recorded('lead-l-1', 2, {
      type: 'DealReversed',
      data: {
        leadId: 'l-1', partnerId: 'p-1', reversalId: 'r-1', amount: { minor: 40_000, currency: 'EUR' }, reason: 'refund', lines: [],
        totalReversed: { minor: 40_000, currency: 'EUR' }, wonAmount: { minor: 100_000, currency: 'EUR' },
      },
    });
    expect(coopCommandFor(reversal as CoopSource, 'none')).toEqual({
      type: 'ClawBackCoop', partnerId: 'p-1', leadId: 'l-1', reversalId: 'r-1', totalReversed: { minor: 40_000, currency: 'EUR' }, occurredAt: reversal.occurredAt,
    });
    expect(isCoopSource(recorded('partner-p-1', 3, other))).toBe(false);

    expect(reactionContext(win, '2026-01-01T00:00:00.000Z')).toEqual({
      actor: 'ledger', source: 'coop-reactor', correlationId: 'corr-1', causationId: win.eventId, idempotencyKey: `coop-of:${win.eventId}`, receivedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('passes over a win under rules that accrue nothing, never a reversal', () => {
    const win = recorded('lead-l-2', 1, { type: 'DealWon', data: { leadId: 'l-2', partnerId: 'p-1', amount: { minor: 100_000, currency: 'EUR' }, lines: [] } }) as CoopSource;
    const reversal = recorded('lead-l-2', 2, {
      type: 'DealReversed',
      data: {
        leadId: 'l-2', partnerId: 'p-1', reversalId: 'r-1', amount: { minor: 1, currency: 'EUR' }, reason: 'refund', lines: [],
        totalReversed: { minor: 1, currency: 'EUR' }, wonAmount: { minor: 100_000, currency: 'EUR' },
      },
    }) as CoopSource;
    expect(mayReact(win, { coop: {} })).toBe(false);
    expect(mayReact(win, { coop: { ratesByTier: { none: '0', silver: '0.00' }, launchGrant: '500.00', launchMonths: 3 } })).toBe(false);
    expect(mayReact(win, { coop: { ratesByTier: { gold: '0.5' } } })).toBe(true);
    expect(mayReact(reversal, { coop: {} })).toBe(true);
  });
});
