import { LeadEvent, OpportunityEvent, PartnerEvent } from '../events';
import { leadDecider } from '../lead/lead.decider';
import { opportunityDecider } from '../opportunity/opportunity.decider';
import { partnerDecider } from '../partner/partner.decider';
import { defaultProgramRules } from '../program/program-rules';
import { fold } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { money } from '../shared/money';
import { stepSpecFor } from '../testing/given-when-then';
import { LeadRegistration, leadRegistrationWorkflow } from './lead-registration.workflow';
import { isLeadClosed, releaseFor } from './lead-closing.workflow';

const rules = defaultProgramRules('EUR');
const registration = leadRegistrationWorkflow(rules);
const leads = leadDecider(rules);

const request: LeadRegistration = {
  leadId: 'lead-1', partnerId: 'p-1', customer: { id: ' C-42', name: 'Globex' }, project: 'Firewall Refresh',
  estimatedValue: money(5_000_000, 'EUR'), occurredAt: '2026-03-10T09:00:00Z',
};
const key = 'c-42/firewall%20refresh';
const partnerRegistered: PartnerEvent = {
  type: 'PartnerRegistered', data: { partnerId: 'p-1', name: 'Acme', typology: 'integrator', territory: { country: 'FR' } },
};
const leadRegistered = (partnerId: string): LeadEvent => ({
  type: 'LeadRegistered',
  data: {
    leadId: 'lead-1', partnerId, customer: request.customer, project: request.project, opportunityKey: key, estimatedValue: request.estimatedValue,
    protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 1,
  },
});
const claim = { streamId: `opportunity-${key}`, command: { type: 'ClaimOpportunity', opportunityKey: key, leadId: 'lead-1', partnerId: 'p-1' } } as const;
const register = {
  streamId: 'lead-lead-1',
  command: { type: 'RegisterLead', ...request, opportunityKey: key },
} as const;
const release = {
  streamId: `opportunity-${key}`,
  command: { type: 'ReleaseOpportunity', opportunityKey: key, leadId: 'lead-1', reason: 'lead id lead-1 was taken by another registration' },
} as const;
const leadIdTaken = refuse.conflict('LEAD_ID_TAKEN', 'lead lead-1 already exists', { leadId: 'lead-1' });

/** Given the partner's events, when a registration: the streams it holds, or its refusal. */
const admit = stepSpecFor((r: LeadRegistration, partner: PartnerEvent[]) => registration.admit(r, fold(partnerDecider(rules), partner)));
/** Given the lead's events (read with the turns held), when a registration: its appends. */
const plan = stepSpecFor((r: LeadRegistration, lead: LeadEvent[]) => registration.plan(r, fold(leads, lead)));
/** Given whether the claim step recorded a new claim, when the lead append is refused: what to undo. */
const registerRefused = stepSpecFor((refusal: unknown, claimed: boolean) => registration.onRegisterRefused(request, refusal, claimed));

