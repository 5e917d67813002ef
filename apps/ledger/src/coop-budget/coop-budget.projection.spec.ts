import { CoopActivity } from '@ledger/domain';
import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { CoopAccountDocument, CoopClaimDocument } from './coop-budget';
import { coopBudgetProjection } from './coop-budget.projection';
import { returnOnSpend } from './coop-returns';
import { coopAccountView } from './coop-budget.view';

const spec = projectionSpecFor(coopBudgetProjection);
const eur = (minor: number) => ({ minor, currency: 'EUR' });
const at = (day: number, month = 3) => `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00.000Z`;

const registered: GivenEvent = { type: 'PartnerRegistered', occurredAt: at(1, 1), data: { partnerId: 'p', name: 'P', typology: 'var', territory: { country: 'FR' } } };
const accrued = (minor: number, leadId = 'l-old'): GivenEvent => ({
  type: 'CoopAccrued', occurredAt: at(2), data: { partnerId: 'p', leadId, revenue: eur(minor * 20), tier: 'none', rate: '5', amount: eur(minor), rulesVersion: 2 },
});
const submitted = (claimId: string, activity: CoopActivity, minor: number, day = 3): GivenEvent => ({
  type: 'CoopClaimSubmitted', occurredAt: at(day), data: { partnerId: 'p', claimId, activity, amount: eur(minor), description: `${activity} in Lyon` },
});
const approved = (claimId: string, activity: CoopActivity, minor: number): GivenEvent => ({
  type: 'CoopClaimApproved', occurredAt: at(4), data: { partnerId: 'p', claimId, activity, amount: eur(minor) },
});
const leadNaming = (leadId: string, coopClaimId?: string): GivenEvent => ({
  type: 'LeadRegistered', occurredAt: at(5),
  data: { leadId, partnerId: 'p', customer: { id: 'c', name: 'C' }, project: leadId, opportunityKey: leadId, estimatedValue: eur(1), ...(coopClaimId ? { coopClaimId } : {}) },
});
const won = (leadId: string, minor: number, coopClaimId?: string): GivenEvent => ({
  type: 'DealWon', occurredAt: at(10), data: { leadId, partnerId: 'p', amount: eur(minor), lines: [], ...(coopClaimId ? { coopClaimId } : {}) },
});
const reversed = (leadId: string, minor: number, totalReversed: number, wonAmount: number): GivenEvent => ({
  type: 'DealReversed', occurredAt: at(2, 4),
  data: { leadId, partnerId: 'p', reversalId: `r-${totalReversed}`, amount: eur(minor), reason: 'refund', lines: [], totalReversed: eur(totalReversed), wonAmount: eur(wonAmount) },
});

const claim = (claimId: string, activity: CoopActivity, amount: number, changes: Partial<CoopClaimDocument> = {}): CoopClaimDocument => ({
  claimId, partnerId: 'p', typology: 'var', tier: 'none', activity, amount, description: `${activity} in Lyon`, status: 'pending',
  submittedAt: at(3), month: '2026-03', leadsAttributed: 0, dealsWon: 0, revenueWon: 0, ...changes,
});
const account = (changes: Partial<CoopAccountDocument>): CoopAccountDocument => ({
  partnerId: 'p', typology: 'var', tier: 'none', granted: 0, accrued: 0, clawedBack: 0, pending: 0, approved: 0, rejected: 0, claims: [], ...changes,
});
const activityOf = (doc: CoopAccountDocument, activity: CoopActivity) => coopAccountView(doc, 'EUR').activities.find((row) => row.activity === activity);

