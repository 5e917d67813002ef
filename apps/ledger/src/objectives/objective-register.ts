import { isLedgerEvent, LedgerEvent, ObjectiveSet, ObjectiveTargets, Typology } from '@ledger/domain';
import { CollectionSpec } from '@ledger/read-store';
import { Projection, projectionOf } from '@ledger/projections';

/** The `objectives` read model: the targets in force for each scope and period, one document each. */
export const OBJECTIVES = 'objectives';

/** Targets as stored: money in minor units, each absent when the metric has no target. */
export interface StoredTargets {
  revenueWon?: number;
  dealsWon?: number;
  leadsRegistered?: number;
  certifiedEngineers?: number;
}

/**
 * A scope's targets for a period (a month, quarter or year), as last set: a typology's
 * (`typology` present) or one partner's (`partnerId` present). Id: see objectiveId.
 */
export interface ObjectiveDocument extends StoredTargets {
  [field: string]: unknown;
  objectiveId: string;
  scope: 'typology' | 'partner';
  typology?: Typology;
  partnerId?: string;
  period: string;
  /** When they were last set (the ObjectiveSet's occurredAt, UTC). */
  setAt: string;
}

/** `typology:<typology>:<period>` or `partner:<partnerId>:<period>`: a scorecard finds both of its targets by id. */
export const typologyObjectiveId = (typology: string, period: string) => `typology:${typology}:${period}`;
export const partnerObjectiveId = (partnerId: string, period: string) => `partner:${partnerId}:${period}`;

export const objectivesCollection: CollectionSpec = {
  name: OBJECTIVES,
  indexes: [
    { fields: [{ field: 'period', direction: 'asc' }] },
    { fields: [{ field: 'typology', direction: 'asc' }, { field: 'period', direction: 'asc' }] },
    { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'period', direction: 'asc' }] },
  ],
  dates: ['setAt'],
};

export function storedTargets(targets: ObjectiveTargets): StoredTargets {
  const { revenueWon, dealsWon, leadsRegistered, certifiedEngineers } = targets;
  return {
    ...(revenueWon !== undefined ? { revenueWon: revenueWon.minor } : {}),
    ...(dealsWon !== undefined ? { dealsWon } : {}),
    ...(leadsRegistered !== undefined ? { leadsRegistered } : {}),
    ...(certifiedEngineers !== undefined ? { certifiedEngineers } : {}),
  };
}

/** The document an ObjectiveSet leaves: the targets it names, whole (what was set before is replaced, not merged). */
export function objectiveDocument(event: ObjectiveSet, occurredAt: string): ObjectiveDocument {
  const { period, targets } = event.data;
  const setAt = new Date(occurredAt).toISOString();
  return event.data.scope === 'typology'
    ? { objectiveId: typologyObjectiveId(event.data.typology, period), scope: 'typology', typology: event.data.typology, period, ...storedTargets(targets), setAt }
    : { objectiveId: partnerObjectiveId(event.data.partnerId, period), scope: 'partner', partnerId: event.data.partnerId, period, ...storedTargets(targets), setAt };
}

/** Objectives of typologies and partners; a later setting of the same scope and period replaces the document (the runner keeps the later position). */
export const objectivesProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'objectives',
  version: 1,
  collections: [objectivesCollection],
  // Written without being read: a setting replaces whatever was there.
  refs: () => [],
  apply(event) {
    if (event.type !== 'ObjectiveSet') return [];
    const doc = objectiveDocument(event, event.occurredAt);
    return [{ collection: OBJECTIVES, id: doc.objectiveId, doc }];
  },
});
