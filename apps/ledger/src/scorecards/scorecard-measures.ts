import { ReadStore } from '@ledger/read-store';
import { attainmentOf, EffectiveTargets, Metrics, targetsOf } from '../objectives';
import { CERTIFICATION_HISTORY, CertificationHistory, certifiedEngineersAt } from './certification-history';
import { Scorecard } from './scorecard';

/** A scorecard with what is computed when asked: engineers certified, targets in force, and attainment. */
export interface MeasuredScorecard {
  scorecard: Scorecard;
  actuals: Metrics<number>;
  targets: EffectiveTargets;
  attainment: Metrics<string | null>;
}

/** What measuring needs besides the scorecards: each partner's certifications and the targets of each scope, as read once. */
export interface MeasureSources {
  histories: Map<string, CertificationHistory>;
  targets: (scorecard: Scorecard) => EffectiveTargets;
}

/** Reads, in two reads, the certification histories and targets of the scorecards given. */
export async function sourcesOf(store: ReadStore, scorecards: readonly Scorecard[]): Promise<MeasureSources> {
  const partnerIds = [...new Set(scorecards.map((s) => s.partnerId))];
  const [found, targets] = await Promise.all([
    partnerIds.length ? store.getMany<CertificationHistory>(CERTIFICATION_HISTORY, partnerIds) : Promise.resolve(new Map()),
    targetsOf(store, scorecards),
  ]);
  return { histories: new Map([...found].map(([id, stored]) => [id, stored.doc])), targets };
}

/**
 * A scorecard measured against its targets, at `now` (the clock comes from the edge): the
 * engineers certified at the end of its period (now, while it runs), and its attainment.
 */
export function measure(scorecard: Scorecard, sources: MeasureSources, now: string): MeasuredScorecard {
  const actuals = {
    // The program pays on what stayed sold: a revenue target is measured against the net revenue.
    revenueWon: scorecard.netRevenue,
    dealsWon: scorecard.dealsWon,
    leadsRegistered: scorecard.leadsRegistered,
    certifiedEngineers: certifiedEngineersAt(sources.histories.get(scorecard.partnerId), scorecard.period, now),
  };
  const targets = sources.targets(scorecard);
  return { scorecard, actuals, targets, attainment: attainmentOf(actuals, targets) };
}

export async function measureAll(store: ReadStore, scorecards: readonly Scorecard[], now: string): Promise<MeasuredScorecard[]> {
  const sources = await sourcesOf(store, scorecards);
  return scorecards.map((s) => measure(s, sources, now));
}
