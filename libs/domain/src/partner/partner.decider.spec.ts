import { PartnerEvent } from '../events';
import { defaultProgramRules, Tier } from '../program/program-rules';
import { fold } from '../shared/decider';
import { specFor } from '../testing/given-when-then';
import { AwardIncentive, EarnCertification, IssueSanction, LiftSuspension, RecordEngagement, SetPartnerObjective } from './partner.commands';
import { ChallengeState } from '../challenge/challenge.decider';
import { partnerDecider, suspendedAt } from './partner.decider';

const rules = defaultProgramRules('EUR'); // utm (flagship), network, endpoint, email, cloud; platinum = 3 engineers
const decider = partnerDecider(rules);
const spec = specFor(decider);
const partnerId = 'p-1';
const at = '2026-03-10T09:00:00Z';

const registered: PartnerEvent = {
  type: 'PartnerRegistered',
  data: { partnerId, name: 'Acme Integration', typology: 'integrator', territory: { country: 'FR', region: 'IDF' } },
};
const earned = (engineerId: string, productLine: string, expiresAt?: string): PartnerEvent => ({
  type: 'CertificationEarned',
  data: { partnerId, engineerId, productLine, ...(expiresAt ? { expiresAt } : {}) },
});
const tierChanged = (from: Tier, to: Tier, cause: string): PartnerEvent => ({
  type: 'TierChanged',
  data: { partnerId, from, to, reason: `${from} -> ${to}: ${cause}`, rulesVersion: 1 },
});
const earn = (engineerId: string, productLine: string, expiresAt?: string): EarnCertification => ({
  type: 'EarnCertification', partnerId, engineerId, productLine, occurredAt: at, ...(expiresAt ? { expiresAt } : {}),
});
const allLines = (engineerId: string) => rules.productLines.map((line) => earned(engineerId, line));
const q1Challenge: ChallengeState = {
  created: true,
  terms: {
    challengeId: 'ch-1', name: 'Q1 push', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z', metric: 'dealsWon',
    eligibleRoles: ['presales', 'technical'], typologies: ['integrator', 'var'], warnings: [],
  },
};
const award = (currency: string, changes: Partial<AwardIncentive> = {}): AwardIncentive => ({
  type: 'AwardIncentive', partnerId, incentiveId: 'inc-1', recipient: { personId: 'e-1', name: 'Alice', role: 'technical' },
  kind: 'voucher', value: { minor: 15000, currency }, reason: 'Q1 challenge winner', challengeId: 'ch-1', challenge: q1Challenge, occurredAt: at, ...changes,
});

