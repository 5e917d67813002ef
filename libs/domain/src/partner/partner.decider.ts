import { Decider } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { addDays, assertInstant, isBefore } from '../shared/instant';
import { PartnerEvent, TierChanged, Territory } from '../events';
import { personIdentity } from '../personal-data';
import { ProgramRules, Tier, Typology } from '../program/program-rules';
import { HeldCertification, describeTierChange, tierFor } from '../program/tier-policy';
import { PartnerCommand } from './partner.commands';
import { challengeAwardRefusal } from '../challenge/challenge.decider';
import { assertObjective } from '../objective/objective-targets';
import { coopGrantFor, CoopAccount, decideCoop, EMPTY_COOP_ACCOUNT, evolveCoop, isCoopAccountEvent } from '../coop/coop-account';

export interface Certification extends HeldCertification {
  readonly expiresAt?: string;
}

export type PartnerState =
  | { readonly registered: false }
  | {
      readonly registered: true;
      readonly partnerId: string;
      readonly typology: Typology;
      readonly territory: Territory;
      readonly tier: Tier;
      /** Certifications currently held: one per engineer and product line. */
      readonly certifications: readonly Certification[];
      /** The yellow card held, if any: when it was issued (a red card spends it). */
      readonly yellowCard?: { readonly issuedAt: string };
      /** The last red card's suspension: from the offence to its end, or to its lifting. */
      readonly suspension?: { readonly from: string; readonly until: string };
      /** Its co-op budget: grant, accruals, claims. */
      readonly coop: CoopAccount;
    };

/**
 * When the suspension the partner is under at `at` ends, or undefined if it is not
 * suspended then: a red card suspends lead registration from its offence (included) to
 * its suspendedUntil (excluded), or to when the suspension was lifted.
 */
export function suspendedAt(state: PartnerState, at: string): string | undefined {
  if (!state.registered || !state.suspension) return undefined;
  const { from, until } = state.suspension;
  return !isBefore(at, from) && isBefore(at, until) ? until : undefined;
}

const isAfter = (a: string, b: string) => Date.parse(a) > Date.parse(b);
const isDue = (c: Certification, asOf: string) => c.expiresAt !== undefined && !isAfter(c.expiresAt, asOf);
// An engineer's id may be read back sealed or, once erased, as a stand-in: compare who it is.
const sameSeat = (a: HeldCertification, b: HeldCertification) =>
  personIdentity(a.engineerId) === personIdentity(b.engineerId) && a.productLine === b.productLine;

function tierChange(from: Tier, held: readonly HeldCertification[], rules: ProgramRules, partnerId: string, cause: string): TierChanged[] {
  const to = tierFor(held, rules);
  return to === from ? [] : [{ type: 'TierChanged', data: { partnerId, from, to, reason: describeTierChange(from, to, cause), rulesVersion: rules.version } }];
}

/**
 * Expires what has lapsed by `asOf` and records any tier change it causes, so that a later
 * change is never blamed on the wrong fact.
 */
function expireDue(state: Extract<PartnerState, { registered: true }>, asOf: string, rules: ProgramRules) {
  const due = state.certifications.filter((c) => isDue(c, asOf));
  const remaining = state.certifications.filter((c) => !due.includes(c));
  const events: PartnerEvent[] = due.map((c) => ({
    type: 'CertificationExpired' as const,
    data: { partnerId: state.partnerId, engineerId: c.engineerId, productLine: c.productLine, expiredAt: c.expiresAt! },
  }));
  const changes = due.length ? tierChange(state.tier, remaining, rules, state.partnerId, `${due.length} certification(s) expired`) : [];
  return { events: [...events, ...changes], remaining, tier: changes[0]?.data.to ?? state.tier };
}

