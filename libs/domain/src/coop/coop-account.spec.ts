import { PartnerEvent } from '../events';
import { partnerDecider } from '../partner/partner.decider';
import { defaultProgramRules, ProgramRules } from '../program/program-rules';
import { fold } from '../shared/decider';
import { money } from '../shared/money';
import { specFor } from '../testing/given-when-then';
import { availableCoop } from './coop-account';
import { coopClaimIdDecider } from './coop-claim-id.decider';
import { AccrueCoop, ApproveCoopClaim, ClawBackCoop, SubmitCoopClaim } from './coop.commands';

const eur = (minor: number) => money(minor, 'EUR');
const rules: ProgramRules = {
  ...defaultProgramRules('EUR'),
  coop: { ratesByTier: { none: '0', silver: '1', gold: '2.5', platinum: '3' }, launchGrant: '2000.00', launchMonths: 6 },
};
const decider = partnerDecider(rules);
const spec = specFor(decider);
const registeredAt = '2026-01-31T10:00:00Z';

const registered: PartnerEvent = { type: 'PartnerRegistered', data: { partnerId: 'p-1', name: 'Acme', typology: 'var', territory: { country: 'FR' } } };
const granted: PartnerEvent = { type: 'CoopGranted', data: { partnerId: 'p-1', amount: eur(200_000), launchEndsAt: '2026-07-31T10:00:00.000Z', rulesVersion: 1 } };
const accrue = (leadId: string, revenue: number, wonAt: string, tier: AccrueCoop['tier'] = 'silver'): AccrueCoop => ({
  type: 'AccrueCoop', partnerId: 'p-1', leadId, revenue: eur(revenue), tier, wonAt, occurredAt: wonAt,
});
const accrued = (leadId: string, revenue: number, tier: 'silver' | 'gold', rate: string, amount: number): PartnerEvent => ({
  type: 'CoopAccrued', data: { partnerId: 'p-1', leadId, revenue: eur(revenue), tier, rate, amount: eur(amount), rulesVersion: 1 },
});
const claim = (claimId: string, amount: number): SubmitCoopClaim => ({
  type: 'SubmitCoopClaim', partnerId: 'p-1', claimId, activity: 'seminar', amount: eur(amount), description: 'Spring seminar', occurredAt: '2026-09-01T09:00:00Z',
});
const submitted = (claimId: string, amount: number): PartnerEvent => ({
  type: 'CoopClaimSubmitted', data: { partnerId: 'p-1', claimId, activity: 'seminar', amount: eur(amount), description: 'Spring seminar' },
});
const approve = (claimId: string): ApproveCoopClaim => ({ type: 'ApproveCoopClaim', partnerId: 'p-1', claimId, occurredAt: '2026-09-02T09:00:00Z' });
const clawBack = (leadId: string, reversalId: string, totalReversed: number): ClawBackCoop => ({
  type: 'ClawBackCoop', partnerId: 'p-1', leadId, reversalId, totalReversed: eur(totalReversed), occurredAt: '2026-10-01T09:00:00Z',
});
const decide = (command: Parameters<typeof decider.decide>[0], given: PartnerEvent[]) => decider.decide(command, fold(decider, given));

