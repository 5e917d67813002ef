import { BrokenLink, StreamChainReport, StreamChainVerifier } from '@ledger/audit';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { ledgerEvents, streamEvents } from './event-walks';

/** One stream's chain recomputed from its stored events; null when the stream has none. */
export async function verifyStream(store: EventStore, streamId: string): Promise<StreamChainReport | null> {
  const verifier = new StreamChainVerifier(streamId);
  for await (const event of streamEvents(store, streamId)) verifier.add(event);
  const report = verifier.report();
  return report.events === 0 ? null : report;
}

/** Every stream's chain, checked in one reading of the ledger. */
export interface ChainsReport {
  verified: boolean;
  streams: number;
  events: number;
  chainedEvents: number;
  legacyEvents: number;
  /** The first broken link of each stream that has one, streams in the order of their first events. */
  broken: BrokenLink[];
}

export interface LedgerWalk {
  /** Told of each event, in position order, after its stream's check has taken it. */
  onEvent?: (event: RecordedEvent) => void;
  /** Told of the position reached and the head, after each page. */
  onProgress?: (position: bigint, head: bigint) => void;
}

/**
 * Every stream's chain, recomputed from all stored events read once in position order (each
 * stream's events come in revision order within it), one running check per stream.
 */
export async function verifyAllStreams(store: EventStore, walk: LedgerWalk = {}): Promise<ChainsReport> {
  const verifiers = new Map<string, StreamChainVerifier>();
  for await (const event of ledgerEvents(store, walk.onProgress)) {
    let verifier = verifiers.get(event.streamId);
    if (!verifier) verifiers.set(event.streamId, (verifier = new StreamChainVerifier(event.streamId)));
    verifier.add(event);
    walk.onEvent?.(event);
  }
  const reports = [...verifiers.values()].map((v) => v.report());
  const sum = (count: (r: StreamChainReport) => number) => reports.reduce((total, r) => total + count(r), 0);
  const broken = reports.flatMap((r) => (r.firstBroken ? [r.firstBroken] : []));
  return {
    verified: broken.length === 0,
    streams: reports.length,
    events: sum((r) => r.events),
    chainedEvents: sum((r) => r.chainedEvents),
    legacyEvents: sum((r) => r.legacyEvents),
    broken,
  };
}
