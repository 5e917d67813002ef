import { eventHash, HashedEventFields } from './canonical';
import { storedChain } from './chain';

/** A recorded event as the verification reads it: what is hashed, and where the store put it. */
export interface VerifiableEvent extends HashedEventFields {
  position: bigint | string;
}

/** The first link of a stream's chain that does not hold. Revisions and positions as decimal strings. */
export interface BrokenLink {
  streamId: string;
  revision: string;
  position: string;
  eventId: string;
  /** What the stored events say it should be (recomputed); null where the event should have no predecessor. */
  expectedHash: string | null;
  /** What the event carries; null when it carries no hash at all. */
  storedHash: string | null;
  /** `hash`: the event's own hash does not match what it records; `prevHash`: it does not link to the event before it. */
  problem: 'hash' | 'prevHash';
}

export interface StreamChainReport {
  streamId: string;
  verified: boolean;
  events: number;
  /** Events carrying their hash. */
  chainedEvents: number;
  /** Events recorded before the chain existed: counted, not broken (their values are computed). */
  legacyEvents: number;
  /** The chain value of the stream's last event; null for an empty stream. */
  lastHash: string | null;
  firstBroken: BrokenLink | null;
}

/**
 * Walks one stream's events in revision order and recomputes its chain. Legacy events are
 * allowed only before the first hashed event: one without a hash after it has lost its hash.
 * After a broken link the walk goes on from the stored hash, so that only the edited event
 * is named, not every event after it.
 */
export class StreamChainVerifier {
  private events = 0;
  private chainedEvents = 0;
  private legacyEvents = 0;
  private last: string | null = null;
  private firstBroken: BrokenLink | null = null;

  constructor(readonly streamId: string) {}

  add(event: VerifiableEvent): void {
    this.events++;
    const stored = storedChain(event.metadata);
    if (stored === null) {
      const computed = eventHash(event, this.last);
      if (this.chainedEvents === 0) this.legacyEvents++;
      else this.broken(event, 'hash', computed, null);
      this.last = computed;
      return;
    }
    this.chainedEvents++;
    if (stored.prevHash !== this.last) {
      this.broken(event, 'prevHash', this.last, stored.prevHash);
    } else {
      const expected = eventHash(event, this.last);
      if (expected !== stored.hash) this.broken(event, 'hash', expected, stored.hash);
    }
    this.last = stored.hash;
  }

  report(): StreamChainReport {
    return {
      streamId: this.streamId,
      verified: this.firstBroken === null,
      events: this.events,
      chainedEvents: this.chainedEvents,
      legacyEvents: this.legacyEvents,
      lastHash: this.last,
      firstBroken: this.firstBroken,
    };
  }

  private broken(event: VerifiableEvent, problem: BrokenLink['problem'], expectedHash: string | null, storedHash: string | null): void {
    this.firstBroken ??= {
      streamId: this.streamId,
      revision: event.revision.toString(),
      position: event.position.toString(),
      eventId: event.eventId,
      expectedHash,
      storedHash,
      problem,
    };
  }
}

/** One stream's chain, checked. */
export function verifyStreamChain(streamId: string, events: Iterable<VerifiableEvent>): StreamChainReport {
  const verifier = new StreamChainVerifier(streamId);
  for (const event of events) verifier.add(event);
  return verifier.report();
}
