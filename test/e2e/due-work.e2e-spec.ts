import { setTimeout as sleep } from 'node:timers/promises';
import { defaultPublishedRules } from '@ledger/domain';
import { Json, earnCertification, registerLead, registerPartner, uid } from './support/ledger-api';
import { restartableLedger, readStoreVariants, startLedger, RunningLedger } from './support/ledger-harness';
import { waitFor } from '../support/wait-for';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const tierChanges = async (http: RunningLedger['http'], partnerId: string) =>
  ((await http.get(`/partners/${partnerId}/history?limit=500`).expect(200)).body['items'] as Json[]).filter((event) => event['type'] === 'TierChanged');

/**
 * Due work runs by itself (DUE_WORK_INTERVAL_MS): a lead whose protection ran out is expired
 * and a lapsed certification too, with the tier that follows, without anyone calling the
 * sweeps; a program version taking effect has every tier judged by it; with two instances
 * on one store the work is done once.
 */
describe.each(readStoreVariants())('due work (%s)', (variant) => {
  const suite = restartableLedger(variant, { DUE_WORK_INTERVAL_MS: '200' });
  let second: RunningLedger | undefined;

  afterAll(async () => {
    await second?.close();
  });

  it('expires a lead past its protection and a lapsed certification on its own, once, with a second instance running', async () => {
    const { http } = await suite.start();
    // A second instance on the same store: it asks for the lease too (its projector stays off).
    second = await startLedger(variant, suite.dataDir, { DUE_WORK_INTERVAL_MS: '200', PROJECTOR_ENABLED: 'false' });

    const { partnerId } = await registerPartner(http, { occurredAt: daysAgo(400) });
    const { leadId } = await registerLead(http, partnerId, { leadId: uid('due'), occurredAt: daysAgo(200) });
    // Silver when certified; lapsed ten days ago (a round may expire it at once).
    await earnCertification(http, partnerId, { engineerId: 'eng-due', productLine: 'utm', occurredAt: daysAgo(300), expiresAt: daysAgo(10) });

    await waitFor(async () => (await http.get(`/leads/${leadId}`)).body['status'] === 'expired', { timeoutMs: 20_000, what: () => `lead ${leadId} expired by the due work` });
    // Waiting for the tier alone would race: it is none before the certification is projected too.
    const expired = async () => ((await http.get(`/partners/${partnerId}/history?limit=500`)).body['items'] as Json[]).some((event) => event['type'] === 'CertificationExpired');
    await waitFor(expired, { timeoutMs: 20_000, what: () => `partner ${partnerId}'s certification expired by the due work` });
    await waitFor(async () => (await http.get(`/partners/${partnerId}`)).body['tier'] === 'none', { timeoutMs: 20_000, what: () => `partner ${partnerId} back to none` });

    const history = (await http.get(`/partners/${partnerId}/history?limit=500`).expect(200)).body['items'] as Json[];
    const types = history.map((event) => event['type']);
    expect(types.filter((type) => type === 'LeadExpired')).toHaveLength(1);
    expect(types.filter((type) => type === 'CertificationExpired')).toHaveLength(1);
    expect(history.filter((event) => event['type'] === 'TierChanged').map((event) => event['data']['to'])).toEqual(['silver', 'none']);
    const expiry = history.find((event) => event['type'] === 'LeadExpired')!;
    expect(expiry['metadata']).toMatchObject({ actor: 'ledger', source: 'due-work' });
    // Nothing is left due: the sweeps, asked by hand, find nothing more to do.
    expect((await http.post('/leads/expire-due').send({}).expect(201)).body).toMatchObject({ expired: 0 });
    expect((await http.post('/certifications/expire-due').send({}).expect(201)).body).toMatchObject({ certificationsExpired: 0 });
  });

  it('judges tiers again once a newly published version takes effect, recording each change once', async () => {
    const http = suite.http;
    const { partnerId } = await registerPartner(http, { occurredAt: daysAgo(400) });
    await earnCertification(http, partnerId, { engineerId: 'eng-rules', productLine: 'utm', occurredAt: daysAgo(30), expiresAt: daysAgo(-300) });
    await waitFor(async () => (await http.get(`/partners/${partnerId}`)).body['tier'] === 'silver', { timeoutMs: 20_000, what: () => `partner ${partnerId} silver` });

    // From a few seconds ahead, silver (and gold) ask for two flagship engineers: this partner has one.
    const rules = defaultPublishedRules();
    const effectiveFrom = new Date(Date.now() + 3_000).toISOString();
    const tiers = { ...rules.tiers, silver: { flagshipEngineers: 2 }, gold: { flagshipEngineers: 2, otherLineEngineers: 1 } };
    await http.put('/program').send({ ...rules, effectiveFrom, tiers }).expect(201);
    const { version } = (await http.get(`/program?asOf=${encodeURIComponent(effectiveFrom)}`).expect(200)).body as { version: number };
    expect(version).toBeGreaterThan(1);

    await waitFor(async () => (await http.get(`/partners/${partnerId}`)).body['tier'] === 'none', { timeoutMs: 20_000, what: () => `partner ${partnerId} judged by version ${version}` });
    // More rounds, on either instance, record nothing more.
    await sleep(1_000);
    const changes = await tierChanges(http, partnerId);
    expect(changes.map((event) => event['data']['to'])).toEqual(['silver', 'none']);
    const byNewRules = changes.filter((event) => event['data']['rulesVersion'] === version);
    expect(byNewRules).toHaveLength(1);
    expect(byNewRules[0]).toMatchObject({ data: { partnerId, from: 'silver', to: 'none' }, metadata: { actor: 'ledger', source: 'due-work' } });
  });
});