describe('partner decider', () => {
  describe('registration', () => {
    it('registers a new partner', () =>
      spec([])
        .when({ type: 'RegisterPartner', partnerId, name: 'Acme Integration', typology: 'integrator', territory: { country: 'FR', region: 'IDF' }, occurredAt: at })
        .then([registered]));

    it('refuses to register the same partner twice', () =>
      spec([registered])
        .when({ type: 'RegisterPartner', partnerId, name: 'Other', typology: 'var', territory: { country: 'BE' }, occurredAt: at })
        .thenRefused('PARTNER_ALREADY_REGISTERED'));

    it.each([
      ['EarnCertification', earn('e-1', 'utm')],
      ['ExpireCertifications', { type: 'ExpireCertifications' as const, partnerId, asOf: at, occurredAt: at }],
      ['AwardIncentive', award('EUR')],
      ['IssueSanction', { type: 'IssueSanction' as const, partnerId, reason: 'x', occurredAt: at }],
      ['LiftSuspension', { type: 'LiftSuspension' as const, partnerId, reason: 'x', occurredAt: at }],
    ])('refuses %s on an unregistered partner', (_name, command) =>
      spec([]).when(command).thenRefused('PARTNER_NOT_FOUND'));
  });

  describe('certifications and tiers', () => {
    it('refuses a certification on a product line outside the program', () =>
      spec([registered]).when(earn('e-1', 'quantum')).thenRefused('UNKNOWN_PRODUCT_LINE'));

    it('refuses a certification that expires before it was earned', () =>
      spec([registered]).when(earn('e-1', 'utm', '2026-03-01T00:00:00Z')).thenRefused('CERTIFICATION_ALREADY_EXPIRED'));

    it('first flagship certification makes the partner silver', () =>
      spec([registered])
        .when({ ...earn('e-1', 'utm', '2027-03-10T00:00:00Z'), engineerName: 'Alice' })
        .then([
          { type: 'CertificationEarned', data: { partnerId, engineerId: 'e-1', engineerName: 'Alice', productLine: 'utm', expiresAt: '2027-03-10T00:00:00Z' } },
          tierChanged('none', 'silver', 'a certification on utm'),
        ]));

    it('a certification on another line alone is not silver', () =>
      spec([registered]).when(earn('e-1', 'network')).then([earned('e-1', 'network')]));

    it('a second product line makes a silver partner gold', () =>
      spec([registered, earned('e-1', 'utm'), tierChanged('none', 'silver', 'x')])
        .when(earn('e-2', 'email'))
        .then([earned('e-2', 'email'), tierChanged('silver', 'gold', 'a certification on email')]));

    it('renewing the same engineer and line does not change the tier', () =>
      spec([registered, earned('e-1', 'utm', '2026-06-01T00:00:00Z'), tierChanged('none', 'silver', 'x')])
        .when(earn('e-1', 'utm', '2027-06-01T00:00:00Z'))
        .then([earned('e-1', 'utm', '2027-06-01T00:00:00Z')]));

    const twoFullyCertified = [registered, ...allLines('e-1'), ...allLines('e-2'), tierChanged('none', 'gold', 'x')];

    it('two engineers certified on every line is still gold', () =>
      spec([registered, ...allLines('e-1'), tierChanged('none', 'gold', 'x'), ...allLines('e-2').slice(0, 4)])
        .when(earn('e-2', 'cloud'))
        .then([earned('e-2', 'cloud')]));

    it('a third engineer certified on every line makes the partner platinum', () =>
      spec([...twoFullyCertified, ...allLines('e-3').slice(0, 4)])
        .when(earn('e-3', 'cloud'))
        .then([earned('e-3', 'cloud'), tierChanged('gold', 'platinum', 'a certification on cloud')]));

    it('a third engineer on only some lines is not platinum', () =>
      spec([...twoFullyCertified, ...allLines('e-3').slice(0, 3)])
        .when(earn('e-4', 'cloud'))
        .then([earned('e-4', 'cloud')]));
  });

  describe('expiry (tiers go down too)', () => {
    const gold = [
      registered,
      earned('e-1', 'utm', '2027-01-01T00:00:00Z'),
      tierChanged('none', 'silver', 'x'),
      earned('e-2', 'network', '2026-04-01T00:00:00Z'),
      tierChanged('silver', 'gold', 'x'),
    ];
    const expire = (asOf: string) => ({ type: 'ExpireCertifications' as const, partnerId, asOf, occurredAt: asOf });

    it('expires what is due and moves the tier down', () =>
      spec(gold)
        .when(expire('2026-04-02T00:00:00Z'))
        .then([
          { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-2', productLine: 'network', expiredAt: '2026-04-01T00:00:00Z' } },
          tierChanged('gold', 'silver', '1 certification(s) expired'),
        ]));

    it('a certification expiring exactly at asOf is due', () =>
      spec(gold).when(expire('2026-04-01T00:00:00Z')).then([
        { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-2', productLine: 'network', expiredAt: '2026-04-01T00:00:00Z' } },
        tierChanged('gold', 'silver', '1 certification(s) expired'),
      ]));

    it('all certifications expired drops the partner to none', () =>
      spec(gold).when(expire('2027-02-01T00:00:00Z')).then([
        { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-1', productLine: 'utm', expiredAt: '2027-01-01T00:00:00Z' } },
        { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-2', productLine: 'network', expiredAt: '2026-04-01T00:00:00Z' } },
        tierChanged('gold', 'none', '2 certification(s) expired'),
      ]));

    it('platinum drops to gold when one of the three engineers loses a line', () =>
      spec([registered, ...allLines('e-1'), ...allLines('e-2'), ...allLines('e-3').slice(1), earned('e-3', 'utm', '2026-04-01T00:00:00Z'), tierChanged('none', 'platinum', 'x')])
        .when(expire('2026-04-01T00:00:00Z'))
        .then([
          { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-3', productLine: 'utm', expiredAt: '2026-04-01T00:00:00Z' } },
          tierChanged('platinum', 'gold', '1 certification(s) expired'),
        ]));

    it('records a lapsed certification as expired before a new one, so the tier drop names its cause', () =>
      spec(gold)
        .when({ ...earn('e-3', 'utm'), occurredAt: '2026-05-01T00:00:00Z' })
        .then([
          { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-2', productLine: 'network', expiredAt: '2026-04-01T00:00:00Z' } },
          tierChanged('gold', 'silver', '1 certification(s) expired'),
          earned('e-3', 'utm'),
        ]));

    it('nothing due records nothing', () => spec(gold).when(expire('2026-03-31T23:59:59Z')).then([]));

    it('an expired certification is not expired twice', () =>
      spec([...gold, { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-2', productLine: 'network', expiredAt: '2026-04-01T00:00:00Z' } }, tierChanged('gold', 'silver', 'x')])
        .when(expire('2026-05-01T00:00:00Z'))
        .then([]));

    it('refuses an unreadable asOf instead of expiring everything', () => spec(gold).when(expire('not-a-date')).thenRefused('INVALID_DATE'));
  });

  describe('demotion when the last flagship certification expires', () => {
    // Two engineers on the flagship, one on another line: gold until the last flagship one lapses.
    const history = [
      registered,
      earned('e-1', 'utm', '2026-05-01T00:00:00Z'),
      tierChanged('none', 'silver', 'x'),
      earned('e-2', 'utm', '2026-06-01T00:00:00Z'),
      earned('e-3', 'email'),
      tierChanged('silver', 'gold', 'x'),
    ];
    const expire = (asOf: string) => ({ type: 'ExpireCertifications' as const, partnerId, asOf, occurredAt: asOf });

    it('keeps the tier while another engineer still holds the flagship', () =>
      spec(history).when(expire('2026-05-15T00:00:00Z')).then([
        { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-1', productLine: 'utm', expiredAt: '2026-05-01T00:00:00Z' } },
      ]));

    it('drops to none when the last flagship certification lapses, other lines notwithstanding', () =>
      spec([...history, { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-1', productLine: 'utm', expiredAt: '2026-05-01T00:00:00Z' } }])
        .when(expire('2026-06-01T00:00:00Z'))
        .then([
          { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-2', productLine: 'utm', expiredAt: '2026-06-01T00:00:00Z' } },
          tierChanged('gold', 'none', '1 certification(s) expired'),
        ]));
  });

  describe('re-evaluation under a rules version (ReevaluateTier)', () => {
    // Version 2 is stricter: two flagship engineers for silver and gold.
    const stricter = {
      ...rules,
      version: 2,
      effectiveFrom: '2027-01-01T00:00:00Z',
      tiers: { ...rules.tiers, silver: { flagshipEngineers: 2 }, gold: { flagshipEngineers: 2, otherLineEngineers: 1 } },
    };
    const underV2 = specFor(partnerDecider(stricter));
    const reevaluate = (asOf: string) => ({ type: 'ReevaluateTier' as const, partnerId, asOf, occurredAt: '2026-12-01T00:00:00Z' });
    const changed = (from: Tier, to: Tier, cause: string, rulesVersion: number): PartnerEvent => ({
      type: 'TierChanged', data: { partnerId, from, to, reason: `${from} -> ${to}: ${cause}`, rulesVersion },
    });
    const gold = [registered, earned('e-1', 'utm'), tierChanged('none', 'silver', 'x'), earned('e-2', 'network'), tierChanged('silver', 'gold', 'x')];

    it('a stricter version demotes, naming the version', () =>
      underV2(gold).when(reevaluate('2027-01-01T00:00:00Z')).then([
        changed('gold', 'none', 're-evaluated under program rules version 2', 2),
      ]));

    it('a tier the new version still gives records nothing', () =>
      underV2([...gold, earned('e-3', 'utm')]).when(reevaluate('2027-01-01T00:00:00Z')).then([]));

    it('an unchanged version records nothing', () => spec(gold).when(reevaluate('2027-01-01T00:00:00Z')).then([]));

    it('a more generous version promotes', () =>
      specFor(partnerDecider({ ...rules, version: 3, tiers: { ...rules.tiers, gold: { flagshipEngineers: 1 } } }))([registered, earned('e-1', 'utm'), tierChanged('none', 'silver', 'x')])
        .when(reevaluate('2027-01-01T00:00:00Z'))
        .then([changed('silver', 'gold', 're-evaluated under program rules version 3', 3)]));

    it('expires what lapsed by asOf first, so the re-evaluation judges what is still held', () =>
      underV2([...gold, earned('e-3', 'utm', '2026-12-31T00:00:00Z'), earned('e-4', 'utm')])
        .when(reevaluate('2027-01-01T00:00:00Z'))
        .then([
          { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-3', productLine: 'utm', expiredAt: '2026-12-31T00:00:00Z' } },
        ]));

    it('a lapse that lowers the tier under the version is recorded with its cause, and not twice', () =>
      underV2([...gold, earned('e-3', 'utm', '2026-12-31T00:00:00Z')])
        .when(reevaluate('2027-01-01T00:00:00Z'))
        .then([
          { type: 'CertificationExpired', data: { partnerId, engineerId: 'e-3', productLine: 'utm', expiredAt: '2026-12-31T00:00:00Z' } },
          changed('gold', 'none', '1 certification(s) expired', 2),
        ]));

    it('refuses an unreadable asOf', () => underV2(gold).when(reevaluate('soon')).thenRefused('INVALID_DATE'));

    it('refuses an unregistered partner', () => underV2([]).when(reevaluate('2027-01-01T00:00:00Z')).thenRefused('PARTNER_NOT_FOUND'));
  });

  describe('incentives', () => {
    it('awards an incentive in the ledger currency', () =>
      spec([registered]).when(award('EUR')).then([
        {
          type: 'IncentiveAwarded',
          data: {
            partnerId, incentiveId: 'inc-1', recipient: { personId: 'e-1', name: 'Alice', role: 'technical' },
            kind: 'voucher', value: { minor: 15000, currency: 'EUR' }, reason: 'Q1 challenge winner', challengeId: 'ch-1',
          },
        },
      ]));

    it('refuses an incentive in another currency', () =>
      spec([registered]).when(award('USD')).thenRefused('CURRENCY_NOT_ACCEPTED'));

    it('awards an incentive that names no challenge without asking for one', () =>
      spec([registered]).when(award('EUR', { challengeId: undefined, challenge: undefined })).then([
        {
          type: 'IncentiveAwarded',
          data: { partnerId, incentiveId: 'inc-1', recipient: { personId: 'e-1', name: 'Alice', role: 'technical' }, kind: 'voucher', value: { minor: 15000, currency: 'EUR' }, reason: 'Q1 challenge winner' },
        },
      ]));

    it('refuses an award in a challenge that does not exist', () =>
      spec([registered]).when(award('EUR', { challenge: { created: false } })).thenRefused('CHALLENGE_NOT_FOUND'));

    it('refuses an award to a role the challenge does not reward', () =>
      spec([registered]).when(award('EUR', { recipient: { personId: 'e-2', role: 'sales' } })).thenRefused('ROLE_NOT_ELIGIBLE'));

    it.each([
      ['before it starts', '2025-12-31T23:59:59Z'],
      ['at its end (excluded)', '2026-04-01T00:00:00Z'],
      ['after it ends, in another offset', '2026-04-01T01:30:00+01:00'],
    ])('refuses an award outside the challenge\'s dates: %s', (_, occurredAt) =>
      spec([registered]).when(award('EUR', { occurredAt })).thenRefused('OUTSIDE_CHALLENGE'));

    it('awards at the challenge\'s first instant', () =>
      spec([registered]).when(award('EUR', { occurredAt: '2026-01-01T00:00:00Z' })).then([expect.objectContaining({ type: 'IncentiveAwarded' }) as PartnerEvent]));

    it('refuses an award to a partner of a typology the challenge leaves out', () =>
      spec([{ ...registered, data: { ...registered.data, typology: 'wholesaler' } } as PartnerEvent]).when(award('EUR')).thenRefused('PARTNER_NOT_ELIGIBLE'));
  });

  describe('engagements', () => {
    const engage = (satisfaction?: number): RecordEngagement => ({
      type: 'RecordEngagement', partnerId, engagementId: 'eng-1', kind: 'seminar', name: 'Spring seminar', attendees: 4, ...(satisfaction !== undefined ? { satisfaction } : {}), occurredAt: at,
    });

    it('records an engagement with its attendance and rating', () =>
      spec([registered]).when(engage(4.5)).then([
        { type: 'EngagementRecorded', data: { partnerId, engagementId: 'eng-1', kind: 'seminar', name: 'Spring seminar', attendees: 4, satisfaction: 4.5 } },
      ]));

    it('records one without a rating', () =>
      spec([registered]).when(engage()).then([{ type: 'EngagementRecorded', data: { partnerId, engagementId: 'eng-1', kind: 'seminar', name: 'Spring seminar', attendees: 4 } }]));

    it.each([0.5, 5.5, 4.25])('refuses a rating of %s (1 to 5, one decimal at most)', (rating) =>
      spec([registered]).when(engage(rating)).thenRefused('INVALID_SATISFACTION'));

    it('refuses an unregistered partner', () => spec([]).when(engage()).thenRefused('PARTNER_NOT_FOUND'));
  });

  describe('objectives', () => {
    const target = (period: string, targets: SetPartnerObjective['targets']): SetPartnerObjective => ({ type: 'SetPartnerObjective', partnerId, period, targets, occurredAt: at });

    it.each(['2026-03', '2026-Q1', '2026'])('sets the partner\'s own targets for %s', (period) =>
      spec([registered]).when(target(period, { revenueWon: { minor: 100_000_00, currency: 'EUR' }, dealsWon: 4 })).then([
        { type: 'ObjectiveSet', data: { scope: 'partner', partnerId, period, targets: { revenueWon: { minor: 100_000_00, currency: 'EUR' }, dealsWon: 4 } } },
      ]));

    it('refuses a period that is not a month, quarter or year', () => spec([registered]).when(target('2026-Q5', { dealsWon: 1 })).thenRefused('INVALID_PERIOD'));
    it('refuses a target of zero', () => spec([registered]).when(target('2026-03', { dealsWon: 0 })).thenRefused('TARGET_NOT_POSITIVE'));
    it('refuses money in another currency', () =>
      spec([registered]).when(target('2026-03', { revenueWon: { minor: 1, currency: 'USD' } })).thenRefused('CURRENCY_NOT_ACCEPTED'));
    it('refuses an unregistered partner', () => spec([]).when(target('2026-03', { dealsWon: 1 })).thenRefused('PARTNER_NOT_FOUND'));
  });

  describe('loyalty cards', () => {
    // Default rules: loyalty window 365 days, red card suspension 180 days.
    const offence = (occurredAt: string, leadId?: string): IssueSanction => ({
      type: 'IssueSanction', partnerId, reason: 'took a lead to a competitor', ...(leadId ? { leadId } : {}), occurredAt,
    });
    const yellow = (issuedAt: string, activeUntil: string, rulesVersion = 1): PartnerEvent => ({
      type: 'SanctionIssued', data: { partnerId, card: 'yellow', reason: 'took a lead to a competitor', rulesVersion, issuedAt, activeUntil },
    });
    const red = (issuedAt: string, suspendedUntil: string, rulesVersion = 1): PartnerEvent => ({
      type: 'SanctionIssued', data: { partnerId, card: 'red', reason: 'took a lead to a competitor', rulesVersion, issuedAt, suspendedUntil },
    });
    const lift = (occurredAt: string): LiftSuspension => ({ type: 'LiftSuspension', partnerId, reason: 'appeal upheld', occurredAt });
    const firstYellow = yellow('2026-01-10T00:00:00Z', '2027-01-10T00:00:00.000Z');
    const redCarded = [registered, firstYellow, red('2026-06-01T00:00:00Z', '2026-11-28T00:00:00.000Z')];
    const state = (events: PartnerEvent[]) => fold(decider, events);

    it('a first offence is a yellow card, active for the loyalty window, naming the lead', () =>
      spec([registered])
        .when(offence('2026-01-10T00:00:00Z', 'lead-9'))
        .then([{ ...firstYellow, data: { ...firstYellow.data, leadId: 'lead-9' } } as PartnerEvent]));

    it('a second offence inside the window is a red card, suspending for redCardSuspensionDays', () =>
      spec([registered, firstYellow]).when(offence('2026-06-01T00:00:00Z')).then([red('2026-06-01T00:00:00Z', '2026-11-28T00:00:00.000Z')]));

    it('a second offence at the very end of the window is still red', () =>
      spec([registered, firstYellow]).when(offence('2027-01-10T00:00:00Z')).then([red('2027-01-10T00:00:00Z', '2027-07-09T00:00:00.000Z')]));

    it('a yellow card older than the window does not count: the offence is yellow again', () =>
      spec([registered, firstYellow]).when(offence('2027-01-10T00:00:01Z')).then([yellow('2027-01-10T00:00:01Z', '2028-01-10T00:00:01.000Z')]));

    it('a red card spends the yellow card: the next offence is yellow', () =>
      spec(redCarded).when(offence('2026-07-01T00:00:00Z')).then([yellow('2026-07-01T00:00:00Z', '2027-07-01T00:00:00.000Z')]));

    it('the window is the one of the rules in force at the offence, not at the yellow card', () => {
      const shorter = partnerDecider({ ...rules, version: 2, loyaltyWindowDays: 30, redCardSuspensionDays: 10 });
      const longer = partnerDecider({ ...rules, version: 3, loyaltyWindowDays: 730 });
      const given = [registered, firstYellow];
      specFor(shorter)(given).when(offence('2026-03-01T00:00:00Z')).then([yellow('2026-03-01T00:00:00Z', '2026-03-31T00:00:00.000Z', 2)]);
      specFor(shorter)(given).when(offence('2026-02-01T00:00:00Z')).then([red('2026-02-01T00:00:00Z', '2026-02-11T00:00:00.000Z', 2)]);
      specFor(longer)(given).when(offence('2027-06-01T00:00:00Z')).then([red('2027-06-01T00:00:00Z', '2027-11-28T00:00:00.000Z', 3)]);
    });

    it('a red card suspends from the offence until suspendedUntil (excluded)', () => {
      const s = state(redCarded);
      expect(suspendedAt(s, '2026-05-31T23:59:59Z')).toBeUndefined();
      expect(suspendedAt(s, '2026-06-01T00:00:00Z')).toBe('2026-11-28T00:00:00.000Z');
      expect(suspendedAt(s, '2026-11-27T23:59:59Z')).toBe('2026-11-28T00:00:00.000Z');
      expect(suspendedAt(s, '2026-11-28T00:00:00Z')).toBeUndefined();
      expect(suspendedAt(state([registered, firstYellow]), '2026-06-01T00:00:00Z')).toBeUndefined();
    });

    it('lifts a suspension in force, ending it then', () => {
      spec(redCarded).when(lift('2026-07-01T00:00:00Z')).then([
        { type: 'SuspensionLifted', data: { partnerId, reason: 'appeal upheld', liftedAt: '2026-07-01T00:00:00Z', suspendedUntil: '2026-11-28T00:00:00.000Z' } },
      ]);
      const lifted = state([...redCarded, { type: 'SuspensionLifted', data: { partnerId, reason: 'x', liftedAt: '2026-07-01T00:00:00Z', suspendedUntil: '2026-11-28T00:00:00.000Z' } }]);
      expect(suspendedAt(lifted, '2026-06-30T00:00:00Z')).toBe('2026-07-01T00:00:00Z');
      expect(suspendedAt(lifted, '2026-07-01T00:00:00Z')).toBeUndefined();
      spec([...redCarded, { type: 'SuspensionLifted', data: { partnerId, reason: 'x', liftedAt: '2026-07-01T00:00:00Z', suspendedUntil: '2026-11-28T00:00:00.000Z' } }])
        .when(lift('2026-07-02T00:00:00Z'))
        .thenRefused('PARTNER_NOT_SUSPENDED');
    });

    it('refuses to lift when not suspended: never red-carded, or the suspension is over', () => {
      spec([registered, firstYellow]).when(lift('2026-02-01T00:00:00Z')).thenRefused('PARTNER_NOT_SUSPENDED');
      spec(redCarded).when(lift('2026-11-28T00:00:00Z')).thenRefused('PARTNER_NOT_SUSPENDED');
    });

    it('refuses an unreadable occurredAt', () => spec([registered]).when(offence('yesterday')).thenRefused('INVALID_DATE'));
  });
});
