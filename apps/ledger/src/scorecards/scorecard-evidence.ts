import { isLedgerEvent, LedgerEvent, partnerIdOf, refuse } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { InvalidCursorError } from '@ledger/read-store';
import { ActivityCounters } from '../read-models/activity-counters';
import { scorecardIncrement } from './scorecard';

/** The figures of a scorecard that are sums of what events add (certifiedEngineers and averageSatisfaction are not). */
export const EVIDENCE_METRICS = [
  'leadsRegistered', 'dealsWon', 'revenueWon', 'revenueReversed', 'netRevenue', 'dealsReversed', 'certificationsEarned', 'incentivesAwarded', 'incentivesValue',
  'incentivesSales', 'incentivesSalesValue', 'incentivesPresales', 'incentivesPresalesValue', 'incentivesTechnical', 'incentivesTechnicalValue', 'engagements',
] as const satisfies readonly (keyof ActivityCounters)[];
export type EvidenceMetric = (typeof EVIDENCE_METRICS)[number];

/** The metrics counted in minor units of money (shown as decimal strings); the others count events. */
export const MONEY_METRICS: ReadonlySet<EvidenceMetric> = new Set([
  'revenueWon', 'revenueReversed', 'netRevenue', 'incentivesValue', 'incentivesSalesValue', 'incentivesPresalesValue', 'incentivesTechnicalValue',
]);

/** The metric asked, or 400 UNKNOWN_METRIC naming the ones there are. */
export function evidenceMetric(name: string): EvidenceMetric {
  if ((EVIDENCE_METRICS as readonly string[]).includes(name)) return name as EvidenceMetric;
  throw refuse.invalid('UNKNOWN_METRIC', `metric ${name} is not one a scorecard sums; one of: ${EVIDENCE_METRICS.join(', ')}`, { metric: name, metrics: [...EVIDENCE_METRICS] });
}

/** An event that makes up a figure, with what it adds to it (minor units, or a count). */
export interface Contribution {
  event: RecordedEvent<LedgerEvent>;
  contribution: number;
}

/**
 * The events that make up a partner's figure for a period, in position order: those the
 * scorecard counts (scorecardIncrement, the rule it is kept by), each with what it adds;
 * events that add nothing to this metric are left out.
 */
export function contributionsTo(events: readonly RecordedEvent[], partnerId: string, period: string, metric: EvidenceMetric): Contribution[] {
  return events.flatMap((event) => {
    if (!isLedgerEvent(event) || partnerIdOf(event) !== partnerId) return [];
    const contribution = scorecardIncrement(event, period)?.[metric];
    return contribution ? [{ event, contribution }] : [];
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
