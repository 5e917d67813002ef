import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProgramRules, ProgramRules } from '@ledger/domain';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { emptyCounters } from '../read-models/activity-counters';
import { QueryReads } from '../read-models/read-model-query';
import { CertifiedEngineer, PARTNERS, PartnerProfile, partnersCollection } from './partner-profile';
import { quietPartner, tierFall } from './partners-at-risk';
import { PartnersAtRiskQuery } from './partners-at-risk.queries';

const v1 = defaultProgramRules('EUR');
const asOf = '2026-06-01T00:00:00.000Z';

const profile = (partnerId: string, fields: Partial<PartnerProfile> = {}): PartnerProfile => ({
  partnerId, name: `Partner ${partnerId}`, typology: 'var', territory: { country: 'FR' }, country: 'FR', tier: 'none', tierSince: '2026-01-01T00:00:00Z',
  registeredAt: '2026-01-01T00:00:00Z', certifiedEngineers: {}, counters: emptyCounters(),
  lastActivityAt: '2026-01-01T00:00:00.000Z', lastActivityType: 'PartnerRegistered', tierCanLapse: false, ...fields,
});

describe('a quiet partner', () => {
  it('is listed once `days` whole days have passed since its last activity, with how many', () => {
    const quiet = profile('p1', { lastActivityAt: '2026-03-03T00:00:00.000Z', lastActivityType: 'EngagementRecorded' });
    expect(quietPartner(quiet, asOf, 90)).toEqual({
      partnerId: 'p1', name: 'Partner p1', typology: 'var', country: 'FR', tier: 'none',
      lastActivityType: 'EngagementRecorded', lastActivityAt: '2026-03-03T00:00:00.000Z', daysSinceLastActivity: 90,
    });
  });

  it('is not listed a second short of `days`, nor when its last activity is after asOf', () => {
    expect(quietPartner(profile('p1', { lastActivityAt: '2026-03-03T00:00:01.000Z' }), asOf, 90)).toBeUndefined();
    expect(quietPartner(profile('p1', { lastActivityAt: '2026-07-01T00:00:00.000Z' }), asOf, 1)).toBeUndefined();
  });
});

describe('a tier at risk', () => {
  const cert = (engineerId: string, expiresAt?: string): CertifiedEngineer => ({ engineerId, engineerName: `Name ${engineerId}`, ...(expiresAt ? { expiresAt } : {}) });
  const gold = (certifiedEngineers: Record<string, CertifiedEngineer[]>) => profile('g1', { tier: 'gold', certifiedEngineers, tierCanLapse: true });

  it('a gold partner whose only engineer on another line expires in 30 days falls to silver then; lines and dates only, nobody named', () => {
    const fall = tierFall(gold({ utm: [cert('a')], network: [cert('b', '2026-07-01T00:00:00+02:00')] }), asOf, v1);
    expect(fall).toEqual({
      partnerId: 'g1', name: 'Partner g1', tier: 'gold', wouldBecome: 'silver', at: '2026-06-30T22:00:00.000Z',
      expiring: [{ productLine: 'network', expiresAt: '2026-06-30T22:00:00.000Z' }],
    });
    expect(JSON.stringify(fall)).not.toMatch(/Name|"a"|"b"/);
  });

  it('an expiry that another engineer covers lowers nothing; two that lower it only together fall at the second', () => {
    expect(tierFall(gold({ utm: [cert('a')], network: [cert('b', '2026-06-10T00:00:00Z'), cert('c')] }), asOf, v1)).toBeUndefined();
    expect(tierFall(gold({ utm: [cert('a')], network: [cert('b', '2026-06-10T00:00:00Z')], cloud: [cert('c', '2026-06-20T00:00:00Z')] }), asOf, v1)).toMatchObject({
      wouldBecome: 'silver', at: '2026-06-20T00:00:00.000Z',
      expiring: [{ productLine: 'network', expiresAt: '2026-06-10T00:00:00.000Z' }, { productLine: 'cloud', expiresAt: '2026-06-20T00:00:00.000Z' }],
    });
  });

  it('not within 60 days: nothing; exactly 60 days: listed', () => {
    expect(tierFall(gold({ utm: [cert('a')], network: [cert('b', '2026-07-31T00:00:01Z')] }), asOf, v1)).toBeUndefined();
    expect(tierFall(gold({ utm: [cert('a')], network: [cert('b', '2026-07-31T00:00:00Z')] }), asOf, v1)).toMatchObject({ at: '2026-07-31T00:00:00.000Z' });
  });

  it('a lapsed certification no command has expired yet: the fall is due already (at before asOf)', () => {
    expect(tierFall(gold({ utm: [cert('a', '2026-05-01T00:00:00Z')], network: [cert('b')] }), asOf, v1)).toMatchObject({ wouldBecome: 'none', at: '2026-05-01T00:00:00.000Z' });
  });

  it('is judged by the criteria of the rules given (those in force at asOf)', () => {
    const silverNeedsNothing: ProgramRules = { ...v1, version: 2, tiers: { ...v1.tiers, silver: {} } };
    expect(tierFall(profile('s1', { tier: 'silver', certifiedEngineers: { utm: [cert('a', '2026-06-10T00:00:00Z')] } }), asOf, v1)).toMatchObject({ wouldBecome: 'none' });
    expect(tierFall(profile('s1', { tier: 'silver', certifiedEngineers: { utm: [cert('a', '2026-06-10T00:00:00Z')] } }), asOf, silverNeedsNothing)).toBeUndefined();
  });
});

