import { eventHash } from './canonical';
import { chainedMetadata, chainValue, isLegacyEvent, lastChainValue } from './chain';
import { VerifiableEvent, verifyStreamChain } from './stream-verification';

const STREAM = 'partner-p1';
const bare = (revision: number, data: Record<string, unknown> = { n: revision }): VerifiableEvent => ({
  streamId: STREAM,
  revision: BigInt(revision),
  position: BigInt(100 + revision * 3),
  eventId: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
  type: 'DealWon',
  schemaVersion: 1,
  data,
  occurredAt: '2026-03-01T00:00:00.000Z',
  recordedAt: '2026-03-02T00:00:00.000Z',
  metadata: { actor: 'a', source: 'http', correlationId: 'c', causationId: 'r' },
});

/** A stream as the store records it: `legacy` events without hashes, then chained ones. */
function recorded(legacy: number, chained: number): VerifiableEvent[] {
  const events: VerifiableEvent[] = [];
  let previous: string | null = null;
  for (let r = 0; r < legacy + chained; r++) {
    const e = bare(r);
    if (r >= legacy) e.metadata = chainedMetadata(e, previous);
    previous = chainValue(e, previous);
    events.push(e);
  }
  return events;
}

describe('chain values', () => {
  it('are the stored hash, or for a legacy event the hash computed over the chain before it', () => {
    const [a, b, c] = recorded(2, 1);
    expect(isLegacyEvent(a!)).toBe(true);
    expect(chainValue(a!, null)).toBe(eventHash(a!, null));
    expect(chainValue(b!, 'ab'.repeat(32))).toBe(eventHash(b!, 'ab'.repeat(32)));
    expect(c!.metadata['prevHash']).toBe(eventHash(b!, eventHash(a!, null)));
    expect(chainValue(c!, 'anything')).toBe(c!.metadata['hash']);
    expect(lastChainValue([a!, b!, c!])).toBe(c!.metadata['hash']);
    expect(lastChainValue([])).toBeNull();
  });

  it('replace chain fields a writer set with the recomputed ones', () => {
    const e = bare(0);
    const metadata = chainedMetadata({ ...e, metadata: { ...e.metadata, hash: 'forged', prevHash: 'forged' } }, null);
    expect(metadata).toEqual({ ...e.metadata, hash: eventHash(e, null), prevHash: null });
  });
});

describe('stream verification', () => {
  it('passes an intact stream, counting legacy events as unchained', () => {
    const events = recorded(3, 4);
    expect(verifyStreamChain(STREAM, events)).toEqual({
      streamId: STREAM, verified: true, events: 7, chainedEvents: 4, legacyEvents: 3, lastHash: events[6]!.metadata['hash'], firstBroken: null,
    });
    expect(verifyStreamChain(STREAM, recorded(2, 0))).toMatchObject({ verified: true, legacyEvents: 2, lastHash: lastChainValue(recorded(2, 0)) });
    expect(verifyStreamChain(STREAM, [])).toMatchObject({ verified: true, events: 0, lastHash: null });
  });

  it('names an event whose data was edited, and only that one', () => {
    const events = recorded(0, 5);
    const stored = events[2]!.metadata['hash'];
    events[2] = { ...events[2]!, data: { n: 999 } };
    expect(verifyStreamChain(STREAM, events)).toMatchObject({
      verified: false,
      firstBroken: { streamId: STREAM, revision: '2', position: '106', eventId: events[2]!.eventId, problem: 'hash', storedHash: stored, expectedHash: eventHash(events[2]!, events[1]!.metadata['hash'] as string) },
    });
  });

  it('names an event whose metadata or recorded time was edited', () => {
    for (const edit of [{ metadata: { ...bare(1).metadata, actor: 'someone-else' } }, { recordedAt: '2026-03-03T00:00:00.000Z' }]) {
      const events = recorded(0, 3);
      events[1] = { ...events[1]!, ...edit, metadata: { ...(edit.metadata ?? events[1]!.metadata), hash: events[1]!.metadata['hash'], prevHash: events[1]!.metadata['prevHash'] } };
      expect(verifyStreamChain(STREAM, events).firstBroken).toMatchObject({ revision: '1', problem: 'hash' });
    }
  });

  it('names an event whose link was edited, removed or lost its hash', () => {
    const relinked = recorded(0, 3);
    relinked[1]!.metadata['prevHash'] = 'ff'.repeat(32);
    expect(verifyStreamChain(STREAM, relinked).firstBroken).toMatchObject({
      revision: '1', problem: 'prevHash', storedHash: 'ff'.repeat(32), expectedHash: relinked[0]!.metadata['hash'],
    });

    const removed = recorded(0, 4);
    removed.splice(1, 1);
    expect(verifyStreamChain(STREAM, removed).firstBroken).toMatchObject({ revision: '2', problem: 'prevHash' });

    const stripped = recorded(0, 3);
    const { hash: _h, prevHash: _p, ...rest } = stripped[2]!.metadata;
    stripped[2]!.metadata = rest;
    expect(verifyStreamChain(STREAM, stripped)).toMatchObject({ verified: false, legacyEvents: 0, firstBroken: { revision: '2', problem: 'hash', storedHash: null } });
  });

  it('names an edited legacy event through the first hashed event linked to it', () => {
    const events = recorded(2, 2);
    events[0] = { ...events[0]!, data: { n: 42 } };
    expect(verifyStreamChain(STREAM, events).firstBroken).toMatchObject({ revision: '2', problem: 'prevHash' });
  });
});
