import { addMinor, formatAmount } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { requirePartner } from '../partners';
import { PageRequest } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { emptyScorecard, SCORECARDS, Scorecard, scorecardId } from './scorecard';
import { CERTIFICATION_HISTORY, CertificationHistory, certificationsHeldAt } from './certification-history';
import { certificationsEarnedFor, Contribution, contributionsPage, contributionsTo, EvidenceMetric, MONEY_METRICS } from './scorecard-evidence';
import { measureAll } from './scorecard-measures';

/**
 * A scorecard figure and the events that make it up, from read models and events of the same
 * positions (an as-of computation: see AsOfQuery): the figure as the scorecard holds it, the
 * events as the scorecard counts them, and their sum over every page.
 */
export class ScorecardEvidenceQuery extends ReadModelQuery {
  constructor(
    readonly partnerId: string,
    readonly period: string,
    readonly metric: EvidenceMetric,
    readonly page: PageRequest,
    readonly events: readonly RecordedEvent[],
    /** The instant the engineers certified are counted at while the period runs (the edge's clock, or asOf / knownAt). */
    readonly now: string,
  ) {
    super();
  }

  async answer({ store, currency }: QueryReads) {
    const partner = await requirePartner(store, this.partnerId);
    const scorecard = (await store.get<Scorecard>(SCORECARDS, scorecardId(this.partnerId, this.period)))?.doc ?? emptyScorecard(partner, this.period);
    const { metric } = this;
    let figure: number;
    let all: Contribution[];
    if (metric === 'certifiedEngineers') {
      const [measured] = await measureAll(store, [scorecard], this.now);
      figure = measured!.actuals.certifiedEngineers;
      const history = await store.get<CertificationHistory>(CERTIFICATION_HISTORY, this.partnerId);
      all = certificationsEarnedFor(this.events, this.partnerId, certificationsHeldAt(history?.doc, this.period, this.now));
    } else {
      figure = scorecard[metric] ?? 0;
      all = contributionsTo(this.events, this.partnerId, this.period, metric);
    }
    const shown = (value: number) => (MONEY_METRICS.has(metric) ? formatAmount(value) : value);
    const { items, nextCursor } = contributionsPage(all, this.metric, this.page.limit, this.page.cursor);
    return {
      partnerId: this.partnerId,
      period: this.period,
      metric: this.metric,
      figure: shown(figure),
      sum: shown(all.reduce((sum, c) => addMinor(sum, c.contribution), 0)),
      contributions: all.length,
      currency,
      items: items.map(({ event, contribution }) => ({
        eventId: event.eventId,
        type: event.type,
        streamId: event.streamId,
        revision: event.revision.toString(),
        position: event.position.toString(),
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        contribution: shown(contribution),
        hash: typeof event.metadata['hash'] === 'string' ? event.metadata['hash'] : null,
      })),
      nextCursor,
    };
  }
}
