import {
  defaultProgramRules, DomainError, leadDecider, leadRegistrationWorkflow, LeadState, opportunityDecider, OpportunityState, partnerDecider,
  PartnerState, TIERS, challengeDecider, ChallengeState, objectiveDecider, ProgramRules, rulesInForce, coopClaimIdDecider, CoopClaimIdState, streams,
  PartnerEvent, LeadEvent,
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
  // Every version as the program stream would hold it; each fact judged by the one in force when it occurred.
  const versions: ProgramRules[] = [defaultProgramRules()];
  const at = (occurredAt: string) => rulesInForce(versions, occurredAt)!;
  const partner = partnerDecider(versions[0]!);
  const lead = leadDecider(versions[0]!);
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
      const workflow = leadRegistrationWorkflow(at(command.occurredAt));
      const lead = leadDecider(at(command.occurredAt));
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
    } else if (command.type === 'WinDeal' || command.type === 'ReverseDeal') {
      const id = `lead-${command.leadId}`;
      const s = stream<LeadState>(id, lead.initialState);
      refusal = refusalOf(() => appends.push({ streamId: id, revision: s.revision, events: leadDecider(at(command.occurredAt)).decide(command, s.state) }));
      for (const a of appends) record(a.streamId, a.events, lead.evolve as never, lead.initialState);
    } else if (command.type === 'PublishProgramRules') {
      const s = stream<null>('program', null);
      appends.push({ streamId: 'program', revision: s.revision ?? 0, events: [{ type: 'ProgramRulesPublished', data: { ...command.rules, version: versions.length + 1 } }] });
      states.set('program', { state: null, revision: (s.revision ?? 0) + 1 });
      versions.push({ ...command.rules, version: versions.length + 1, currency: 'EUR' });
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
    } else if (command.type === 'ExtendLeadProtection' || command.type === 'LoseLead' || command.type === 'ExpireLead') {
      throw new Error(`${command.type} is planned only with lifecycle`);
    } else {
      const id = `partner-${command.partnerId}`;
      const s = stream<PartnerState>(id, partner.initialState);
      // An award in a challenge is judged by the challenge as this ledger's own stream of it holds it.
      const judged = command.type === 'AwardIncentive' && command.challengeId
        ? { ...command, challenge: stream<ChallengeState>(`challenge-${command.challengeId}`, challengeDecider.initialState).state }
        : command;
      // A claim's id is taken first, on its own stream, and kept even when the claim is refused.
      if (command.type === 'SubmitCoopClaim') {
        const idStream = streams.coopClaim(command.claimId);
        const held = stream<CoopClaimIdState>(idStream, coopClaimIdDecider.initialState);
        const reserved = coopClaimIdDecider.decide({ type: 'ReserveCoopClaimId', claimId: command.claimId, partnerId: command.partnerId }, held.state);
        appends.push({ streamId: idStream, revision: held.revision, events: reserved });
        record(idStream, reserved, coopClaimIdDecider.evolve as never, coopClaimIdDecider.initialState);
      }
      // An accrual is judged by the rules in force when the deal was won.
      const decider = partnerDecider(at(command.type === 'AccrueCoop' ? command.wonAt : command.occurredAt));
      refusal = refusalOf(() => appends.push({ streamId: id, revision: s.revision, events: decider.decide(judged, s.state) }));
      record(id, appends[appends.length - 1]?.streamId === id ? appends[appends.length - 1]!.events : [], partner.evolve as never, partner.initialState);
    }
    // A refused command records nothing of its own (a claim's id stays taken).
    decided.push({ seq: fact.seq, appends: refusal ? appends.filter((a) => a.streamId.startsWith('coop-claim-')) : appends, ...(refusal ? { refusal } : {}) });
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
      const own = fact.refusal ? undefined : fact.appends[fact.appends.length - 1];
      // The ledger's own facts (its reactor's accruals and clawbacks) answer no one.
      expect(fact.expectedEvents).toBe(fact.byLedger ? 0 : own?.events.length ?? 0);
      expect(fact.expectedEvents).toBeLessThanOrEqual(fact.maxEvents);
      expect(fact.seq).toBe(facts.indexOf(fact));
    }
  });

  it('refuses deliberate conflicts by the domain\'s first-to-register rule and claims above the co-op balance, and nothing else', () => {
    const refused = facts.filter((f) => f.refusal && f.command.type === 'RegisterLead');
    expect(new Set(facts.filter((f) => f.refusal).map((f) => f.refusal))).toEqual(new Set(['LEAD_ALREADY_REGISTERED', 'COOP_BALANCE_EXCEEDED']));
    expect(refused.every((f) => f.refusal === 'LEAD_ALREADY_REGISTERED' && f.appends.length === 0 && f.expectedEvents === 0)).toBe(true);
    const registrations = facts.filter((f) => f.command.type === 'RegisterLead');
    expect(refused.length).toBeGreaterThan(registrations.length * 0.03);
    expect(refused.length).toBeLessThan(registrations.length * 0.12);
    // an admitted registration claims its customer project first, then opens the lead
    for (const f of registrations.filter((r) => !r.refusal)) expect(f.appends.map((a) => a.events.map((e) => e.type))).toEqual([['OpportunityClaimed'], ['LeadRegistered']]);
  });

  it('publishes the money rules as version 2 at the window\'s start: margins below the minimum are recorded with a few wins', () => {
    const [published, ...more] = facts.filter((f) => f.command.type === 'PublishProgramRules');
    expect(more).toHaveLength(0);
    expect(published!.seq).toBeLessThan(facts.findIndex((f) => f.command.type === 'RegisterPartner'));
    expect(published!.appends[0]!.events[0]).toMatchObject({
      type: 'ProgramRulesPublished',
      data: { version: 2, effectiveFrom: historyWindow(OPTIONS).start, coop: { launchGrant: '2000.00', launchMonths: 6 }, minimumMargins: { utm: { minimum: '18', products: { 'UTM-VM': '12' } }, network: '15' } },
    });
    const lines = facts.flatMap((f) => (f.command.type === 'WinDeal' ? f.command.lines : []));
    const alerts = events.flatMap((e) => (e.type === 'MarginBelowMinimum' ? [e.data] : []));
    expect(alerts.length).toBeGreaterThan(lines.length * 0.04);
    expect(alerts.length).toBeLessThan(lines.length * 0.12);
    expect(alerts.every((a) => a.rulesVersion === 2 && Number(a.rate) < Number(a.minimumRate))).toBe(true);
    expect(alerts.some((a) => a.product === 'UTM-VM' && a.minimumRate === '12')).toBe(true);
    // Each alert is in its win's append, after the DealWon.
    for (const f of facts.filter((w) => w.command.type === 'WinDeal')) {
      const types = f.appends[0]!.events.map((e) => e.type);
      expect(types[0]).toBe('DealWon');
      expect(types.slice(1).every((t) => t === 'MarginBelowMinimum')).toBe(true);
      expect(types.length).toBeLessThanOrEqual(f.maxEvents);
    }
  });

  it('grants the launch budget, claims co-op spend within it (most approved, some rejected), and attributes leads to claims', () => {
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('CoopGranted')).toBe(count('PartnerRegistered')); // every partner registered under the co-op rules
    const submitted = count('CoopClaimSubmitted');
    expect(submitted).toBeGreaterThan(50);
    expect(count('CoopClaimApproved')).toBeGreaterThan(submitted * 0.4);
    expect(count('CoopClaimRejected')).toBeGreaterThan(0);
    expect(count('CoopClaimRejected')).toBeLessThan(count('CoopClaimApproved'));
    const refused = facts.filter((f) => f.refusal === 'COOP_BALANCE_EXCEEDED');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(submitted * 0.2);
    // A refused claim keeps its id taken (the ledger reserved it first); an admitted one is then recorded on the partner's stream.
    for (const f of facts.filter((c) => c.command.type === 'SubmitCoopClaim')) {
      expect(f.appends.map((a) => a.events.map((e) => e.type))).toEqual(f.refusal ? [['CoopClaimIdReserved']] : [['CoopClaimIdReserved'], ['CoopClaimSubmitted']]);
    }
    const attributed = facts.flatMap((f) => (f.command.type === 'RegisterLead' && f.command.coopClaimId ? [f] : []));
    expect(attributed.length).toBeGreaterThan(10);
    expect(events.some((e) => e.type === 'DealWon' && e.data.coopClaimId)).toBe(true);
  });

  it('accrues co-op from wins after the launch phase, as the ledger\'s reactor would, right after each win', () => {
    const accruals = facts.filter((f) => f.command.type === 'AccrueCoop');
    expect(accruals.length).toBeGreaterThan(50);
    for (const f of accruals) {
      expect(f).toMatchObject({ byLedger: true, expectedEvents: 0, maxEvents: 0 });
      const win = facts[f.seq - 1]!;
      expect(win.command).toMatchObject({ type: 'WinDeal', leadId: (f.command as { leadId: string }).leadId });
      const [accrued] = f.appends[0]!.events as PartnerEvent[];
      expect(accrued).toMatchObject({ type: 'CoopAccrued', data: { rulesVersion: 2 } });
    }
    expect(facts.filter((f) => f.byLedger).every((f) => f.command.type === 'AccrueCoop' || f.command.type === 'ClawBackCoop')).toBe(true);
  });

  it('reverses a few won deals, in part or whole, later; their accruals clawed back in proportion', () => {
    const reversals = facts.filter((f) => f.command.type === 'ReverseDeal');
    const wins = facts.filter((f) => f.command.type === 'WinDeal');
    expect(reversals.length).toBeGreaterThan(wins.length * 0.02);
    expect(reversals.length).toBeLessThan(wins.length * 0.15);
    const reversed = reversals.map((f) => (f.appends[0]!.events as LeadEvent[])[0]!).flatMap((e) => (e.type === 'DealReversed' ? [e.data] : []));
    expect(reversed).toHaveLength(reversals.length);
    expect(reversed.some((r) => r.totalReversed.minor === r.wonAmount.minor)).toBe(true);
    expect(reversed.some((r) => r.totalReversed.minor < r.wonAmount.minor)).toBe(true);
    const wonIn = new Map(wins.map((f) => [(f.command as { leadId: string }).leadId, monthIndex(Date.parse(f.command.occurredAt as string))]));
    expect(reversals.some((f) => monthIndex(Date.parse(f.command.occurredAt as string)) > wonIn.get((f.command as { leadId: string }).leadId)!)).toBe(true);
    expect(facts.some((f) => f.command.type === 'ClawBackCoop' && f.appends[0]!.events[0]!.type === 'CoopAccrualReversed')).toBe(true);
  });

  it('with accruals recorded eventually (the demo\'s), decides every claim the same whether the reactor recorded none of them or all', () => {
    const eventual = upTo({ ...OPTIONS, accruals: 'eventual', lifecycle: true });
    const versions: ProgramRules[] = [defaultProgramRules()];
    const none = new Map<string, PartnerState>(); // the partners' streams with no accrual or clawback recorded yet
    const all = new Map<string, PartnerState>(); // …and with every one recorded at once
    let claims = 0;
    for (const f of eventual) {
      const { command } = f;
      if (command.type === 'PublishProgramRules') versions.push({ ...command.rules, version: versions.length + 1, currency: 'EUR' });
      const partner = partnerDecider(rulesInForce(versions, command.type === 'AccrueCoop' ? command.wonAt : command.occurredAt)!);
      if (command.type === 'SubmitCoopClaim' || command.type === 'ApproveCoopClaim') {
        claims++;
        for (const states of [none, all]) expect([f.seq, refusalOf(() => partner.decide(command, states.get(f.partnerId)!))]).toEqual([f.seq, f.refusal]);
      }
      const own = f.appends.filter((a) => a.streamId === `partner-${f.partnerId}`).flatMap((a) => a.events) as PartnerEvent[];
      for (const states of f.byLedger ? [all] : [none, all]) states.set(f.partnerId, own.reduce((s, e) => partner.evolve(s, e), states.get(f.partnerId) ?? partner.initialState));
    }
    expect(claims).toBeGreaterThan(10);
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
