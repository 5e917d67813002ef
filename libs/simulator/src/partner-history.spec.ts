import {
  defaultProgramRules, DomainError, leadDecider, leadRegistrationWorkflow, LeadState, opportunityDecider, OpportunityState, partnerDecider,
  PartnerState, TIERS, challengeDecider, ChallengeState, objectiveDecider,
} from '@ledger/domain';
import { monthIndex } from './calendar';
import { HistoryOptions, SimulatedEvent, SimulatedFact, simulateHistory, historyWindow } from './partner-history';

/** The simulator: partner histories from a seed, decided by the domain's own deciders. */

const OPTIONS: HistoryOptions = { seed: 42, partners: 50, events: 3000, months: 24 };

/** The facts until the events counted reach the target, as a consumer takes them. */
function upTo(options: HistoryOptions): SimulatedFact[] {
  const out: SimulatedFact[] = [];
  let events = 0;
  for (const fact of simulateHistory(options)) {
    out.push(fact);
    events += options.counting === 'recorded' ? fact.appends.reduce((n, a) => n + a.events.length, 0) : fact.expectedEvents;
    if (events >= options.events) return out;
  }
  throw new Error('unreachable');
}

const refusalOf = (decide: () => unknown): string | undefined => {
  try {
    decide();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

/**
 * An independent ledger in memory, holding every stream for good: each fact must decide here
 * exactly as the simulator said, although the simulator forgets streams it no longer needs.
 */
function replay(facts: SimulatedFact[]) {
  const rules = defaultProgramRules();
  const partner = partnerDecider(rules);
  const lead = leadDecider(rules);
  const workflow = leadRegistrationWorkflow(rules);
  const states = new Map<string, { state: unknown; revision: number | undefined }>();
  const stream = <S>(id: string, initial: S) => (states.get(id) ?? { state: initial, revision: undefined }) as { state: S; revision: number | undefined };
  const record = (id: string, events: SimulatedEvent[], evolve: (s: never, e: never) => unknown, initial: unknown) => {
    const s = stream(id, initial);
    if (events.length === 0) return;
    states.set(id, { state: events.reduce((st, e) => evolve(st as never, e as never), s.state), revision: (s.revision ?? -1) + events.length });
  };
  const decided: { seq: number; appends: { streamId: string; revision: number | undefined; events: SimulatedEvent[] }[]; refusal?: string }[] = [];

  for (const fact of facts) {
    const { command } = fact;
    const appends: { streamId: string; revision: number | undefined; events: SimulatedEvent[] }[] = [];
    let refusal: string | undefined;
    if (command.type === 'RegisterLead') {
      refusal = refusalOf(() => {
        workflow.admit(command, stream<PartnerState>(`partner-${command.partnerId}`, partner.initialState).state);
        const plan = workflow.plan(command, stream<LeadState>(`lead-${command.leadId}`, lead.initialState).state);
        const claim = plan.claim && { streamId: plan.claim.streamId, ...stream<OpportunityState>(plan.claim.streamId, opportunityDecider.initialState) };
        const claimed = plan.claim ? opportunityDecider.decide(plan.claim.command, claim!.state) : [];
        const registering = stream<LeadState>(plan.register.streamId, lead.initialState);
        const registered = lead.decide(plan.register.command, registering.state);
        if (plan.claim) appends.push({ streamId: plan.claim.streamId, revision: claim!.revision, events: claimed });
        appends.push({ streamId: plan.register.streamId, revision: registering.revision, events: registered });
      });
      for (const a of appends) record(a.streamId, a.events, (a.streamId.startsWith('lead-') ? lead.evolve : opportunityDecider.evolve) as never, a.streamId.startsWith('lead-') ? lead.initialState : opportunityDecider.initialState);
    } else if (command.type === 'WinDeal') {
      const id = `lead-${command.leadId}`;
      const s = stream<LeadState>(id, lead.initialState);
      refusal = refusalOf(() => appends.push({ streamId: id, revision: s.revision, events: lead.decide(command, s.state) }));
      for (const a of appends) record(a.streamId, a.events, lead.evolve as never, lead.initialState);
    } else if (command.type === 'CreateChallenge') {
      const id = `challenge-${command.challengeId}`;
      const s = stream<ChallengeState>(id, challengeDecider.initialState);
      refusal = refusalOf(() => appends.push({ streamId: id, revision: s.revision, events: challengeDecider.decide(command, s.state) }));
      for (const a of appends) record(a.streamId, a.events, challengeDecider.evolve as never, challengeDecider.initialState);
    } else if (command.type === 'SetTypologyObjective') {
      const id = `objectives-${command.typology}`;
      const objectives = objectiveDecider(OPTIONS.rules?.currency ?? 'EUR');
      const s = stream<null>(id, null);
      refusal = refusalOf(() => appends.push({ streamId: id, revision: s.revision, events: objectives.decide(command, s.state) }));
      for (const a of appends) record(a.streamId, a.events, objectives.evolve as never, null);
    } else if (command.type === 'ExtendLeadProtection' || command.type === 'LoseLead' || command.type === 'ExpireLead' || command.type === 'PublishProgramRules') {
      throw new Error(`${command.type} is planned only with lifecycle`);
    } else {
      const id = `partner-${command.partnerId}`;
      const s = stream<PartnerState>(id, partner.initialState);
      // An award in a challenge is judged by the challenge as this ledger's own stream of it holds it.
      const judged = command.type === 'AwardIncentive' && command.challengeId
        ? { ...command, challenge: stream<ChallengeState>(`challenge-${command.challengeId}`, challengeDecider.initialState).state }
        : command;
      refusal = refusalOf(() => appends.push({ streamId: id, revision: s.revision, events: partner.decide(judged, s.state) }));
      for (const a of appends) record(a.streamId, a.events, partner.evolve as never, partner.initialState);
    }
    decided.push({ seq: fact.seq, appends: refusal ? [] : appends, ...(refusal ? { refusal } : {}) });
  }
  return decided;
}

describe('partner history simulator', () => {
  const facts = upTo(OPTIONS);
  const events = facts.flatMap((f) => f.appends.flatMap((a) => a.events));

  it('is deterministic: the same seed gives the same facts, another seed others', () => {
    expect(upTo(OPTIONS)).toEqual(facts);
    const other = upTo({ ...OPTIONS, seed: 43 });
    expect(other.slice(0, 100)).not.toEqual(facts.slice(0, 100));
  });

  it('records exactly what the domain decides: an independent ledger keeping every stream agrees on every fact', () => {
    const replayed = replay(facts);
    for (const [i, fact] of facts.entries()) {
      expect({ seq: fact.seq, appends: fact.appends, ...(fact.refusal ? { refusal: fact.refusal } : {}) }).toEqual(replayed[i]);
    }
  });

  it('answers each command with the events of its own stream, within the bound given before deciding', () => {
    for (const fact of facts) {
      const own = fact.appends[fact.appends.length - 1];
      expect(fact.expectedEvents).toBe(own?.events.length ?? 0);
      expect(fact.expectedEvents).toBeLessThanOrEqual(fact.maxEvents);
      expect(fact.seq).toBe(facts.indexOf(fact));
    }
  });

  it('refuses deliberate conflicts by the domain\'s first-to-register rule, and nothing else', () => {
    const refused = facts.filter((f) => f.refusal);
    expect(new Set(refused.map((f) => f.refusal))).toEqual(new Set(['LEAD_ALREADY_REGISTERED']));
    expect(refused.every((f) => f.command.type === 'RegisterLead' && f.appends.length === 0 && f.expectedEvents === 0)).toBe(true);
    const registrations = facts.filter((f) => f.command.type === 'RegisterLead');
    expect(refused.length).toBeGreaterThan(registrations.length * 0.03);
    expect(refused.length).toBeLessThan(registrations.length * 0.12);
    // an admitted registration claims its customer project first, then opens the lead
    for (const f of registrations.filter((r) => !r.refusal)) expect(f.appends.map((a) => a.events.map((e) => e.type))).toEqual([['OpportunityClaimed'], ['LeadRegistered']]);
  });

  it('earns tiers up to platinum through the domain\'s tier rule, and loses them as certifications lapse', () => {
    const changes = events.flatMap((e) => (e.type === 'TierChanged' ? [e.data] : []));
    const best = new Map<string, number>();
    for (const c of changes) best.set(c.partnerId, Math.max(best.get(c.partnerId) ?? 0, TIERS.indexOf(c.to)));
    expect(new Set([...best.values()].map((t) => TIERS[t]))).toEqual(new Set(['silver', 'gold', 'platinum']));
    expect(changes.some((c) => TIERS.indexOf(c.to) < TIERS.indexOf(c.from) && /expired/.test(c.reason))).toBe(true);
    expect(events.some((e) => e.type === 'CertificationExpired')).toBe(true);
  });

  it('fills the window with the target counted as answered (default) or as recorded, claims included', () => {
    const window = historyWindow(OPTIONS);
    const recorded = upTo({ ...OPTIONS, counting: 'recorded' });
    for (const history of [facts, recorded]) {
      const last = Date.parse(history[history.length - 1]!.at);
      expect(window.endMs - last).toBeLessThan(31 * 86_400_000);
      expect(monthIndex(Date.parse(history[0]!.at))).toBe(monthIndex(window.startMs));
    }
    const stored = (h: SimulatedFact[]) => h.reduce((n, f) => n + f.appends.reduce((m, a) => m + a.events.length, 0), 0);
    expect(stored(recorded)).toBeGreaterThanOrEqual(OPTIONS.events);
    expect(stored(recorded)).toBeLessThan(OPTIONS.events + 10);
    expect(stored(facts)).toBeGreaterThan(OPTIONS.events * 1.1); // the claims come on top of the answers
  });

  it('names everything from its id prefix', () => {
    const firstPartner = (history: Iterable<SimulatedFact>) => {
      for (const fact of history) if (fact.command.type === 'RegisterPartner') return fact.partnerId;
      return undefined;
    };
    expect(firstPartner(simulateHistory({ ...OPTIONS, idPrefix: 'bench' }))).toBe('bench-p00001');
    expect(firstPartner(facts)).toBe('sim42-p00001');
    // The quarters' challenges too, so that histories of two seeds never name the same one.
    const challenges = facts.flatMap((f) => (f.command.type === 'CreateChallenge' ? [f.command.challengeId] : []));
    expect(challenges.length).toBeGreaterThanOrEqual(8 * 5); // 24 months: eight quarters or more, five product lines
    for (const id of challenges) expect(id).toMatch(/^sim42-ch-\d{4}q[1-4]-[a-z]+$/);
  });
});
