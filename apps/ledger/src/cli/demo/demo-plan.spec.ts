import {
  defaultProgramRules, INCENTIVE_KINDS, INCENTIVE_ROLES, opportunityKey, parseAmount, partnerDecider, PartnerCommand, PartnerState, ProgramRules,
  rulesInForce, TIERS, TYPOLOGIES,
} from '@ledger/domain';
import { z, ZodType } from 'zod';
import { monthIndex } from '@ledger/simulator';
import {
  awardIncentiveBody, createChallengeBody, earnCertificationBody, expireCertificationsBody, objectiveBody, recordEngagementBody, registerLeadBody, registerPartnerBody, winDealBody,
} from '../../contracts/commands.schemas';
import { extendLeadBody, loseLeadBody, reverseDealBody } from '../../leads';
import { approveCoopClaimBody, rejectCoopClaimBody, submitCoopClaimBody } from '../../coop';
import { publishProgramRulesBody } from '../../program';
import { issueSanctionBody, liftSuspensionBody } from '../../sanctions';
import { reevaluateTiersBody } from '../../tiers';
import { DemoCommand, DemoCommandType, demoPlan, DemoPlanOptions, demoWindow } from './demo-plan';

/** The pure demo plan: seed in, reproducible realistic commands out. */

const OPTIONS: DemoPlanOptions = { seed: 42, partners: 50, events: 3000, months: 24 };

function take(options: DemoPlanOptions, n: number): DemoCommand[] {
  const out: DemoCommand[] = [];
  for (const command of demoPlan(options)) {
    out.push(command);
    if (out.length >= n) break;
  }
  return out;
}

/** The commands a run executes: until the events they are planned to record reach the target. */
function wholePlan(options: DemoPlanOptions): DemoCommand[] {
  const out: DemoCommand[] = [];
  let events = 0;
  for (const command of demoPlan(options)) {
    out.push(command);
    events += command.expectedEvents;
    if (events >= options.events) break;
  }
  return out;
}

const of = <T extends DemoCommandType>(commands: DemoCommand[], type: T) => commands.filter((c): c is Extract<DemoCommand, { type: T }> => c.type === type);

