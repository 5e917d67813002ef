import { join } from 'node:path';
import { ChallengeCreated, defaultProgramRules, defaultPublishedRules, LedgerEvent, SCHEMA_VERSION, streams } from '@ledger/domain';
import { ExpectedRevision, NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { monthIndex, SimulatedFact, simulateHistory } from '@ledger/simulator';

/**
 * Generates a realistic history fast, without HTTP: the simulator (@ledger/simulator, the
 * same one `npm run demo` sends through the command bus) decides every command with the
 * domain's own deciders and workflows against the state folded so far, so every event is
 * one the ledger would have recorded, refusals included; here its decided events are
 * appended, with the envelope the write side gives them, straight to the embedded event
 * store, one append per command and stream as the write side does.
 *
 * Partners of every typology across ten countries join (40% at the start, the others during
 * the first 70% of the history); they register leads (about 7% on a customer project
 * another partner holds already: refused, first to register wins), win deals with product
 * lines and margins, certify engineers (who earn tiers up to Platinum and lose them as
 * certifications lapse in the monthly expiry run) and award incentives to every role, over
 * `months` months, with about 4% of facts recorded one to three months late. Activity is
 * skewed: a partner does 1, 2, 4 or 8 times as much as another.
 *
 * The money rules (minimum margins, co-op budget) are version 2, published at the window's
 * start on top of version 1 (written first, as the ledger records it at its first start): a
 * few deal lines fall below their minimum (MarginBelowMinimum with the win), partners get
 * their launch grant, claim co-op spend (approved, rejected, a few refused for their
 * balance), attribute leads to it, and reverse a few deals; the accruals and clawbacks the
 * ledger's reactor would record follow their win or reversal, caused by it.
 */
export interface HistoryOptions {
  file: string;
  /** Events the store holds at the end (claims of customer projects included). */
  events: number;
  partners: number;
  months: number;
  seed: number;
  /** First month, UTC (default: the simulator's window for the seed, which never reads the clock). */
  start?: { year: number; month: number };
  onProgress?: (events: number) => void;
}

export interface HistorySummary {
  events: number;
  appends: number;
  seconds: number;
  eventsPerSecond: number;
  partnerIds: string[];
  /** Partners sorted by how many of their events were recorded, busiest first. */
  busiestPartnerIds: string[];
  periods: string[];
  /** The challenges: two created before the first fact, running over the whole history, then the history's own (one per product line and quarter). */
  challengeIds: string[];
  byType: Record<string, number>;
  refusals: Record<string, number>;
  tiers: Record<string, number>;
}

/** Who sends each kind of fact, as the envelope's actor (and its Kafka source). */
const ACTORS: Record<SimulatedFact['command']['type'], string> = {
  RegisterPartner: 'crm', RegisterLead: 'crm', WinDeal: 'crm', EarnCertification: 'training', ExpireCertifications: 'training', ReevaluateTier: 'admin', AwardIncentive: 'incentives',
  // version 2 (the money rules) is published here at the window's start; the rest is planned only with `lifecycle` (the demo's)
  PublishProgramRules: 'admin', IssueSanction: 'admin', LiftSuspension: 'admin', ExtendLeadProtection: 'crm', LoseLead: 'crm', ExpireLead: 'ledger', RecordEngagement: 'events', SetPartnerObjective: 'admin', SetTypologyObjective: 'admin',
  // the quarters' challenges, created as the window reaches them
  CreateChallenge: 'incentives',
  // co-op claims come from the marketing tool, decisions from the channel team, accruals from the ledger's reactor
  SubmitCoopClaim: 'marketing', ApproveCoopClaim: 'admin', RejectCoopClaim: 'admin', AccrueCoop: 'ledger', ClawBackCoop: 'ledger',
  // a won deal cancelled or refunded, as the CRM reports it
  ReverseDeal: 'crm',
};

export async function generateHistory(options: HistoryOptions): Promise<HistorySummary> {
  const until = options.start ? new Date(Date.UTC(options.start.year, options.start.month + options.months, 1)).toISOString() : undefined;
  const history = simulateHistory({
    seed: options.seed, partners: options.partners, events: options.events, months: options.months, until,
    rules: defaultProgramRules('EUR'), idPrefix: 'bench', counting: 'recorded',
  });
  const store = new SqliteEventStore({ file: options.file, synchronous: 'NORMAL' });
  const seedTag = (options.seed >>> 0).toString(16).padStart(8, '0');
  let ids = 0;
  const uuid = () => `${seedTag}-0000-4000-8000-${(ids++).toString(16).padStart(12, '0')}`;

  const byType: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  const eventsByPartner = new Map<string, number>();
  const tiers = new Map<string, string>();
  const months = new Set<number>();
  const challengeIds: string[] = [];
  let total = 0;
  let appends = 0;
  const startedAt = process.hrtime.bigint();

  // Challenges running over the whole history, created before it: every fact of their
  // metrics counts in them (the leaderboards' worst case), one of them for two typologies.
  const challenges: ChallengeCreated['data'][] = [
    { challengeId: 'bench-revenue', name: 'Revenue, all time', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', metric: 'revenueWon', eligibleRoles: ['sales', 'presales', 'technical'], warnings: [] },
    { challengeId: 'bench-certifications', name: 'Certifications, integrators and VARs', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', metric: 'certificationsEarned', eligibleRoles: ['sales', 'presales', 'technical'], typologies: ['integrator', 'var'], warnings: [] },
  ];
  const firstAt = new Date(Date.UTC(2000, 0, 1)).toISOString();
  // Version 1 of the rules, as the ledger records it at its first start: the history publishes version 2 (its money rules) on top.
  const startup = { actor: 'ledger', source: 'startup', correlationId: 'program-rules-version-1', causationId: 'program-rules-version-1' };
  await store.append(streams.program(), [
    { type: 'ProgramRulesPublished', data: { ...defaultPublishedRules(), version: 1 }, eventId: uuid(), schemaVersion: SCHEMA_VERSION, occurredAt: firstAt, metadata: startup },
  ], 'no_stream');
  byType['ProgramRulesPublished'] = 1;
  total++;
  appends++;
  for (const data of challenges) {
    const correlationId = uuid();
    await store.append(streams.challenge(data.challengeId), [
      { type: 'ChallengeCreated', data, eventId: uuid(), schemaVersion: SCHEMA_VERSION, occurredAt: firstAt, metadata: { actor: 'admin', source: 'http', correlationId, causationId: correlationId } },
    ], 'no_stream');
    byType['ChallengeCreated'] = (byType['ChallengeCreated'] ?? 0) + 1;
    total++;
    appends++;
  }

  let previous = { correlationId: '', eventId: '' };
  for (const fact of history) {
    if (total >= options.events) break;
    if (fact.refusal !== undefined) refusals[fact.refusal] = (refusals[fact.refusal] ?? 0) + 1;
    if (fact.command.type === 'RegisterPartner') tiers.set(fact.partnerId, 'none');
    if (fact.command.type === 'CreateChallenge') challengeIds.push(fact.command.challengeId);
    const { occurredAt } = fact.command;
    months.add(monthIndex(Date.parse(occurredAt)));
    const actor = ACTORS[fact.command.type];
    // The reactor's accruals and clawbacks are caused by the win or reversal just before them, in its correlation.
    const correlationId = fact.byLedger ? previous.correlationId : uuid();
    const metadata = fact.byLedger
      ? { actor, source: 'coop-reactor', correlationId, causationId: previous.eventId }
      : { actor, source: fact.seq % 2 === 0 ? 'http' : `kafka:${actor}`, correlationId, causationId: correlationId };
    for (const append of fact.appends) {
      if (append.events.length === 0) continue;
      const events: NewEvent<LedgerEvent>[] = append.events.map((e) => ({ ...e, eventId: uuid(), schemaVersion: SCHEMA_VERSION, occurredAt, metadata }));
      previous = { correlationId, eventId: events[0]!.eventId };
      const expected: ExpectedRevision = append.revision === undefined ? 'no_stream' : BigInt(append.revision);
      await store.append(append.streamId, events, expected);
      for (const e of append.events) {
        byType[e.type] = (byType[e.type] ?? 0) + 1;
        if (e.type === 'TierChanged') tiers.set(e.data.partnerId, e.data.to);
      }
      total += append.events.length;
      eventsByPartner.set(fact.partnerId, (eventsByPartner.get(fact.partnerId) ?? 0) + append.events.length);
      appends++;
      if ((appends & 255) === 0) options.onProgress?.(total);
    }
  }
  options.onProgress?.(total);
  await store.close();

  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const tierCounts: Record<string, number> = {};
  for (const tier of tiers.values()) tierCounts[tier] = (tierCounts[tier] ?? 0) + 1;
  const [first, last] = [Math.min(...months), Math.max(...months)];
  const periods = Array.from({ length: last - first + 1 }, (_, m) => `${Math.floor((first + m) / 12)}-${String(((first + m) % 12) + 1).padStart(2, '0')}`);
  return {
    events: total,
    appends,
    seconds,
    eventsPerSecond: total / seconds,
    partnerIds: [...tiers.keys()],
    busiestPartnerIds: [...eventsByPartner.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([id]) => id),
    periods,
    // The whole-history ones first: a leaderboard's worst case is measured with every request's partner.
    challengeIds: [...challenges.map((c) => c.challengeId), ...challengeIds],
    byType,
    refusals,
    tiers: tierCounts,
  };
}

export const eventsFile = (dataDir: string) => join(dataDir, 'events.sqlite');
export const readModelsFile = (dataDir: string) => join(dataDir, 'read-models.sqlite');