describe('co-op budget', () => {
  it('grants the launch budget with the registration, its launch phase counted in calendar months', () =>
    spec([]).when({ type: 'RegisterPartner', partnerId: 'p-1', name: 'Acme', typology: 'var', territory: { country: 'FR' }, occurredAt: registeredAt }).then([registered, granted]));

  it('grants nothing under rules without a launch phase', () =>
    specFor(partnerDecider(defaultProgramRules('EUR')))([])
      .when({ type: 'RegisterPartner', partnerId: 'p-1', name: 'Acme', typology: 'var', territory: { country: 'FR' }, occurredAt: registeredAt })
      .then([registered]));

  it('accrues nothing from a win during the launch phase, and from the first win after it at the tier rate, rounded down', () => {
    spec([registered, granted]).when(accrue('lead-1', 1_000_000, '2026-07-31T09:59:59Z')).then([]);
    spec([registered, granted]).when(accrue('lead-2', 1_234_567, '2026-07-31T10:00:00Z')).then([accrued('lead-2', 1_234_567, 'silver', '1', 12_345)]);
  });

  it('accrues each win at the rate of the tier it was won at', () => {
    const first = decide(accrue('lead-1', 1_000_000, '2026-08-10T10:00:00Z', 'silver'), [registered, granted]);
    const tierChanged: PartnerEvent = { type: 'TierChanged', data: { partnerId: 'p-1', from: 'silver', to: 'gold', reason: 'certified', rulesVersion: 1 } };
    spec([registered, granted, ...first, tierChanged]).when(accrue('lead-2', 1_000_000, '2026-08-20T10:00:00Z', 'gold')).then([accrued('lead-2', 1_000_000, 'gold', '2.5', 25_000)]);
    expect(first).toEqual([accrued('lead-1', 1_000_000, 'silver', '1', 10_000)]);
  });

  it('accrues a win once, whoever asks again', () =>
    spec([registered, granted, accrued('lead-1', 1_000_000, 'silver', '1', 10_000)]).when(accrue('lead-1', 1_000_000, '2026-08-10T10:00:00Z')).then([]));

  it('accepts a claim exactly equal to the balance, and refuses one cent more', () => {
    const given = [registered, granted, accrued('lead-1', 1_000_000, 'silver', '1', 10_000)];
    spec(given).when(claim('c-1', 210_000)).then([submitted('c-1', 210_000)]);
    spec(given).when(claim('c-1', 210_001)).thenRefused('COOP_BALANCE_EXCEEDED');
  });

  it('holds pending claims from the balance, and frees a rejected one', () => {
    const given = [registered, granted, submitted('c-1', 150_000)];
    spec(given).when(claim('c-2', 50_001)).thenRefused('COOP_BALANCE_EXCEEDED');
    const rejected = decide({ type: 'RejectCoopClaim', partnerId: 'p-1', claimId: 'c-1', reason: 'no invoice', occurredAt: '2026-09-02T09:00:00Z' }, given);
    expect(rejected).toEqual([{ type: 'CoopClaimRejected', data: { partnerId: 'p-1', claimId: 'c-1', activity: 'seminar', amount: eur(150_000), reason: 'no invoice' } }]);
    spec([...given, ...rejected]).when(claim('c-2', 200_000)).then([submitted('c-2', 200_000)]);
  });

  it('refuses a claim id the partner used before, and a decision on a claim not pending or unknown', () => {
    const approved: PartnerEvent = { type: 'CoopClaimApproved', data: { partnerId: 'p-1', claimId: 'c-1', activity: 'seminar', amount: eur(100_000) } };
    spec([registered, granted, submitted('c-1', 100_000)]).when(claim('c-1', 1)).thenRefused('COOP_CLAIM_ID_TAKEN');
    spec([registered, granted, submitted('c-1', 100_000), approved]).when(approve('c-1')).thenRefused('COOP_CLAIM_NOT_PENDING');
    spec([registered, granted]).when(approve('c-9')).thenRefused('COOP_CLAIM_NOT_FOUND');
  });

  it('claws back a reversal in proportion, the clawbacks adding up to the accrual when the deal is reversed whole', () => {
    const given = [registered, granted, accrued('lead-1', 1_000_000, 'silver', '1', 10_001)];
    const first = decide(clawBack('lead-1', 'r-1', 333_333), given);
    expect(first).toEqual([{ type: 'CoopAccrualReversed', data: { partnerId: 'p-1', leadId: 'lead-1', reversalId: 'r-1', amount: eur(3_333) } }]);
    const rest = decide(clawBack('lead-1', 'r-2', 1_000_000), [...given, ...first]);
    expect(rest).toEqual([{ type: 'CoopAccrualReversed', data: { partnerId: 'p-1', leadId: 'lead-1', reversalId: 'r-2', amount: eur(6_668) } }]);
    spec([registered, granted]).when(clawBack('lead-9', 'r-1', 100)).then([]);
  });

  it('refuses to approve a claim once a clawback left less than it, though it was accepted', () => {
    const given = [registered, { ...granted, data: { ...granted.data, amount: eur(0) } }, accrued('lead-1', 1_000_000, 'silver', '1', 10_000), submitted('c-1', 10_000)];
    const clawed = decide(clawBack('lead-1', 'r-1', 500_000), given);
    const account = fold(decider, [...given, ...clawed]);
    expect(account.registered && availableCoop(account.coop)).toBe(-5_000);
    spec([...given, ...clawed]).when(approve('c-1')).thenRefused('COOP_BALANCE_EXCEEDED');
    spec(given).when(approve('c-1')).then([{ type: 'CoopClaimApproved', data: { partnerId: 'p-1', claimId: 'c-1', activity: 'seminar', amount: eur(10_000) } }]);
  });

  it("gives a claim id to the first partner that takes it, once", () => {
    const ids = specFor(coopClaimIdDecider);
    const reserved = { type: 'CoopClaimIdReserved' as const, data: { claimId: 'c-1', partnerId: 'p-1' } };
    ids([]).when({ type: 'ReserveCoopClaimId', claimId: 'c-1', partnerId: 'p-1' }).then([reserved]);
    ids([reserved]).when({ type: 'ReserveCoopClaimId', claimId: 'c-1', partnerId: 'p-1' }).then([]);
    ids([reserved]).when({ type: 'ReserveCoopClaimId', claimId: 'c-1', partnerId: 'p-2' }).thenRefused('COOP_CLAIM_ID_TAKEN');
  });
});
