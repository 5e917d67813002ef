import { formatAmount, Money, ObjectiveTargets, Typology } from '@ledger/domain';
import { HistoryOptions, historyWindow, HistoryWindow, SimulatedFact, simulateHistory, validateHistoryOptions } from '@ledger/simulator';
import type {
  AwardIncentiveBody, EarnCertificationBody, ExpireCertificationsBody, RegisterLeadBody, RegisterPartnerBody, WinDealBody,
} from '../../contracts/commands.schemas';
import type { ExtendLeadBody, LoseLeadBody } from '../../leads';
import type { PublishProgramRulesBody } from '../../program';
import type { IssueSanctionBody, LiftSuspensionBody } from '../../sanctions';
import type { RecordEngagementBody } from '../../engagements';
import type { ObjectiveBody } from '../../objectives';
import type { CreateChallengeBody } from '../../challenges';
import type { ApproveCoopClaimBody, RejectCoopClaimBody, SubmitCoopClaimBody } from '../../coop';
import type { ReverseDealBody } from '../../leads';

/**
 * The demo plan: the simulator's partner history (@ledger/simulator), as the commands a
 * client sends the ledger. Pure (no Nest, no clock, no I/O): the runner executes them
 * through the command bus; tests read the plan directly. Each command carries what the
 * simulator, deciding it with the domain's own deciders, expects the ledger to answer.
 */

/** The simulator's options a demo takes: its ids are `demo<seed>-…`, its target counts the events the ledger answers with. */
export type DemoPlanOptions = Pick<HistoryOptions, 'seed' | 'partners' | 'events' | 'months' | 'until' | 'rules'>;

/**
 * The demo's history has the program's life in it (the simulator's `lifecycle`): version 2 of
 * the rules, tiers re-evaluated when it takes effect, leads extended, lost and expired,
 * loyalty cards. `rules` is version 1, the version in force when the window opens.
 */
const LIFECYCLE = true;

/**
 * The co-op accruals and clawbacks are the ledger's reactor's to record, after the demo's wins
 * and reversals, whenever it gets to them: the plan never sends them, and its claims count
 * only on what the partner's stream holds whatever the reactor recorded (the simulator's
 * `eventual` accruals), so that each claim is decided as planned.
 */
const ACCRUALS = 'eventual';

interface Planned {
  /** Position in the plan, from 0. */
  seq: number;
  /** Derived from the plan's parameters and `seq`: a re-run records nothing twice. */
  idempotencyKey: string;
  /** When the source sends it, in the demo's time (occurredAt may be earlier: a late event). */
  at: string;
  /** The command runs after every earlier command sharing one of these keys (same partner, same customer project). */
  keys: string[];
  /** The events the ledger answers with, as the simulator decided them. */
  expectedEvents: number;
  /** An upper bound of the events it can record, for the runner to stop exactly at the target. */
  maxEvents: number;
  /**
   * Set on deliberate refusals, the one the program must answer with: LEAD_ALREADY_REGISTERED
   * (another partner's project), PARTNER_SUSPENDED (a red-carded partner registering),
   * COOP_BALANCE_EXCEEDED (a co-op claim above what the partner will ever have).
   */
  expectedRefusal?: string;
  /** occurredAt falls in an earlier month than `at`. */
  late: boolean;
}

export type DemoCommand = Planned &
  (
    | { type: 'RegisterPartner'; partnerId: string; body: RegisterPartnerBody & { partnerId: string; occurredAt: string } }
    | { type: 'RegisterLead'; partnerId: string; body: RegisterLeadBody & { leadId: string; occurredAt: string } }
    | { type: 'WinDeal'; partnerId: string; leadId: string; body: WinDealBody & { occurredAt: string } }
    | { type: 'EarnCertification'; partnerId: string; body: EarnCertificationBody & { occurredAt: string } }
    | { type: 'ExpireCertifications'; partnerId: string; body: ExpireCertificationsBody & { asOf: string; occurredAt: string } }
    | { type: 'AwardIncentive'; partnerId: string; body: AwardIncentiveBody & { occurredAt: string } }
    | { type: 'PublishProgramRules'; partnerId: string; body: PublishProgramRulesBody }
    | { type: 'ReevaluateTier'; partnerId: string; body: { asOf: string; occurredAt: string } }
    | { type: 'ExtendLead'; partnerId: string; leadId: string; body: ExtendLeadBody & { occurredAt: string } }
    | { type: 'LoseLead'; partnerId: string; leadId: string; body: LoseLeadBody & { occurredAt: string } }
    | { type: 'ExpireLead'; partnerId: string; leadId: string; body: { occurredAt: string } }
    | { type: 'IssueSanction'; partnerId: string; body: IssueSanctionBody & { occurredAt: string } }
    | { type: 'LiftSuspension'; partnerId: string; body: LiftSuspensionBody & { occurredAt: string } }
    | { type: 'RecordEngagement'; partnerId: string; body: RecordEngagementBody & { occurredAt: string } }
    | { type: 'SetTypologyObjective'; partnerId: string; typology: Typology; period: string; body: ObjectiveBody & { occurredAt: string } }
    | { type: 'SetPartnerObjective'; partnerId: string; period: string; body: ObjectiveBody & { occurredAt: string } }
    | { type: 'CreateChallenge'; partnerId: string; body: CreateChallengeBody & { challengeId: string; occurredAt: string } }
    | { type: 'SubmitCoopClaim'; partnerId: string; body: SubmitCoopClaimBody & { claimId: string; occurredAt: string } }
    | { type: 'ApproveCoopClaim'; partnerId: string; claimId: string; body: ApproveCoopClaimBody & { occurredAt: string } }
    | { type: 'RejectCoopClaim'; partnerId: string; claimId: string; body: RejectCoopClaimBody & { occurredAt: string } }
    | { type: 'ReverseDeal'; partnerId: string; leadId: string; body: ReverseDealBody & { reversalId: string; occurredAt: string } }
  );

