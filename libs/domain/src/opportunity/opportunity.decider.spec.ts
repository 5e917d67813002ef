import { OpportunityEvent } from '../events';
import { DomainError } from '../shared/domain-error';
import { fold } from '../shared/decider';
import { specFor } from '../testing/given-when-then';
import { ClaimOpportunity, opportunityDecider } from './opportunity.decider';

const spec = specFor(opportunityDecider);
const opportunityKey = 'c-42/firewall%20refresh';
const claim = (leadId: string, partnerId: string): ClaimOpportunity => ({ type: 'ClaimOpportunity', opportunityKey, leadId, partnerId });
const claimed = (leadId: string, partnerId: string): OpportunityEvent => ({ type: 'OpportunityClaimed', data: { opportunityKey, leadId, partnerId } });

const released = (leadId: string, partnerId: string): OpportunityEvent => ({ type: 'OpportunityReleased', data: { opportunityKey, leadId, partnerId, reason: 'lead id taken' } });
const release = (leadId: string) => ({ type: 'ReleaseOpportunity' as const, opportunityKey, leadId, reason: 'lead id taken' });

const refusalOf = (given: OpportunityEvent[], command: ClaimOpportunity): DomainError => {
  try {
    opportunityDecider.decide(command, fold(opportunityDecider, given));
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('opportunity decider (first to register wins)', () => {
  it('the first claim holds the customer project', () =>
    spec([]).when(claim('lead-1', 'p-1')).then([claimed('lead-1', 'p-1')]));

  it('another partner claiming later is refused, naming the holder', () => {
    spec([claimed('lead-1', 'p-1')]).when(claim('lead-2', 'p-2')).thenRefused('LEAD_ALREADY_REGISTERED');
    const refusal = refusalOf([claimed('lead-1', 'p-1')], claim('lead-2', 'p-2'));
    expect(refusal).toMatchObject({ kind: 'conflict', details: { holderPartnerId: 'p-1', rule: 'first-to-register-wins' } });
  });

  it('the holder registering a second lead on the same project is refused too', () =>
    spec([claimed('lead-1', 'p-1')]).when(claim('lead-2', 'p-1')).thenRefused('LEAD_ALREADY_REGISTERED'));

  it('the same lead id under another partner is refused', () =>
    expect(refusalOf([claimed('lead-1', 'p-1')], claim('lead-1', 'p-2'))).toMatchObject({ code: 'LEAD_ALREADY_REGISTERED', details: { holderPartnerId: 'p-1' } }));

  it('the same lead and partner claiming again (a retry) records nothing', () =>
    spec([claimed('lead-1', 'p-1')]).when(claim('lead-1', 'p-1')).then([]));

  it('a later claim recorded in the stream never displaces the first holder', () =>
    expect(fold(opportunityDecider, [claimed('lead-1', 'p-1'), claimed('lead-2', 'p-2')])).toEqual({ holder: { leadId: 'lead-1', partnerId: 'p-1' } }));

  describe('release (a claim whose lead could not be registered)', () => {
    it('the holding lead gives the project back', () =>
      spec([claimed('lead-1', 'p-1')]).when(release('lead-1')).then([released('lead-1', 'p-1')]));

    it('another lead cannot release it', () => spec([claimed('lead-1', 'p-1')]).when(release('lead-9')).then([]));

    it('nothing to release on a free project', () => spec([]).when(release('lead-1')).then([]));

    it('once released, the next registration holds the project', () =>
      spec([claimed('lead-1', 'p-1'), released('lead-1', 'p-1')]).when(claim('lead-2', 'p-2')).then([claimed('lead-2', 'p-2')]));
  });
});