describe('lead registration workflow (first to register wins)', () => {
  describe('admit: before anything is held', () => {
    it('a registered partner in the ledger\'s currency takes the project\'s and the lead\'s turns', () =>
      admit([partnerRegistered]).when(request).then([`opportunity-${key}`, 'lead-lead-1']));

    it('refuses a partner never registered', () => admit([]).when(request).thenRefused('PARTNER_NOT_FOUND'));

    it("attributes a lead only to a co-op claim of the partner's own", () => {
      const claimed: PartnerEvent = {
        type: 'CoopClaimSubmitted', data: { partnerId: 'p-1', claimId: 'claim-1', activity: 'open-day', amount: money(10_000, 'EUR'), description: 'Open day' },
      };
      admit([partnerRegistered, claimed]).when({ ...request, coopClaimId: 'claim-1' }).then([`opportunity-${key}`, 'lead-lead-1']);
      admit([partnerRegistered, claimed]).when({ ...request, coopClaimId: 'claim-2' }).thenRefused('COOP_CLAIM_NOT_FOUND');
      admit([partnerRegistered]).when({ ...request, coopClaimId: 'claim-1' }).thenRefused('COOP_CLAIM_NOT_FOUND');
    });

    it('refuses an estimated value in another currency, naming the field', () => {
      admit([partnerRegistered]).when({ ...request, estimatedValue: money(100, 'USD') }).thenRefused('CURRENCY_NOT_ACCEPTED');
      expect(() => registration.admit({ ...request, estimatedValue: money(100, 'USD') }, fold(partnerDecider(rules), [partnerRegistered]))).toThrow(
        'estimatedValue: the ledger keeps amounts in EUR, not USD',
      );
    });

    it('an unknown partner is refused as such, whatever the currency', () =>
      admit([]).when({ ...request, estimatedValue: money(100, 'USD') }).thenRefused('PARTNER_NOT_FOUND'));

    describe('a red-carded partner', () => {
      // Red card on 2026-03-01: suspended until 2026-08-28 (180 days).
      const redCard: PartnerEvent = {
        type: 'SanctionIssued',
        data: { partnerId: 'p-1', card: 'red', reason: 'second offence', rulesVersion: 1, issuedAt: '2026-03-01T00:00:00Z', suspendedUntil: '2026-08-28T00:00:00.000Z' },
      };
      const lifted: PartnerEvent = {
        type: 'SuspensionLifted', data: { partnerId: 'p-1', reason: 'appeal', liftedAt: '2026-04-01T00:00:00Z', suspendedUntil: '2026-08-28T00:00:00.000Z' },
      };
      const at = (occurredAt: string) => ({ ...request, occurredAt });

      it('cannot register a lead while suspended, and is told until when', () => {
        admit([partnerRegistered, redCard]).when(request).thenRefused('PARTNER_SUSPENDED');
        expect(() => registration.admit(request, fold(partnerDecider(rules), [partnerRegistered, redCard]))).toThrow(
          expect.objectContaining({ kind: 'rule', details: { partnerId: 'p-1', suspendedUntil: '2026-08-28T00:00:00.000Z' } }),
        );
      });

      it('registers again at and after suspendedUntil, and before the red card', () => {
        admit([partnerRegistered, redCard]).when(at('2026-08-28T00:00:00Z')).then([`opportunity-${key}`, 'lead-lead-1']);
        admit([partnerRegistered, redCard]).when(at('2026-12-01T00:00:00Z')).then([`opportunity-${key}`, 'lead-lead-1']);
        admit([partnerRegistered, redCard]).when(at('2026-02-28T23:59:59Z')).then([`opportunity-${key}`, 'lead-lead-1']);
      });

      it('registers again once the suspension is lifted', () => {
        admit([partnerRegistered, redCard, lifted]).when(at('2026-04-01T00:00:00Z')).then([`opportunity-${key}`, 'lead-lead-1']);
        admit([partnerRegistered, redCard, lifted]).when(at('2026-03-15T00:00:00Z')).thenRefused('PARTNER_SUSPENDED');
      });
    });
  });

  describe('plan: with the turns held', () => {
    it('a new lead claims the customer project, then registers', () => plan([]).when(request).then({ claim, register }));

    it('a lead already recorded (a retry, or a taken id) claims nothing and only registers again', () => {
      plan([leadRegistered('p-1')]).when(request).then({ register });
      plan([leadRegistered('p-2')]).when(request).then({ register });
    });
  });

  describe('onRegisterRefused: the lead id was taken after the look', () => {
    it('gives back the claim it just made', () => registerRefused(true).when(leadIdTaken).then(release));

    it('gives nothing back when it made no new claim (none, or a retry\'s)', () => registerRefused(false).when(leadIdTaken).then(undefined));

    it('any other failure leaves the claim as it is', () => {
      registerRefused(true).when(refuse.rule('SOMETHING_ELSE', 'no')).then(undefined);
      registerRefused(true).when(new Error('store down')).then(undefined);
    });
  });

  it('run end to end on the deciders: a registration refused for its taken id leaves the project free', () => {
    const opportunity: OpportunityEvent[] = [];
    const steps = registration.plan(request, fold(leads, []));
    opportunity.push(...opportunityDecider.decide(steps.claim!.command, fold(opportunityDecider, opportunity)));
    // Meanwhile another registration recorded the same lead id.
    let refusal: unknown;
    try {
      leads.decide(steps.register.command, fold(leads, [leadRegistered('p-2')]));
    } catch (error) {
      refusal = error;
    }
    const undo = registration.onRegisterRefused(request, refusal, true);
    opportunity.push(...opportunityDecider.decide(undo!.command, fold(opportunityDecider, opportunity)));
    expect(fold(opportunityDecider, opportunity)).toEqual({});
  });

  describe('a customer project freed by its holder\'s loss or expiry', () => {
    const second: LeadRegistration = { ...request, leadId: 'lead-2', partnerId: 'p-2', occurredAt: '2026-07-01T09:00:00Z' };
    const expired: LeadEvent = { type: 'LeadExpired', data: { leadId: 'lead-1', partnerId: 'p-1', opportunityKey: key, protectedUntil: '2026-06-08T09:00:00.000Z' } };
    const lost: LeadEvent = { type: 'LeadLost', data: { leadId: 'lead-1', partnerId: 'p-1', opportunityKey: key, reason: 'no budget' } };
    const claimed: OpportunityEvent = { type: 'OpportunityClaimed', data: { opportunityKey: key, leadId: 'lead-1', partnerId: 'p-1' } };
    const claimOf = (r: LeadRegistration) => registration.plan(r, fold(leads, [])).claim!.command;
    /** The opportunity stream's appends for these commands, in the order the stream takes them. */
    const run = (given: OpportunityEvent[], ...commands: Parameters<typeof opportunityDecider.decide>[0][]) => {
      const recorded = [...given];
      const outcomes = commands.map((command) => {
        try {
          const events = opportunityDecider.decide(command, fold(opportunityDecider, recorded));
          recorded.push(...events);
          return events.map((e) => e.type).join(',') || 'nothing';
        } catch (error) {
          return (error as { code: string }).code;
        }
      });
      return { outcomes, holder: fold(opportunityDecider, recorded).holder };
    };

    it.each([['expiry', expired], ['loss', lost]])('after its holder\'s %s, the next partner to register holds it', (_why, closing) => {
      if (!isLeadClosed(closing)) throw new Error('a closing fact');
      const release = releaseFor(closing);
      expect(release).toMatchObject({ streamId: `opportunity-${key}`, command: { type: 'ReleaseOpportunity', opportunityKey: key, leadId: 'lead-1' } });
      expect(run([claimed], release.command, claimOf(second))).toEqual({ outcomes: ['OpportunityReleased', 'OpportunityClaimed'], holder: { leadId: 'lead-2', partnerId: 'p-2' } });
    });

    it('a registration racing an expiry is decided by the opportunity stream: a claim before the release is refused, one after it holds', () => {
      if (!isLeadClosed(expired)) throw new Error('a closing fact');
      const release = releaseFor(expired).command;
      expect(run([claimed], claimOf(second), release)).toEqual({ outcomes: ['LEAD_ALREADY_REGISTERED', 'OpportunityReleased'], holder: undefined });
      expect(run([claimed], release, claimOf(second))).toEqual({ outcomes: ['OpportunityReleased', 'OpportunityClaimed'], holder: { leadId: 'lead-2', partnerId: 'p-2' } });
    });

    it('a release replayed after the project was claimed again frees nothing', () => {
      if (!isLeadClosed(lost)) throw new Error('a closing fact');
      const release = releaseFor(lost).command;
      expect(run([claimed], release, claimOf(second), release)).toEqual({
        outcomes: ['OpportunityReleased', 'OpportunityClaimed', 'nothing'], holder: { leadId: 'lead-2', partnerId: 'p-2' },
      });
    });

    describe('onClaimRefused', () => {
      const held = refuse.conflict('LEAD_ALREADY_REGISTERED', 'held by p-1', { holderPartnerId: 'p-1', rule: 'first-to-register-wins' });
      const claimRefused = stepSpecFor((refusal: unknown, holder: LeadEvent[]) =>
        registration.onClaimRefused(refusal, { state: fold(leads, holder), closed: holder.find(isLeadClosed) }));

      it('names until when the holder is protected', () => {
        const answer = registration.onClaimRefused(held, { state: fold(leads, [leadRegistered('p-1')]) });
        expect(answer).toEqual({ refusal: expect.objectContaining({ code: 'LEAD_ALREADY_REGISTERED', details: { holderPartnerId: 'p-1', rule: 'first-to-register-wins', protectedUntil: '2026-06-08T09:00:00.000Z' } }) });
      });

      it('a holder expired or lost whose release was cut short is released now, from its fact', () => {
        claimRefused([leadRegistered('p-1'), expired]).when(held).then({ release: releaseFor(expired as never) });
        claimRefused([leadRegistered('p-1'), lost]).when(held).then({ release: releaseFor(lost as never) });
      });

      it('any other refusal stands', () => {
        const other = new Error('store down');
        claimRefused([leadRegistered('p-1')]).when(other).then({ refusal: other });
      });
    });
  });
});
