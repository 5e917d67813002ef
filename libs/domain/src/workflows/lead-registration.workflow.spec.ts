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
  data: { leadId: 'lead-1', partnerId, customer: request.customer, project: request.project, opportunityKey: key, estimatedValue: request.estimatedValue },
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
});