describe('demo plan', () => {
  const plan = wholePlan(OPTIONS);
  const window = demoWindow(OPTIONS);

  it('is deterministic: the same seed gives the same commands, another seed others', () => {
    const first = take(OPTIONS, 1000);
    expect(first).toHaveLength(1000);
    expect(take(OPTIONS, 1000)).toEqual(first);
    expect(plan.slice(0, 1000)).toEqual(first);
    const other = take({ ...OPTIONS, seed: 43 }, 1000);
    expect(other).not.toEqual(first);
    expect(other.filter((c, i) => JSON.stringify(c.body) === JSON.stringify(first[i]!.body)).length).toBeLessThan(100);
  });

  it('ends at a date derived from the seed or given, never the clock', () => {
    expect(demoWindow(OPTIONS)).toEqual(demoWindow({ ...OPTIONS }));
    expect(demoWindow({ ...OPTIONS, seed: 43 }).end).not.toBe(window.end);
    expect(demoWindow({ ...OPTIONS, until: '2026-03-31T23:00:00Z' })).toMatchObject({ start: '2024-03-31T23:00:00Z', end: '2026-03-31T23:00:00Z' });
    expect(demoWindow({ ...OPTIONS, months: 1, until: '2026-03-31T23:00:00Z' }).start).toBe('2026-02-28T23:00:00Z');
    expect(() => take({ ...OPTIONS, until: 'yesterday' }, 1)).toThrow(/until/);
    expect(() => take({ ...OPTIONS, partners: 0 }, 1)).toThrow(/partners/);
  });

  it('writes bodies the HTTP API would accept as they are', () => {
    const schemas: Record<DemoCommandType, ZodType> = {
      RegisterPartner: registerPartnerBody,
      RegisterLead: registerLeadBody,
      WinDeal: winDealBody,
      EarnCertification: earnCertificationBody,
      ExpireCertifications: expireCertificationsBody,
      AwardIncentive: awardIncentiveBody,
      PublishProgramRules: publishProgramRulesBody,
      ReevaluateTier: reevaluateTiersBody,
      ExtendLead: extendLeadBody,
      LoseLead: loseLeadBody,
      ExpireLead: z.strictObject({ occurredAt: z.iso.datetime() }), // as POST /leads/expire-due decides each lead, at its asOf
      IssueSanction: issueSanctionBody,
      LiftSuspension: liftSuspensionBody,
      RecordEngagement: recordEngagementBody,
      // PUT /objectives/… decides at receipt; the demo records them at its window's time, as a Kafka ObjectiveSet would.
      SetTypologyObjective: objectiveBody.extend({ occurredAt: z.iso.datetime() }),
      SetPartnerObjective: objectiveBody.extend({ occurredAt: z.iso.datetime() }),
      CreateChallenge: createChallengeBody.extend({ occurredAt: z.iso.datetime() }),
      SubmitCoopClaim: submitCoopClaimBody,
      ApproveCoopClaim: approveCoopClaimBody,
      RejectCoopClaim: rejectCoopClaimBody,
      ReverseDeal: reverseDealBody,
    };
    for (const command of plan) {
      const parsed = schemas[command.type].safeParse(command.body);
      if (!parsed.success) throw new Error(`${command.type} #${command.seq}: ${parsed.error.message}`);
      expect(parsed.data).toEqual(command.body); // nothing trimmed or coerced
    }
  });

  it('gives each command its own idempotency key, derived from the seed and its index', () => {
    const keys = new Set(plan.map((c) => c.idempotencyKey));
    expect(keys.size).toBe(plan.length);
    plan.forEach((c, i) => {
      expect(c.seq).toBe(i);
      expect(c.idempotencyKey).toMatch(new RegExp(`^demo:42:.*:${i}$`));
      expect(c.idempotencyKey).toMatch(/^[\x21-\x7e]{1,200}$/);
    });
    expect(take({ ...OPTIONS, events: 6000 }, 1)[0]!.idempotencyKey).not.toBe(plan[0]!.idempotencyKey); // another plan, other keys
  });

  it('covers every typology, ~10 countries with regions sometimes, every role, kind and product line', () => {
    const partners = of(plan, 'RegisterPartner');
    expect(partners).toHaveLength(50);
    expect(new Set(partners.map((c) => c.body.typology))).toEqual(new Set(TYPOLOGIES));
    expect(new Set(partners.map((c) => c.body.territory.country)).size).toBeGreaterThanOrEqual(8);
    expect(partners.some((c) => c.body.territory.region)).toBe(true);
    expect(partners.some((c) => !c.body.territory.region)).toBe(true);

    const incentives = of(plan, 'AwardIncentive');
    expect(new Set(incentives.map((c) => c.body.recipient.role))).toEqual(new Set(INCENTIVE_ROLES));
    expect(new Set(incentives.map((c) => c.body.kind))).toEqual(new Set(INCENTIVE_KINDS));
    // Most awards name a challenge of their quarter, created before them (the plan runs it first: it shares a key).
    const challenges = new Map(of(plan, 'CreateChallenge').map((c) => [c.body.challengeId, c]));
    const inChallenges = incentives.filter((c) => c.body.challengeId);
    expect(inChallenges.length).toBeGreaterThan(incentives.length / 3);
    for (const award of inChallenges) {
      const challenge = challenges.get(award.body.challengeId!)!;
      expect(challenge.seq).toBeLessThan(award.seq);
      expect(award.keys).toContain(challenge.keys[0]);
      expect(award.body.occurredAt >= challenge.body.from && award.body.occurredAt < challenge.body.to).toBe(true);
    }

    const lines = new Set(defaultProgramRules().productLines);
    expect(new Set(of(plan, 'WinDeal').flatMap((c) => c.body.lines!.map((l) => l.productLine)))).toEqual(lines);
    expect(new Set(of(plan, 'EarnCertification').map((c) => c.body.productLine))).toEqual(lines);

    const counts = Object.fromEntries(['RegisterLead', 'WinDeal', 'EarnCertification', 'ExpireCertifications', 'AwardIncentive'].map((t) => [t, plan.filter((c) => c.type === t).length]));
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(20);
    expect(counts['RegisterLead']).toBeGreaterThan(counts['WinDeal']!);
  });

  it('wins deals with lines that add up to the amount, margins within revenue, amounts with cents', () => {
    const wins = of(plan, 'WinDeal');
    const registered = new Set(of(plan, 'RegisterLead').filter((c) => !c.expectedRefusal).map((c) => c.body.leadId));
    const won = new Set<string>();
    for (const win of wins) {
      expect(registered.has(win.leadId)).toBe(true); // only its own, registered leads
      expect(won.has(win.leadId)).toBe(false); // once
      won.add(win.leadId);
      expect(win.body.amount).toMatch(/^\d+\.\d{2}$/);
      const lines = win.body.lines!;
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.reduce((sum, l) => sum + parseAmount(l.revenue), 0)).toBe(parseAmount(win.body.amount));
      for (const l of lines) {
        expect(l.revenue).toMatch(/^\d+\.\d{2}$/);
        expect(parseAmount(l.margin)).toBeLessThanOrEqual(parseAmount(l.revenue));
        expect(l.product).not.toBe('');
      }
    }
    expect(new Set(wins.map((w) => w.body.amount)).size).toBeGreaterThan(wins.length * 0.9);
  });

  it('makes some registrations deliberately conflict with another partner\'s registration of the same project', () => {
    const holders = new Map<string, string>();
    const projects = new Map<string, string>();
    let conflicts = 0;
    for (const command of plan) {
      // A lead lost or expired gives its project back: the next to register it holds it.
      if ((command.type === 'LoseLead' || command.type === 'ExpireLead') && projects.has(command.leadId)) holders.delete(projects.get(command.leadId)!);
      if (command.type !== 'RegisterLead') continue;
      const lead = command;
      const key = opportunityKey(lead.body.customer.id, lead.body.project);
      expect(lead.keys).toContain(`opportunity:${key}`);
      if (lead.expectedRefusal === 'PARTNER_SUSPENDED') {
        expect(lead.expectedEvents).toBe(0);
        continue;
      }
      if (lead.expectedRefusal) {
        expect(lead.expectedRefusal).toBe('LEAD_ALREADY_REGISTERED');
        expect(holders.get(key)).toBeDefined();
        expect(holders.get(key)).not.toBe(lead.partnerId);
        expect(lead.expectedEvents).toBe(0);
        conflicts++;
      } else {
        expect(holders.has(key)).toBe(false); // never by accident
        holders.set(key, lead.partnerId);
        projects.set(lead.body.leadId, key);
      }
    }
    expect(conflicts).toBeGreaterThan(20);
    expect(conflicts / (holders.size + conflicts)).toBeLessThan(0.15); // of the registrations sent
  });

  it('spreads the history over the window in order, with some events reported late', () => {
    const occurred = (c: DemoCommand) => Date.parse(c.type === 'PublishProgramRules' ? c.at : c.body.occurredAt!);
    let previous = window.startMs;
    for (const c of plan) {
      const at = Date.parse(c.at);
      expect(at).toBeGreaterThanOrEqual(previous);
      expect(at).toBeLessThanOrEqual(window.endMs);
      expect(occurred(c)).toBeGreaterThanOrEqual(window.startMs);
      expect(occurred(c)).toBeLessThanOrEqual(at);
      expect(c.late).toBe(monthIndex(occurred(c)) < monthIndex(at));
      if (c.type === 'ExpireCertifications') expect(c.body.asOf).toBe(c.at);
      if (c.type === 'EarnCertification' && c.body.expiresAt) expect(Date.parse(c.body.expiresAt)).toBeGreaterThan(occurred(c));
      previous = at;
    }
    expect(Date.parse(plan[0]!.at) - window.startMs).toBeLessThan(86_400_000);
    expect(window.endMs - Date.parse(plan[plan.length - 1]!.at)).toBeLessThan(31 * 86_400_000); // fills the window
    const late = plan.filter((c) => c.late);
    expect(late.length).toBeGreaterThan(plan.length * 0.01);
    expect(new Set(late.map((c) => c.type))).toEqual(new Set(['RegisterLead', 'WinDeal', 'AwardIncentive']));
  });

  it('plans the program\'s life: version 2 published before it takes effect inside the window, tiers re-evaluated then, leads extended, lost and expired, cards', () => {
    const [publish, ...more] = of(plan, 'PublishProgramRules');
    expect(more).toHaveLength(0);
    const effective = Date.parse(publish!.body.effectiveFrom);
    expect(Date.parse(publish!.at)).toBeLessThan(effective);
    expect(effective).toBeGreaterThan(window.startMs);
    expect(effective).toBeLessThan(window.endMs);
    expect(effective % 86_400_000).toBe(0); // a midnight
    expect(publish!.body).toMatchObject({ leadProtectionDays: 60, tiers: { silver: { flagshipEngineers: 2 }, gold: { flagshipEngineers: 2 } } });
    // …and the money rules version 1 lacks: the guaranteed minimum margins, the co-op budget.
    expect(publish!.body).toMatchObject({
      minimumMargins: { utm: { minimum: '18', products: { 'UTM-VM': '12' } }, email: '25' },
      coop: { ratesByTier: { none: '0', silver: '1', gold: '2', platinum: '3' }, launchGrant: '2000.00', launchMonths: 6 },
    });

    const reevaluations = of(plan, 'ReevaluateTier');
    expect(reevaluations.length).toBeGreaterThan(0);
    for (const r of reevaluations) expect([r.body.asOf, r.body.occurredAt, r.at]).toEqual([publish!.body.effectiveFrom, publish!.body.effectiveFrom, publish!.body.effectiveFrom]);

    for (const type of ['ExtendLead', 'LoseLead', 'ExpireLead'] as const) expect(of(plan, type).length).toBeGreaterThan(10);
    expect(plan.filter((c) => c.type === 'ExtendLead' || c.type === 'LoseLead' || c.type === 'ExpireLead').every((c) => !c.expectedRefusal && c.expectedEvents === 1)).toBe(true);
    for (const e of of(plan, 'ExpireLead')) expect(e.body.occurredAt).toBe(e.at);

    const cards = of(plan, 'IssueSanction');
    expect(cards.map((c) => c.partnerId)).toEqual(['demo42-p00002', 'demo42-p00003', 'demo42-p00004', 'demo42-p00002', 'demo42-p00003']);
    expect(of(plan, 'LiftSuspension').map((c) => c.partnerId)).toEqual(['demo42-p00003']);
    const suspended = of(plan, 'RegisterLead').filter((c) => c.expectedRefusal === 'PARTNER_SUSPENDED');
    expect(suspended.length).toBeGreaterThan(0);
    expect(suspended.every((c) => c.partnerId === 'demo42-p00002' || c.partnerId === 'demo42-p00003')).toBe(true); // the red-carded ones
    const lifted = Date.parse(of(plan, 'LiftSuspension')[0]!.at);
    expect(suspended.filter((c) => c.partnerId === 'demo42-p00003').every((c) => Date.parse(c.body.occurredAt) < lifted)).toBe(true);
    expect(suspended.some((c) => c.partnerId === 'demo42-p00002' && Date.parse(c.body.occurredAt) >= lifted)).toBe(true);
  });

  it('claims co-op spend, decides the claims, attributes leads to them and reverses a few deals; never sends the reactor\'s accruals', () => {
    const claims = of(plan, 'SubmitCoopClaim');
    const submitted = new Map(claims.filter((c) => !c.expectedRefusal).map((c) => [c.body.claimId, c]));
    expect(submitted.size).toBeGreaterThan(10);
    expect(claims.every((c) => c.expectedRefusal === undefined || c.expectedRefusal === 'COOP_BALANCE_EXCEEDED')).toBe(true);
    for (const c of claims) expect(c.keys).toEqual([`partner:${c.partnerId}`, `coop-claim:${c.body.claimId}`]);
    const decisions = [...of(plan, 'ApproveCoopClaim'), ...of(plan, 'RejectCoopClaim')];
    expect(of(plan, 'ApproveCoopClaim').length).toBeGreaterThan(of(plan, 'RejectCoopClaim').length);
    expect(new Set(decisions.map((d) => d.claimId)).size).toBe(decisions.length); // each decided once
    for (const d of decisions) {
      const claim = submitted.get(d.claimId)!;
      expect(claim.partnerId).toBe(d.partnerId);
      expect(claim.seq).toBeLessThan(d.seq);
      expect(d.expectedRefusal).toBeUndefined();
    }
    const approved = new Map(of(plan, 'ApproveCoopClaim').map((a) => [a.claimId, a]));
    const attributed = of(plan, 'RegisterLead').filter((l) => l.body.coopClaimId);
    expect(attributed.length).toBeGreaterThan(0);
    for (const lead of attributed) {
      const approval = approved.get(lead.body.coopClaimId!)!;
      expect(approval.partnerId).toBe(lead.partnerId); // the partner's own, approved before
      expect(approval.seq).toBeLessThan(lead.seq);
    }
    const won = new Map(of(plan, 'WinDeal').map((w) => [w.leadId, w]));
    const reversals = of(plan, 'ReverseDeal');
    expect(reversals.length).toBeGreaterThan(5);
    for (const r of reversals) {
      expect(won.get(r.leadId)!.seq).toBeLessThan(r.seq);
      expect(r.expectedEvents).toBe(1);
    }
    expect(reversals.some((r) => r.body.amount === undefined)).toBe(true); // all that remains
    expect(reversals.some((r) => r.body.amount !== undefined)).toBe(true);
    expect(plan.map((c) => c.type as string)).not.toContain('AccrueCoop');
  });

  it('predicts what the program records: tiers earned up to platinum, and lost when certifications lapse', () => {
    // Judged by the version in force when each fact occurred: version 1, then the demo's version 2.
    const versions: ProgramRules[] = [defaultProgramRules()];
    const deciderAt = (at: string) => partnerDecider(rulesInForce(versions, at)!);
    const states = new Map<string, PartnerState>();
    const best = new Map<string, number>();
    const wentDown = new Set<string>();
    for (const c of plan) {
      if (c.type === 'PublishProgramRules') versions.push({ ...c.body, version: versions.length + 1, currency: 'EUR' } as ProgramRules);
      if (
        c.type === 'RegisterLead' || c.type === 'WinDeal' || c.type === 'ExtendLead' || c.type === 'LoseLead' || c.type === 'ExpireLead' || c.type === 'PublishProgramRules' ||
        c.type === 'CreateChallenge' || c.type === 'SetTypologyObjective' || c.type === 'SetPartnerObjective' || c.type === 'ReverseDeal' ||
        c.type === 'SubmitCoopClaim' || c.type === 'ApproveCoopClaim' || c.type === 'RejectCoopClaim'
      ) continue;
      const decider = deciderAt(c.body.occurredAt);
      const command = (
        c.type === 'RegisterPartner' ? { type: c.type, ...c.body }
        // An award's challenge judges the award, not the tier: left out here.
        : c.type === 'AwardIncentive' ? { type: c.type, partnerId: c.partnerId, incentiveId: 'i', ...c.body, challengeId: undefined, value: { minor: parseAmount(c.body.value.amount), currency: 'EUR' } }
        : { type: c.type, partnerId: c.partnerId, ...c.body }
      ) as PartnerCommand;
      let state = states.get(c.partnerId) ?? decider.initialState;
      const events = decider.decide(command, state);
      expect([c.seq, events.length]).toEqual([c.seq, c.expectedEvents]);
      expect(events.length).toBeLessThanOrEqual(c.maxEvents);
      for (const event of events) {
        state = decider.evolve(state, event);
        if (event.type !== 'TierChanged') continue;
        const [from, to] = [TIERS.indexOf(event.data.from), TIERS.indexOf(event.data.to)];
        best.set(c.partnerId, Math.max(best.get(c.partnerId) ?? 0, to));
        if (to < from) wentDown.add(c.partnerId);
      }
      states.set(c.partnerId, state);
    }
    const reached = [...best.values()].map((t) => TIERS[t]);
    expect(reached).toEqual(expect.arrayContaining(['silver', 'gold', 'platinum']));
    expect(reached.filter((t) => t === 'platinum').length).toBeLessThan(reached.filter((t) => t === 'gold').length);
    expect(wentDown.size).toBeGreaterThan(0);
    expect(of(plan, 'ExpireCertifications').every((c) => c.expectedEvents > 0)).toBe(true);
  });
});
