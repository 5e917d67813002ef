import { streams } from '../events';
import { RegisterLead } from '../lead/lead.commands';
import { acceptCurrency, LeadState } from '../lead/lead.decider';
import { isLeadClosed, releaseFor } from './lead-closing.workflow';
import { LeadEvent } from '../events';
import { ClaimOpportunity, ReleaseOpportunity } from '../opportunity/opportunity.decider';
import { PartnerState, suspendedAt } from '../partner/partner.decider';
import { ProgramRules } from '../program/program-rules';
import { DomainError, refuse } from '../shared/domain-error';
import { opportunityKey } from '../shared/opportunity-key';

/** A partner asks to register a lead (the id and the time come in with it). */
export type LeadRegistration = Omit<RegisterLead, 'type' | 'opportunityKey'>;

/** One append the application runs: a command for the decider of one stream. */
export interface RegistrationStep<C> {
  readonly streamId: string;
  readonly command: C;
}

/** The appends of an admitted registration, in order: the claim (if one is still to make), then the lead. */
export interface RegistrationPlan {
  readonly claim?: RegistrationStep<ClaimOpportunity>;
  readonly register: RegistrationStep<RegisterLead>;
}

/**
 * First to register wins, as steps the application runs: the registration first claims the
 * customer project's own stream (the event store lets the first claim in), then opens the
 * lead's stream. Nothing here reads or writes; each step is given what was read and says
 * what to append next.
 *
 * 1. `admit`, before anything is held: the partner must exist, not be suspended by a red
 *    card at the registration's time, and the estimated value be in the ledger's currency,
 *    so that a refused registration holds nothing. Answers the
 *    streams whose turns to take, all at once.
 * 2. `plan`, with the turns held and the lead's stream read: claim, then register. A lead
 *    already recorded made its claim then, so only the registration is run again: it
 *    either answers a retry from what was recorded or refuses the taken id.
 * 3. `onRegisterRefused`: another registration took the lead id between the look and the
 *    claim. The claim this registration just made is given back; anything else stands.
 * 4. `onClaimRefused`: the project is held (409 LEAD_ALREADY_REGISTERED). Given the holder's
 *    lead as its stream records it, the refusal names until when the holder is protected.
 *    A holder lost or expired whose release was cut short (the lead's fact recorded, the
 *    release not) is released now, from that fact, and the registration claims again: the
 *    opportunity stream still decides, in its own order.
 */
export function leadRegistrationWorkflow(rules: ProgramRules) {
  const key = (request: LeadRegistration) => opportunityKey(request.customer.id, request.project);

  return {
    admit(request: LeadRegistration, partner: PartnerState): readonly string[] {
      if (!partner.registered) {
        throw refuse.notFound('PARTNER_NOT_FOUND', `partner ${request.partnerId} is not registered`, { partnerId: request.partnerId });
      }
      const suspendedUntil = suspendedAt(partner, request.occurredAt);
      if (suspendedUntil !== undefined) {
        throw refuse.rule('PARTNER_SUSPENDED', `partner ${request.partnerId} is suspended by a red card until ${suspendedUntil}: it cannot register leads`, {
          partnerId: request.partnerId, suspendedUntil,
        });
      }
      acceptCurrency(rules, request.estimatedValue, 'estimatedValue');
      if (request.coopClaimId !== undefined && !partner.coop.claims.has(request.coopClaimId)) {
        throw refuse.rule('COOP_CLAIM_NOT_FOUND', `partner ${request.partnerId} has no co-op claim ${request.coopClaimId} to attribute the lead to`, {
          partnerId: request.partnerId, coopClaimId: request.coopClaimId,
        });
      }
      return [streams.opportunity(key(request)), streams.lead(request.leadId)];
    },

    plan(request: LeadRegistration, lead: LeadState): RegistrationPlan {
      const { leadId, partnerId, customer, project, estimatedValue, occurredAt, coopClaimId } = request;
      const opportunity = key(request);
      const register: RegistrationStep<RegisterLead> = {
        streamId: streams.lead(leadId),
        command: { type: 'RegisterLead', leadId, partnerId, customer, project, opportunityKey: opportunity, estimatedValue, occurredAt, ...(coopClaimId ? { coopClaimId } : {}) },
      };
      if (lead.status !== 'unregistered') return { register };
      const claim: RegistrationStep<ClaimOpportunity> = {
        streamId: streams.opportunity(opportunity),
        command: { type: 'ClaimOpportunity', opportunityKey: opportunity, leadId, partnerId },
      };
      return { claim, register };
    },

    /** `claimed`: the claim step recorded a new claim (not nothing, not a retry's). */
    onRegisterRefused(request: LeadRegistration, refusal: unknown, claimed: boolean): RegistrationStep<ReleaseOpportunity> | undefined {
      if (!claimed || !(refusal instanceof DomainError) || refusal.code !== 'LEAD_ID_TAKEN') return undefined;
      const { leadId } = request;
      const opportunity = key(request);
      return {
        streamId: streams.opportunity(opportunity),
        command: { type: 'ReleaseOpportunity', opportunityKey: opportunity, leadId, reason: `lead id ${leadId} was taken by another registration` },
      };
    },

    /** The claim was refused; `holder`: the holding lead's state, and its closing fact if it has one. */
    onClaimRefused(refusal: unknown, holder: { state: LeadState; closed?: LeadEvent }): { release: RegistrationStep<ReleaseOpportunity> } | { refusal: unknown } {
      if (!(refusal instanceof DomainError) || refusal.code !== 'LEAD_ALREADY_REGISTERED' || holder.state.status === 'unregistered') return { refusal };
      if (holder.closed && isLeadClosed(holder.closed) && (holder.state.status === 'lost' || holder.state.status === 'expired')) {
        return { release: releaseFor(holder.closed) };
      }
      const { protectedUntil } = holder.state;
      return {
        refusal: refuse.conflict(`LEAD_ALREADY_REGISTERED`, `${refusal.message}; protected until ${protectedUntil}`, { ...refusal.details, protectedUntil }),
      };
    },
  };
}

export type LeadRegistrationWorkflow = ReturnType<typeof leadRegistrationWorkflow>;