/** One partner's consistency boundary: registration, certifications and tier, incentives, loyalty cards, co-op budget. */
export function partnerDecider(rules: ProgramRules): Decider<PartnerCommand, PartnerState, PartnerEvent> {
  return {
    initialState: { registered: false },

    decide(command, state) {
      if (command.type === 'RegisterPartner') {
        if (state.registered) {
          throw refuse.conflict('PARTNER_ALREADY_REGISTERED', `partner ${command.partnerId} is already registered`, {
            partnerId: command.partnerId,
          });
        }
        const { partnerId, name, typology, territory } = command;
        // The launch grant is recorded with the registration, under the rules in force then.
        return [{ type: 'PartnerRegistered', data: { partnerId, name, typology, territory } }, ...coopGrantFor(rules, partnerId, assertInstant(command.occurredAt, 'occurredAt'))];
      }
      if (!state.registered) {
        throw refuse.notFound('PARTNER_NOT_FOUND', `partner ${command.partnerId} is not registered`, {
          partnerId: command.partnerId,
        });
      }

      switch (command.type) {
        case 'SubmitCoopClaim':
        case 'ApproveCoopClaim':
        case 'RejectCoopClaim':
        case 'AccrueCoop':
        case 'ClawBackCoop':
          return decideCoop(command, state.coop, rules);
        case 'EarnCertification': {
          assertInstant(command.occurredAt, 'occurredAt');
          if (command.expiresAt !== undefined) assertInstant(command.expiresAt, 'expiresAt');
          if (!rules.productLines.includes(command.productLine)) {
            throw refuse.rule('UNKNOWN_PRODUCT_LINE', `product line "${command.productLine}" is not part of the program (${rules.productLines.join(', ')})`, {
              productLine: command.productLine,
            });
          }
          if (command.expiresAt && !isAfter(command.expiresAt, command.occurredAt)) {
            throw refuse.rule('CERTIFICATION_ALREADY_EXPIRED', 'expiresAt must be after occurredAt');
          }
          const { partnerId, engineerId, engineerName, productLine, expiresAt } = command;
          const earned = { engineerId, productLine, expiresAt };
          const lapsed = expireDue(state, command.occurredAt, rules);
          const held = [...lapsed.remaining.filter((c) => !sameSeat(c, earned)), earned];
          return [
            ...lapsed.events,
            { type: 'CertificationEarned', data: { partnerId, engineerId, ...(engineerName ? { engineerName } : {}), productLine, ...(expiresAt ? { expiresAt } : {}) } },
            ...tierChange(lapsed.tier, held, rules, partnerId, `a certification on ${productLine}`),
          ];
        }
        case 'ExpireCertifications':
          return expireDue(state, assertInstant(command.asOf, 'asOf'), rules).events;
        case 'ReevaluateTier': {
          // The decider's rules are the version in force at asOf: what lapsed by then goes first.
          const lapsed = expireDue(state, assertInstant(command.asOf, 'asOf'), rules);
          return [...lapsed.events, ...tierChange(lapsed.tier, lapsed.remaining, rules, state.partnerId, `re-evaluated under program rules version ${rules.version}`)];
        }
        case 'AwardIncentive': {
          if (command.value.currency !== rules.currency) {
            throw refuse.rule('CURRENCY_NOT_ACCEPTED', `the ledger keeps amounts in ${rules.currency}, not ${command.value.currency}`);
          }
          const { partnerId, incentiveId, recipient, kind, value, reason, challengeId } = command;
          if (challengeId !== undefined) {
            const at = assertInstant(command.occurredAt, 'occurredAt');
            const refusal = challengeAwardRefusal(command.challenge ?? { created: false }, { challengeId, role: recipient.role, typology: state.typology, occurredAt: at });
            if (refusal) throw refusal;
          }
          return [{ type: 'IncentiveAwarded', data: { partnerId, incentiveId, recipient, kind, value, reason, ...(challengeId ? { challengeId } : {}) } }];
        }
        case 'IssueSanction': {
          const at = assertInstant(command.occurredAt, 'occurredAt');
          const { partnerId, reason, leadId } = command;
          const card = { partnerId, reason, ...(leadId ? { leadId } : {}), rulesVersion: rules.version, issuedAt: at };
          // The window is the one of the rules in force at this offence, whichever issued the yellow card.
          const yellow = state.yellowCard;
          const second = yellow !== undefined && !isBefore(at, yellow.issuedAt) && !isBefore(addDays(yellow.issuedAt, rules.loyaltyWindowDays), at);
          return [
            second
              ? { type: 'SanctionIssued', data: { ...card, card: 'red', suspendedUntil: addDays(at, rules.redCardSuspensionDays) } }
              : { type: 'SanctionIssued', data: { ...card, card: 'yellow', activeUntil: addDays(at, rules.loyaltyWindowDays) } },
          ];
        }
        case 'RecordEngagement': {
          assertInstant(command.occurredAt, 'occurredAt');
          const { partnerId, engagementId, kind, name, attendees, satisfaction } = command;
          if (satisfaction !== undefined && !(satisfaction >= 1 && satisfaction <= 5 && Number.isInteger(Math.round(satisfaction * 10)) && Math.abs(satisfaction * 10 - Math.round(satisfaction * 10)) < 1e-9)) {
            throw refuse.rule('INVALID_SATISFACTION', 'satisfaction is a rating from 1 to 5, with one decimal at most');
          }
          return [
            {
              type: 'EngagementRecorded',
              data: { partnerId, engagementId, kind, name, ...(attendees !== undefined ? { attendees } : {}), ...(satisfaction !== undefined ? { satisfaction } : {}) },
            },
          ];
        }
        case 'SetPartnerObjective': {
          const { partnerId, period, targets } = command;
          assertObjective(period, targets, rules.currency);
          return [{ type: 'ObjectiveSet', data: { scope: 'partner', partnerId, period, targets } }];
        }
        case 'LiftSuspension': {
          const at = assertInstant(command.occurredAt, 'occurredAt');
          const suspendedUntil = suspendedAt(state, at);
          if (suspendedUntil === undefined) {
            throw refuse.conflict('PARTNER_NOT_SUSPENDED', `partner ${command.partnerId} is not suspended at ${at}`, { partnerId: command.partnerId });
          }
          return [{ type: 'SuspensionLifted', data: { partnerId: command.partnerId, reason: command.reason, liftedAt: at, suspendedUntil } }];
        }
      }
    },

    evolve(state, event) {
      if (isCoopAccountEvent(event)) return state.registered ? { ...state, coop: evolveCoop(state.coop, event) } : state;
      switch (event.type) {
        case 'PartnerRegistered':
          return {
            registered: true, partnerId: event.data.partnerId, typology: event.data.typology, territory: event.data.territory, tier: 'none', certifications: [], coop: EMPTY_COOP_ACCOUNT,
          };
        case 'CertificationEarned': {
          if (!state.registered) return state;
          const earned: Certification = { engineerId: event.data.engineerId, productLine: event.data.productLine, expiresAt: event.data.expiresAt };
          return { ...state, certifications: [...state.certifications.filter((c) => !sameSeat(c, earned)), earned] };
        }
        case 'CertificationExpired':
          if (!state.registered) return state;
          return { ...state, certifications: state.certifications.filter((c) => !sameSeat(c, event.data)) };
        case 'TierChanged':
          return state.registered ? { ...state, tier: event.data.to } : state;
        case 'SanctionIssued': {
          if (!state.registered) return state;
          const { card, issuedAt, suspendedUntil } = event.data;
          if (card === 'red') return { ...state, yellowCard: undefined, suspension: { from: issuedAt, until: suspendedUntil ?? issuedAt } };
          // A yellow card recorded for an earlier offence leaves the later one held.
          const held = state.yellowCard && isBefore(issuedAt, state.yellowCard.issuedAt) ? state.yellowCard : { issuedAt };
          return { ...state, yellowCard: held };
        }
        case 'SuspensionLifted':
          if (!state.registered || !state.suspension) return state;
          return { ...state, suspension: { ...state.suspension, until: event.data.liftedAt } };
        default:
          return state;
      }
    },
  };
}