describe('coop-budget projection', () => {
  it('counts a pending claim\'s attributed lead and deal, with no spend: its return is null', () => {
    const seminar = claim('c-1', 'seminar', 300_00, { leadsAttributed: 1, dealsWon: 1, revenueWon: 5_000_00 });
    const expected = account({ accrued: 1_000_00, pending: 300_00, claims: [seminar] });
    spec
      .given([registered, accrued(1_000_00), submitted('c-1', 'seminar', 300_00), leadNaming('l-1', 'c-1'), leadNaming('l-2'), won('l-1', 5_000_00, 'c-1'), won('l-2', 7_000_00)])
      .then({
        coop_accounts: { p: expected },
        coop_claims: { 'c-1': seminar },
        coop_attributions: { 'l-1': { leadId: 'l-1', partnerId: 'p', claimId: 'c-1' } },
      });
    expect(activityOf(expected, 'seminar')).toEqual({ activity: 'seminar', spend: '0.00', leadsAttributed: 1, dealsWon: 1, revenueWon: '5000.00', roi: null });
    expect(coopAccountView(expected, 'EUR')).toMatchObject({ accrued: '1000.00', pending: '300.00', available: '700.00', launchEndsAt: null });
  });

  it('takes a reversal\'s amount from the attributed deal\'s revenue; the deal stays won', () =>
    spec
      .given([
        registered, accrued(500_00), submitted('c-1', 'open-day', 400_00), approved('c-1', 'open-day', 400_00),
        leadNaming('l-1', 'c-1'), won('l-1', 10_000_00, 'c-1'), reversed('l-1', 2_500_00, 2_500_00, 10_000_00), reversed('l-1', 1_000_00, 3_500_00, 10_000_00),
      ])
      .thenIn('coop_claims', { 'c-1': claim('c-1', 'open-day', 400_00, { status: 'approved', decidedAt: at(4), leadsAttributed: 1, dealsWon: 1, revenueWon: 6_500_00 }) }));

  it('shows an available balance below zero once a clawback takes back budget already approved', () => {
    const expected = account({
      accrued: 100_00, clawedBack: 30_00, approved: 100_00, claims: [claim('c-1', 'brochure', 100_00, { status: 'approved', decidedAt: at(4) })],
    });
    spec
      .given([
        registered, accrued(100_00, 'l-9'), submitted('c-1', 'brochure', 100_00), approved('c-1', 'brochure', 100_00),
        { type: 'CoopAccrualReversed', occurredAt: at(1, 4), data: { partnerId: 'p', leadId: 'l-9', reversalId: 'r-1', amount: eur(30_00) } },
      ])
      .thenIn('coop_accounts', { p: expected });
    expect(coopAccountView(expected, 'EUR')).toMatchObject({ approved: '100.00', clawedBack: '30.00', available: '-30.00' });
    expect(activityOf(expected, 'brochure')).toEqual({ activity: 'brochure', spend: '100.00', leadsAttributed: 0, dealsWon: 0, revenueWon: '0.00', roi: '0.00' });
  });

  it('counts a rejected claim for nothing: not in spend, nor its leads', () => {
    const rejected = claim('c-2', 'press-ad', 200_00, { status: 'rejected', decidedAt: at(4), reason: 'no invoice', leadsAttributed: 1, dealsWon: 1, revenueWon: 900_00 });
    const approvedAd = claim('c-1', 'press-ad', 100_00, { status: 'approved', decidedAt: at(4), leadsAttributed: 1, dealsWon: 1, revenueWon: 1_250_00 });
    const expected = account({ accrued: 1_000_00, approved: 100_00, rejected: 200_00, claims: [approvedAd, rejected] });
    spec
      .given([
        registered, accrued(1_000_00), submitted('c-1', 'press-ad', 100_00), submitted('c-2', 'press-ad', 200_00), approved('c-1', 'press-ad', 100_00),
        { type: 'CoopClaimRejected', occurredAt: at(4), data: { partnerId: 'p', claimId: 'c-2', activity: 'press-ad', amount: eur(200_00), reason: 'no invoice' } },
        leadNaming('l-1', 'c-1'), leadNaming('l-2', 'c-2'), won('l-1', 1_250_00, 'c-1'), won('l-2', 900_00, 'c-2'),
      ])
      .thenIn('coop_accounts', { p: expected });
    expect(activityOf(expected, 'press-ad')).toEqual({ activity: 'press-ad', spend: '100.00', leadsAttributed: 1, dealsWon: 1, revenueWon: '1250.00', roi: '12.50' });
    expect(coopAccountView(expected, 'EUR')).toMatchObject({ rejected: '200.00', available: '900.00' });
  });

  it('files a claim under the tier its partner held when it was submitted', () =>
    spec
      .given([
        registered, accrued(1_000_00), submitted('c-1', 'breakfast', 10_00, 3),
        { type: 'TierChanged', occurredAt: at(5), data: { partnerId: 'p', from: 'none', to: 'gold', reason: 'certified' } },
        submitted('c-2', 'breakfast', 20_00, 6),
      ])
      .thenIn('coop_claims', {
        'c-1': claim('c-1', 'breakfast', 10_00),
        'c-2': claim('c-2', 'breakfast', 20_00, { tier: 'gold', submittedAt: at(6) }),
      }));

  it('keeps the launch grant and when the launch phase ends', () =>
    spec
      .given([registered, { type: 'CoopGranted', occurredAt: at(1, 1), data: { partnerId: 'p', amount: eur(2_000_00), launchEndsAt: '2026-07-01T10:00:00+02:00', rulesVersion: 2 } }])
      .thenIn('coop_accounts', { p: account({ granted: 2_000_00, launchEndsAt: '2026-07-01T08:00:00.000Z' }) }));
});

describe('return on spend', () => {
  it.each([
    [1_250_00, 100_00, '12.50'],
    [1_00, 3_00, '0.33'],
    [2_00, 3_00, '0.67'],
    [5, 1_000, '0.01'], // 0.005: half up
    [0, 1_00, '0.00'],
    [9_007_199_254_740_991, 1, '9007199254740991.00'], // beyond 2^53 once scaled: exact all the same
  ])('%d ÷ %d is %s', (revenue, spend, roi) => expect(returnOnSpend(revenue, spend)).toBe(roi));

  it('is null without spend', () => expect(returnOnSpend(5_000_00, 0)).toBeNull());
});
