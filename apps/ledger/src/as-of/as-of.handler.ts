import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isLedgerEvent, ProgramRules, streams } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { Projection, PROJECTIONS } from '@ledger/projections';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ReadModelFreshness } from '../read-models/read-model-freshness';
import { PERSONAL_DATA_READER, PersonalDataReader } from '../read-models/read-model-query';
import { publishedRules } from '../write/program';
import { AsOfQuery } from './as-of.query';
import { ScopeEvents } from './scope-events';
import { withScratchReadModels } from './scratch-read-models';
import { basisOf, isAsOf, keptBy } from './time-filter';

/** The rules versions the kept events published; before any was recorded, the first (the ledger's defaults, which it decided with then). */
function versionsOf(kept: readonly RecordedEvent[], all: readonly RecordedEvent[], currency: string): ProgramRules[] {
  const published = (events: readonly RecordedEvent[]) =>
    events.flatMap((event) => (event.streamId === streams.program() && isLedgerEvent(event) && event.type === 'ProgramRulesPublished' ? [publishedRules(event.data, currency)] : []));
  const known = published(kept);
  return known.length > 0 ? known : published(all).slice(0, 1);
}

/**
 * Answers an AsOfQuery: the scope's events from the event store, those the filter keeps,
 * projected by the named live projections into a scratch read store, where the query
 * answers; with the basis of the answer. Without asOf or knownAt, the events are those the
 * live read models had applied (their checkpoints), so the answer agrees with them.
 */
@QueryHandler(AsOfQuery)
export class AsOfQueryHandler implements IQueryHandler<AsOfQuery> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(PERSONAL_DATA_READER) private readonly personal: PersonalDataReader,
    @Inject(PROJECTIONS) private readonly all: readonly Projection[],
    private readonly events: ScopeEvents,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute(query: AsOfQuery): Promise<unknown> {
    await this.freshness.waitFor(query.freshness.minPosition);
    const projections = this.all.filter((projection) => query.projections.includes(projection.name));
    // A name that matches no projection would answer from empty read models: a 404 that is the code's mistake.
    if (projections.length !== query.projections.length) throw new Error(`not every projection is known: ${query.projections.join(', ')}`);
    const applied = isAsOf(query.filter) ? undefined : await this.appliedUpTo(projections);
    const everything = await this.events.of(query.scope);
    const keep = keptBy(query.filter);
    const kept = everything.filter((event) => keep(event) && (applied === undefined || event.position <= applied));
    const context = {
      versions: versionsOf(kept, everything, this.config.currency),
      now: query.filter.asOf ?? query.filter.knownAt ?? query.now,
      events: kept,
    };
    const answer = await withScratchReadModels(projections, kept, (store) =>
      query.query(context).answer({ store, currency: this.config.currency, personal: this.personal }),
    );
    return { ...(answer as object), basis: basisOf(query.filter, kept) };
  }

  /** The position every one of the projections has applied. */
  private async appliedUpTo(projections: readonly Projection[]): Promise<bigint> {
    const checkpoints = await Promise.all(projections.map(async (projection) => (await this.store.checkpoint(projection.name)) ?? 0n));
    return checkpoints.reduce((lowest, checkpoint) => (checkpoint < lowest ? checkpoint : lowest));
  }
}
