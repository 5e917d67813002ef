/**
 * A small program's month of activity, sent the same way to several ledgers (parity between
 * read stores, analysts' queries against the API). Idempotency keys and correlation ids are
 * fixed by the step's index, so even event ids and metadata match between runs.
 */
import { defaultPublishedRules } from '@ledger/domain';
import { RunningLedger } from './ledger-harness';

/** A command: POST with occurredAt `at` (absent for one recorded when received: a challenge), or a PUT (objectives are set when received). */
export type Step = { path: string; body: object; at?: string; method?: 'put' };

export const at = (day: number, month = 3) => `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00Z`;

export const ACTIVITY: Step[] = [
  // Version 2 guarantees 10% on utm: lead-0's 8% line below it raises a margin alert.
  { method: 'put', path: '/program', body: { ...defaultPublishedRules(), effectiveFrom: '2026-01-01T00:00:00Z', minimumMargins: { utm: '10' } } },
  ...['integrator', 'var', 'isv', 'wholesaler'].map((typology, i) => ({
    path: '/partners',
    body: { partnerId: `par-${i}`, name: `Partner ${i}`, typology, territory: { country: i % 2 ? 'DE' : 'FR', ...(i === 0 ? { region: 'Île-de-France' } : {}) } },
    at: at(1),
  })),
  // Challenges, created before the facts they count: March's revenue (sales and technical staff of three typologies), March's leads (everyone).
  {
    path: '/challenges',
    body: { challengeId: 'ch-march', name: 'March revenue', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', metric: 'revenueWon', eligibleRoles: ['sales', 'technical'], typologies: ['integrator', 'var', 'isv'] },
  },
  { path: '/challenges', body: { challengeId: 'ch-leads', name: 'March leads', from: '2026-03-01T00:00:00+01:00', to: '2026-04-01T00:00:00Z', metric: 'leadsRegistered', eligibleRoles: ['presales', 'technical', 'sales'] } },
  ...[0, 1, 2, 3].flatMap((i) => [
    { path: `/partners/par-${i}/leads`, body: { leadId: `lead-${i}`, customer: { id: `cust-${i}`, name: 'C' }, project: 'Firewall', estimatedValue: { amount: `${100 * (i + 1)}.50`, currency: 'EUR' } }, at: at(2) },
    { path: `/partners/par-${i}/certifications`, body: { engineerId: `eng-${i}`, productLine: 'utm' }, at: at(3) },
  ]),
  { path: '/partners/par-0/certifications', body: { engineerId: 'eng-x', engineerName: 'Engineer X', productLine: 'network', expiresAt: '2028-03-04T00:00:00+01:00' }, at: at(4) },
  { path: '/leads/lead-0/won', body: { amount: '1250.10', currency: 'EUR', lines: [{ productLine: 'utm', product: 'U', revenue: '1250.10', margin: '100' }] }, at: at(20) },
  { path: '/leads/lead-2/won', body: { amount: '99.99', currency: 'EUR' }, at: at(28, 2) }, // late: lands in February
  // 30,000,000.00 EUR: above 2^31 minor units, where a plain number would become a double.
  { path: '/leads/lead-3/won', body: { amount: '30000000.00', currency: 'EUR' }, at: '2026-03-31T23:30:00-02:00' }, // April in UTC
  { path: '/leads/lead-1/won', body: { amount: '400.00', currency: 'EUR' }, at: at(21) },
  // A reversal the next month: April's scorecards count it (revenueReversed, a net below zero), March's keep the win.
  { path: '/leads/lead-0/reversal', body: { reversalId: 'refund-0', amount: '250.10', reason: 'one appliance returned' }, at: at(3, 4) },
  { path: '/partners/par-1/incentives', body: { recipient: { personId: 'p', role: 'technical' }, kind: 'trip', value: { amount: '700', currency: 'EUR' }, reason: 'r' }, at: at(5) },
  { path: '/partners/par-1/incentives', body: { incentiveId: 'inc-ch', challengeId: 'ch-march', recipient: { personId: 'p', role: 'technical' }, kind: 'voucher', value: { amount: '150', currency: 'EUR' }, reason: 'r' }, at: at(25) },
  { path: '/partners/par-2/incentives', body: { challengeId: 'ch-march', recipient: { personId: 'q', role: 'sales' }, kind: 'voucher', value: { amount: '50', currency: 'EUR' }, reason: 'r' }, at: at(26) },
  // Created after the facts of its dates: it finds them in their days.
  { path: '/challenges', body: { challengeId: 'ch-certified', name: 'Certified in March', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', metric: 'certificationsEarned', eligibleRoles: ['technical'] } },
  // Loyalty cards: par-2 yellow then red (suspended), par-3 yellow (held).
  // A lead lost: it frees its customer project (and the leads read model keeps why).
  { path: '/partners/par-0/leads', body: { leadId: 'lead-4', customer: { id: 'cust-4', name: 'C' }, project: 'Wifi', estimatedValue: { amount: '80.00', currency: 'EUR' } }, at: at(9) },
  { path: '/leads/lead-4/lost', body: { reason: 'the customer chose another vendor' }, at: at(12) },
  { path: '/partners/par-2/sanctions', body: { reason: 'took a lead to a competitor', leadId: 'lead-2' }, at: at(6) },
  { path: '/partners/par-2/sanctions', body: { reason: 'took another lead to a competitor' }, at: at(7) },
  { path: '/partners/par-3/sanctions', body: { reason: 'took a lead to a competitor' }, at: at(8) },
  // An engagement: counted and rated on the scorecard, and par-1's last activity.
  { path: '/partners/par-1/engagements', body: { engagementId: 'eng-1', kind: 'training', name: 'UTM training', attendees: 3, satisfaction: 4.5 }, at: at(25) },
  // Certified again on the same line: the first certification ends (the certification histories keep when).
  { path: '/partners/par-1/certifications', body: { engineerId: 'eng-1', productLine: 'utm', expiresAt: '2027-03-10T00:00:00Z' }, at: at(10) },
  // Objectives: a typology's for the month and the quarter, a partner's own overriding them.
  { method: 'put', path: '/objectives/typologies/var/2026-03', body: { revenueWon: '500.00', dealsWon: 2, leadsRegistered: 2, certifiedEngineers: 2 }, at: at(1) },
  { method: 'put', path: '/objectives/typologies/integrator/2026-Q1', body: { revenueWon: '2000.00', dealsWon: 1 }, at: at(1) },
  { method: 'put', path: '/objectives/partners/par-0/2026-03', body: { revenueWon: '1000.00', certifiedEngineers: 1 }, at: at(1) },
  // A challenge for sales staff only: created all the same, with a warning (the program's advice).
  { path: '/challenges', body: { challengeId: 'ch-sales', name: 'Sales sprint', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', metric: 'dealsWon', eligibleRoles: ['sales'] } },
  // Co-op (last, so the steps above keep their keys): rules granting a launch budget from 15 March, a partner registered
  // under them (DE, var: no new country or typology in March's figures), claims approved, rejected and pending, a lead naming
  // one, won in May, in the launch phase (no accrual: nothing asynchronous for the comparisons to wait for).
  {
    method: 'put', path: '/program',
    body: { ...defaultPublishedRules(), effectiveFrom: '2026-03-15T00:00:00Z', coop: { ratesByTier: { none: '2', silver: '3', gold: '4', platinum: '5' }, launchGrant: '500.00', launchMonths: 3 } },
  },
  { path: '/partners', body: { partnerId: 'par-coop', name: 'Partner co-op', typology: 'var', territory: { country: 'DE' } }, at: at(16) },
  ...([['claim-seminar', 'seminar', '200.00'], ['claim-press', 'press-ad', '120.50'], ['claim-breakfast', 'breakfast', '50.00']] as const).map(([claimId, activity, amount]) => ({
    path: '/partners/par-coop/coop/claims', body: { claimId, activity, amount: { amount, currency: 'EUR' }, description: `${activity} for resellers` }, at: at(17),
  })),
  { path: '/coop/claims/claim-seminar/approve', body: {}, at: at(18) },
  { path: '/coop/claims/claim-press/reject', body: { reason: 'no invoice' }, at: at(18) },
  {
    path: '/partners/par-coop/leads', at: at(2, 5),
    body: { leadId: 'lead-coop', customer: { id: 'cust-coop', name: 'C' }, project: 'Seminar follow-up', estimatedValue: { amount: '3000.00', currency: 'EUR' }, coopClaimId: 'claim-seminar' },
  },
  { path: '/leads/lead-coop/won', body: { amount: '3000.00', currency: 'EUR' }, at: at(5, 5) },
];

/** Sends every step to every ledger at once, checking that all answer alike; returns the last position. */
export async function sendActivity(ledgers: RunningLedger[], steps: Step[] = ACTIVITY): Promise<string> {
  let position = '0';
  for (const [n, step] of steps.entries()) {
    const answers = await Promise.all(
      ledgers.map((ledger) =>
        (step.method === 'put' ? ledger.http.put(step.path) : ledger.http.post(step.path))
          .set('Idempotency-Key', `activity-${n}`)
          .set('X-Correlation-Id', `corr-${n}`)
          .send(step.method === 'put' || step.at === undefined ? step.body : { ...step.body, occurredAt: step.at })
          .expect(201),
      ),
    );
    for (const answer of answers.slice(1)) expect(answer.body).toEqual(answers[0]!.body);
    position = answers[0]!.body.position;
  }
  return position;
}
