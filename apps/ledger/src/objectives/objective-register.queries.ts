import { ReadStore } from '@ledger/read-store';
import { Freshness, PageRequest, presentFilter } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { EffectiveTargets, effectiveTargets } from './attainment';
import { OBJECTIVES, ObjectiveDocument, partnerObjectiveId, typologyObjectiveId } from './objective-register';
import { objectiveView } from './objective-register.view';

/** Whose targets a scorecard is measured against: the partner's own, or its typology's, for the same period. */
export interface TargetScope {
  partnerId: string;
  typology: string;
  period: string;
}

/**
 * The effective targets of many scorecards in one read (two ids each: the partner's own
 * targets and its typology's for the period), by `partnerId:period`.
 */
export async function targetsOf(store: ReadStore, scopes: readonly TargetScope[]): Promise<(scope: TargetScope) => EffectiveTargets> {
  const ids = new Set<string>();
  for (const { partnerId, typology, period } of scopes) ids.add(partnerObjectiveId(partnerId, period)).add(typologyObjectiveId(typology, period));
  const found = ids.size ? await store.getMany<ObjectiveDocument>(OBJECTIVES, [...ids]) : new Map();
  return ({ partnerId, typology, period }) =>
    effectiveTargets(found.get(partnerObjectiveId(partnerId, period))?.doc, found.get(typologyObjectiveId(typology, period))?.doc);
}

/** GET /objectives: what is set, by period, typology or partner. */
export class ListObjectivesQuery extends ReadModelQuery {
  constructor(
    readonly filter: { period?: string; typology?: string; partnerId?: string },
    readonly page: PageRequest,
    freshness: Freshness = {},
  ) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    const found = await store.find<ObjectiveDocument>(OBJECTIVES, { filter: presentFilter(this.filter), limit: this.page.limit, cursor: this.page.cursor });
    return { items: found.items.map((o) => objectiveView(o, currency)), nextCursor: found.nextCursor };
  }
}
