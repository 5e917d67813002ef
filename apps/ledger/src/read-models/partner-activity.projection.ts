import { isLedgerEvent, LedgerEvent, partnerIdOf, periodOf } from '@ledger/domain';
import { DocumentChange, DocumentRef, DocumentView, Projection, projectionOf } from '@ledger/projections';
import { evolvePartnerProfile, PARTNERS, partnersCollection, PartnerProfile } from '../partners';
import { evolveScorecard, SCORECARDS, Scorecard, scorecardId, scorecardsCollection } from '../scorecards';

/**
 * Partner profiles and monthly scorecards, kept by one projection (one checkpoint) because a
 * scorecard copies its partner's typology, country and tier so that analysts filter a month
 * without a join; the month is the one the fact happened in (UTC), late or not. Each read
 * model's rules live in its own folder (partners/, scorecards/); this only composes them.
 */
export const partnerActivityProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'partner-activity',
  // 2: MongoDB keeps every money field and counter as int64 (a number was an int or a double).
  // 3: profiles hold their loyalty cards (sanctions), and when their tier was set and by which rules version (tierSince, tierRulesVersion).
  // 4: counters of incentives by role and of engagements (with their ratings).
  version: 4,
  // Scorecards are derived from profiles: listed after them (see Projection.collections).
  collections: [partnersCollection, scorecardsCollection],

  refs(event): DocumentRef[] {
    const partnerId = partnerIdOf(event);
    if (!partnerId) return [];
    return [
      { collection: PARTNERS, id: partnerId },
      { collection: SCORECARDS, id: scorecardId(partnerId, periodOf(event.occurredAt)) },
    ];
  },

  apply(event, view: DocumentView): DocumentChange[] {
    const partnerId = partnerIdOf(event);
    if (!partnerId) return [];
    const before = view.get<PartnerProfile>(PARTNERS, partnerId);
    const after = evolvePartnerProfile(before, event, event.occurredAt);
    if (!after) return [];
    const changes: DocumentChange[] = [{ collection: PARTNERS, id: partnerId, doc: after }];
    if (!before) return changes; // a registration: no month counted yet

    const period = periodOf(event.occurredAt);
    const id = scorecardId(partnerId, period);
    const scorecard = evolveScorecard(view.get<Scorecard>(SCORECARDS, id), event, period, before, after);
    if (scorecard) changes.push({ collection: SCORECARDS, id, doc: scorecard });
    return changes;
  },
});