export type DemoCommandType = DemoCommand['type'];
export type DemoWindow = HistoryWindow;

/** The demo's time window: `months` months ending at `until`, or at a date the seed picks. */
export const demoWindow = (options: Pick<DemoPlanOptions, 'seed' | 'months' | 'until'>): DemoWindow => historyWindow(options);

/** Names one plan: every idempotency key starts with it. Another size or window is another plan. */
export function demoPlanId(options: DemoPlanOptions): string {
  const { end } = demoWindow(options);
  return `demo:${options.seed}:${options.partners}p:${options.events}e:${options.months}m:${end.replace(/[-:]/g, '')}`;
}

export const validateDemoOptions = (options: DemoPlanOptions): void => validateHistoryOptions(options);

/** The plan itself: an endless iterable; the runner stops pulling at its event target. */
export function demoPlan(options: DemoPlanOptions): Iterable<DemoCommand> {
  validateDemoOptions(options);
  const planId = demoPlanId(options);
  const history = simulateHistory({ ...options, idPrefix: `demo${options.seed}`, lifecycle: LIFECYCLE, accruals: ACCRUALS });
  return {
    *[Symbol.iterator]() {
      let seq = 0;
      for (const fact of history) {
        if (fact.byLedger) continue; // the reactor's accruals and clawbacks: the ledger records them itself
        yield toDemoCommand(fact, planId, seq++);
      }
    },
  };
}

