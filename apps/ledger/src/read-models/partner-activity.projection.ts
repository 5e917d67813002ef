import { isLedgerEvent, LedgerEvent, partnerIdOf, periodsOf } from '@ledger/domain';
import { DocumentChange, DocumentRef, DocumentView, Projection, projectionOf } from '@ledger/projections';
import { evolvePartnerProfile, PARTNERS, partnersCollection, PartnerProfile } from '../partners';
import {
  CERTIFICATION_HISTORY, certificationHistoryCollection, CertificationHistory, evolveCertificationHistory, evolveScorecard, SCORECARDS, Scorecard, scorecardId,
  scorecardsCollection,
} from '../scorecards';

/**
 * Partner profiles, scorecards (per month, quarter and year) and certification histories,
 * kept by one projection (one checkpoint) because a scorecard copies its partner's typology,
 * country, region and tier so that analysts filter a period without a join; the periods are
 * the ones the fact happened in (UTC), late or not. Each read model's rules live in its own
 * folder (partners/, scorecards/); this only composes them.
 */
export const partnerActivityProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'partner-activity',
  // 2: MongoDB keeps every money field and counter as int64 (a number was an int or a double).
  // 3: profiles hold their loyalty cards (sanctions), and when their tier was set and by which rules version (tierSince, tierRulesVersion).
  // 4: counters of incentives by role and of engagements (with their ratings); scorecards of quarters and years, with the region; certification histories.
  // 5: deal reversals: revenueReversed, netRevenue and dealsReversed on profiles and scorecards.
  version: 5,
  // Scorecards are derived from profiles: listed after them (see Projection.collections).
  collections: [partnersCollection, scorecardsCollection, certificationHistoryCollection],

  refs(event): DocumentRef[] {
    const partnerId = partnerIdOf(event);
    if (!partnerId) return [];
    const refs: DocumentRef[] = [{ collection: PARTNERS, id: partnerId }];
    for (const period of periodsOf(event.occurredAt)) refs.push({ collection: SCORECARDS, id: scorecardId(partnerId, period) });
    if (event.type === 'CertificationEarned' || event.type === 'CertificationExpired') refs.push({ collection: CERTIFICATION_HISTORY, id: partnerId });
    return refs;
  },

  apply(event, view: DocumentView): DocumentChange[] {
    const partnerId = partnerIdOf(event);
    if (!partnerId) return [];
    const before = view.get<PartnerProfile>(PARTNERS, partnerId);
    const after = evolvePartnerProfile(before, event, event.occurredAt);
    if (!after) return [];
    const changes: DocumentChange[] = [{ collection: PARTNERS, id: partnerId, doc: after }];
    if (!before) return changes; // a registration: no period counted yet

    for (const period of periodsOf(event.occurredAt)) {
      const id = scorecardId(partnerId, period);
      const scorecard = evolveScorecard(view.get<Scorecard>(SCORECARDS, id), event, period, before, after);
      if (scorecard) changes.push({ collection: SCORECARDS, id, doc: scorecard });
    }
    const history = evolveCertificationHistory(view.get<CertificationHistory>(CERTIFICATION_HISTORY, partnerId), event, event.occurredAt);
    if (history) changes.push({ collection: CERTIFICATION_HISTORY, id: partnerId, doc: history });
    return changes;
  },
});