describe('GET /partners/at-risk, on the embedded read store', () => {
  let dir: string;
  let store: SqliteReadStore;
  let reads: QueryReads;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'at-risk-'));
    store = new SqliteReadStore({ file: join(dir, 'read.db') });
    await store.ensureCollections([partnersCollection]);
    const day = (n: number) => new Date(Date.parse(asOf) - n * 86_400_000).toISOString();
    const docs = [
      profile('quiet-200', { lastActivityAt: day(200) }),
      profile('quiet-120', { lastActivityAt: day(120), lastActivityType: 'LeadRegistered' }),
      profile('quiet-95', { lastActivityAt: day(95) }),
      profile('active-10', { lastActivityAt: day(10) }),
      profile('later', { lastActivityAt: '2026-09-01T00:00:00.000Z' }),
      // Tiers: one falls in 30 days, one has an expiry beyond the horizon, one holds nothing that lapses.
      profile('gold-30', {
        lastActivityAt: day(1), tier: 'gold', tierCanLapse: true, nextCertificationExpiry: '2026-07-01T00:00:00.000Z',
        certifiedEngineers: { utm: [{ engineerId: 'a' }], network: [{ engineerId: 'b', expiresAt: '2026-07-01T00:00:00.000Z' }] },
      }),
      profile('gold-90', {
        lastActivityAt: day(1), tier: 'gold', tierCanLapse: true, nextCertificationExpiry: '2026-08-30T00:00:00.000Z',
        certifiedEngineers: { utm: [{ engineerId: 'a' }], network: [{ engineerId: 'b', expiresAt: '2026-08-30T00:00:00.000Z' }] },
      }),
    ];
    await store.commit('test', docs.map((doc, n) => ({ collection: PARTNERS, id: doc.partnerId, doc, position: BigInt(n + 1) })), BigInt(docs.length));
    reads = { store, currency: 'EUR', personal: { reveal: async (_t, data) => data, revealValue: async (v) => v } };
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = (days: number | undefined, page: { limit: number; cursor?: string }) =>
    new PartnersAtRiskQuery('2026-06-01T02:00:00+02:00', days, [v1], page).answer(reads) as Promise<{ asOf: string; days: number; items: { partnerId: string }[]; nextCursor: string | null; tierAtRisk: { partnerId: string }[] }>;

  it('pages the quiet partners, the quietest first, and stops at the first active one', async () => {
    const first = await ask(undefined, { limit: 2 });
    expect(first).toMatchObject({ asOf, days: 90 });
    expect(first.items.map((i) => i.partnerId)).toEqual(['quiet-200', 'quiet-120']);
    const second = await ask(undefined, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.partnerId)).toEqual(['quiet-95']);
    expect(second.nextCursor).toBeNull();
  });

  it('takes `days` when given', async () => {
    expect((await ask(100, { limit: 50 })).items.map((i) => i.partnerId)).toEqual(['quiet-200', 'quiet-120']);
  });

  it('lists the tiers that fall within 60 days, from the expiry index', async () => {
    const answer = await ask(undefined, { limit: 1 });
    expect(answer.tierAtRisk).toEqual([
      { partnerId: 'gold-30', name: 'Partner gold-30', tier: 'gold', wouldBecome: 'silver', at: '2026-07-01T00:00:00.000Z', expiring: [{ productLine: 'network', expiresAt: '2026-07-01T00:00:00.000Z' }] },
    ]);
  });
});