/** A simulated fact as the command a client sends (the `seq`th of the plan): the API's body, amounts as decimal strings. */
export function toDemoCommand(fact: SimulatedFact, planId: string, seq = fact.seq): DemoCommand {
  const planned: Planned = {
    seq,
    idempotencyKey: `${planId}:${seq}`,
    at: fact.at,
    keys: fact.keys,
    expectedEvents: fact.expectedEvents,
    maxEvents: fact.maxEvents,
    late: fact.late,
    ...(fact.refusal !== undefined ? { expectedRefusal: fact.refusal } : {}),
  };
  const { command, partnerId } = fact;
  switch (command.type) {
    case 'RegisterPartner': {
      const { type, ...body } = command;
      return { ...planned, type, partnerId, body };
    }
    case 'RegisterLead': {
      const { leadId, customer, project, estimatedValue, coopClaimId, occurredAt } = command;
      const body = { leadId, customer, project, estimatedValue: money(estimatedValue), ...(coopClaimId !== undefined ? { coopClaimId } : {}), occurredAt };
      return { ...planned, type: 'RegisterLead', partnerId, body };
    }
    case 'WinDeal': {
      const { leadId, amount, lines, occurredAt } = command;
      const body = {
        amount: formatAmount(amount.minor),
        currency: amount.currency,
        lines: lines.map((l) => ({ productLine: l.productLine, product: l.product, revenue: formatAmount(l.revenue.minor), margin: formatAmount(l.margin.minor) })),
        occurredAt,
      };
      return { ...planned, type: 'WinDeal', partnerId, leadId, body };
    }
    case 'EarnCertification': {
      const { engineerId, engineerName, productLine, occurredAt, expiresAt } = command;
      const body = { engineerId, engineerName, productLine, occurredAt, ...(expiresAt !== undefined ? { expiresAt } : {}) };
      return { ...planned, type: 'EarnCertification', partnerId, body };
    }
    case 'ExpireCertifications':
      return { ...planned, type: 'ExpireCertifications', partnerId, body: { asOf: command.asOf, occurredAt: command.occurredAt } };
    case 'ReevaluateTier':
      // What POST /tiers/reevaluate decides for this partner once version 2 takes effect.
      return { ...planned, type: 'ReevaluateTier', partnerId, body: { asOf: command.asOf, occurredAt: command.occurredAt } };
    case 'PublishProgramRules': {
      // PUT /program: the version's number is the program stream's to decide.
      const { minimumMargins, ...rules } = command.rules;
      return { ...planned, type: 'PublishProgramRules', partnerId, body: { ...rules, coop: { ...rules.coop }, minimumMargins: { ...minimumMargins } } as PublishProgramRulesBody };
    }
    case 'ExtendLeadProtection':
      return { ...planned, type: 'ExtendLead', partnerId, leadId: command.leadId, body: { reason: command.reason, occurredAt: command.occurredAt } };
    case 'LoseLead':
      return { ...planned, type: 'LoseLead', partnerId, leadId: command.leadId, body: { reason: command.reason, occurredAt: command.occurredAt } };
    case 'ExpireLead':
      // What POST /leads/expire-due decides for this lead at asOf.
      return { ...planned, type: 'ExpireLead', partnerId, leadId: command.leadId, body: { occurredAt: command.asOf } };
    case 'IssueSanction': {
      const { reason, leadId, occurredAt } = command;
      return { ...planned, type: 'IssueSanction', partnerId, body: { reason, ...(leadId !== undefined ? { leadId } : {}), occurredAt } };
    }
    case 'LiftSuspension':
      return { ...planned, type: 'LiftSuspension', partnerId, body: { reason: command.reason, occurredAt: command.occurredAt } };
    case 'AwardIncentive': {
      // The ledger names the incentive (from the idempotency key), as it does for any client that leaves the id out.
      const { recipient, kind, value, reason, challengeId, occurredAt } = command;
      const body = { recipient, kind, value: money(value), reason, ...(challengeId !== undefined ? { challengeId } : {}), occurredAt };
      return { ...planned, type: 'AwardIncentive', partnerId, body };
    }
    case 'RecordEngagement': {
      const { engagementId, kind, name, attendees, satisfaction, occurredAt } = command;
      return { ...planned, type: 'RecordEngagement', partnerId, body: { engagementId, kind, name, attendees, satisfaction, occurredAt } };
    }
    case 'SetTypologyObjective':
      // PUT /objectives/typologies/:typology/:period
      return { ...planned, type: 'SetTypologyObjective', partnerId, typology: command.typology, period: command.period, body: { ...objectiveBody(command.targets), occurredAt: command.occurredAt } };
    case 'SetPartnerObjective':
      // PUT /objectives/partners/:partnerId/:period
      return { ...planned, type: 'SetPartnerObjective', partnerId, period: command.period, body: { ...objectiveBody(command.targets), occurredAt: command.occurredAt } };
    case 'CreateChallenge': {
      // POST /challenges decides at receipt; the demo records it when its quarter opens, as a Kafka ChallengeCreated would.
      const { challengeId, name, from, to, metric, eligibleRoles, typologies, occurredAt } = command;
      const body = { challengeId, name, from, to, metric, eligibleRoles: [...eligibleRoles], ...(typologies ? { typologies: [...typologies] } : {}), occurredAt };
      return { ...planned, type: 'CreateChallenge', partnerId, body };
    }
    case 'SubmitCoopClaim': {
      // POST /partners/:partnerId/coop/claims
      const { claimId, activity, amount, description, occurredAt } = command;
      return { ...planned, type: 'SubmitCoopClaim', partnerId, body: { claimId, activity, amount: money(amount), description, occurredAt } };
    }
    case 'ApproveCoopClaim':
      // POST /coop/claims/:claimId/approve
      return { ...planned, type: 'ApproveCoopClaim', partnerId, claimId: command.claimId, body: { occurredAt: command.occurredAt } };
    case 'RejectCoopClaim':
      // POST /coop/claims/:claimId/reject
      return { ...planned, type: 'RejectCoopClaim', partnerId, claimId: command.claimId, body: { reason: command.reason, occurredAt: command.occurredAt } };
    case 'ReverseDeal': {
      // POST /leads/:leadId/reversal: no amount is all that remains of the deal.
      const { leadId, reversalId, amount, reason, occurredAt } = command;
      return { ...planned, type: 'ReverseDeal', partnerId, leadId, body: { reversalId, ...(amount !== undefined ? { amount: formatAmount(amount.minor) } : {}), reason, occurredAt } };
    }
    case 'AccrueCoop':
    case 'ClawBackCoop':
      // The co-op reactor's, after a win or a reversal: the ledger records them, no client sends them.
      throw new Error(`${command.type} is the ledger's own: the demo never sends it`);
  }
}

const money = (value: Money) => ({ amount: formatAmount(value.minor), currency: value.currency });

/** Targets as PUT /objectives/… takes them: revenue as a decimal string in the ledger's currency. */
const objectiveBody = ({ revenueWon, ...counts }: ObjectiveTargets): ObjectiveBody => ({ ...counts, ...(revenueWon ? { revenueWon: formatAmount(revenueWon.minor) } : {}) });
