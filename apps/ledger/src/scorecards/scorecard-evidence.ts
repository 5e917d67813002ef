import { isLedgerEvent, LedgerEvent, partnerIdOf, refuse } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { InvalidCursorError } from '@ledger/read-store';
import { ActivityCounters } from '../read-models/activity-counters';
import { CertificationRecord } from './certification-history';
import { scorecardIncrement } from './scorecard';

/** The figures of a scorecard that are sums of what the events of its period add. */
export const SUMMED_METRICS = [
  'leadsRegistered', 'dealsWon', 'revenueWon', 'revenueReversed', 'netRevenue', 'dealsReversed', 'certificationsEarned', 'incentivesAwarded', 'incentivesValue',
  'incentivesSales', 'incentivesSalesValue', 'incentivesPresales', 'incentivesPresalesValue', 'incentivesTechnical', 'incentivesTechnicalValue', 'engagements',
] as const satisfies readonly (keyof ActivityCounters)[];
export type SummedMetric = (typeof SUMMED_METRICS)[number];

/** Every figure a scorecard can be traced by: the sums, and the engineers certified at the end of the period (one certification each). */
export const EVIDENCE_METRICS = [...SUMMED_METRICS, 'certifiedEngineers'] as const;
export type EvidenceMetric = (typeof EVIDENCE_METRICS)[number];

/** The metrics counted in minor units of money (shown as decimal strings); the others count events. */
export const MONEY_METRICS: ReadonlySet<EvidenceMetric> = new Set([
  'revenueWon', 'revenueReversed', 'netRevenue', 'incentivesValue', 'incentivesSalesValue', 'incentivesPresalesValue', 'incentivesTechnicalValue',
]);

/** The metric asked, or 400 UNKNOWN_METRIC naming the ones there are. */
export function evidenceMetric(name: string): EvidenceMetric {
  if ((EVIDENCE_METRICS as readonly string[]).includes(name)) return name as EvidenceMetric;
  throw refuse.invalid('UNKNOWN_METRIC', `metric ${name} is not one a scorecard can be traced by; one of: ${EVIDENCE_METRICS.join(', ')}`, { metric: name, metrics: [...EVIDENCE_METRICS] });
}

/** An event that makes up a figure, with what it adds to it (minor units, or a count). */
export interface Contribution {
  event: RecordedEvent<LedgerEvent>;
  contribution: number;
}

const partnersEvents = (events: readonly RecordedEvent[], partnerId: string): RecordedEvent<LedgerEvent>[] =>
  events.filter((event): event is RecordedEvent<LedgerEvent> => isLedgerEvent(event) && partnerIdOf(event) === partnerId);

/**
 * The events that make up a partner's summed figure for a period, in position order: those the
 * scorecard counts (scorecardIncrement, the rule it is kept by), each with what it adds;
 * events that add nothing to this metric are left out.
 */
export function contributionsTo(events: readonly RecordedEvent[], partnerId: string, period: string, metric: SummedMetric): Contribution[] {
  return partnersEvents(events, partnerId).flatMap((event) => {
    const contribution = scorecardIncrement(event, period)?.[metric];
    return contribution ? [{ event, contribution }] : [];
  });
}

/** The CertificationEarned of each certification held (certificationsHeldAt), counting 1 each, in position order. */
export function certificationsEarnedFor(events: readonly RecordedEvent[], partnerId: string, held: readonly CertificationRecord[]): Contribution[] {
  return partnersEvents(events, partnerId).flatMap((event) => {
    if (event.type !== 'CertificationEarned') return [];
    const earnedAt = new Date(event.occurredAt).toISOString();
    const { engineerId, productLine } = event.data;
    return held.some((c) => c.engineerId === engineerId && c.productLine === productLine && c.earnedAt === earnedAt) ? [{ event, contribution: 1 }] : [];
  });
}

/** A page of contributions after the cursor's position; the cursor is opaque to clients. */
export function contributionsPage(all: readonly Contribution[], metric: EvidenceMetric, limit: number, cursor?: string): { items: Contribution[]; nextCursor: string | null } {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, metric);
  const start = after === undefined ? 0 : all.findIndex((c) => c.event.position > after);
  const items = start < 0 ? [] : all.slice(start, start + limit);
  const more = start >= 0 && start + limit < all.length;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? Buffer.from(JSON.stringify(['evidence', metric, last.event.position.toString()])).toString('base64url') : null };
}

function decodeCursor(cursor: string, metric: EvidenceMetric): bigint {
  try {
    const [tag, ofMetric, position] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (tag === 'evidence' && ofMetric === metric && typeof position === 'string' && /^\d{1,20}$/.test(position)) return BigInt(position);
  } catch {
    // not JSON: refused below
  }
  throw new InvalidCursorError();
}
