import {
  Json, certificationBody, expectProblem, headPosition, incentiveBody, leadBody, read, registerLead, registerPartner, uid,
} from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** First to register wins (decided by the event store), and concurrent writers on one partner. */
describe.each(readStoreVariants())('conflicts and concurrency (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger(variant);
  });
  afterAll(() => ledger?.close());

  describe('first to register wins', () => {
    it('refuses a second partner\'s registration of the same customer project, compared without case or surrounding spaces', async () => {
      const holder = await registerPartner(ledger.http);
      const late = await registerPartner(ledger.http);
      const customerId = uid('ACME');
      const first = await registerLead(ledger.http, holder.partnerId, { customer: { id: customerId, name: 'Acme' }, project: 'Firewall Refresh 2026' });

      const head = await headPosition(ledger.http);
      const refused = await ledger.http
        .post(`/partners/${late.partnerId}/leads`)
        .send(leadBody({ customer: { id: `  ${customerId.toLowerCase()} `, name: 'ACME Corp' }, project: ' FIREWALL refresh 2026\t' }));
      expectProblem(refused, 409, 'LEAD_ALREADY_REGISTERED');
      expect(refused.body).toEqual(expect.objectContaining({ holderPartnerId: holder.partnerId, rule: 'first-to-register-wins', protectedUntil: expect.any(String) }));
      expect(Date.parse(refused.body.protectedUntil)).toBeGreaterThan(Date.now());
      expect(refused.body.message).toContain(holder.partnerId);
      expect(await headPosition(ledger.http)).toBe(head);

      // the holder keeps it; the late partner has no lead
      const lateProfile = await read(ledger.http, `/partners/${late.partnerId}`, head);
      expect(lateProfile['counters']['leadsRegistered']).toBe(0);
      const holderProfile = await read(ledger.http, `/partners/${holder.partnerId}`, first.position);
      expect(holderProfile['counters']['leadsRegistered']).toBe(1);
    });

    it('refuses the holder\'s own second lead on the same project too', async () => {
      const holder = await registerPartner(ledger.http);
      const customer = { id: uid('cust'), name: 'Globex' };
      await registerLead(ledger.http, holder.partnerId, { customer, project: 'SD-WAN' });
      const again = await ledger.http.post(`/partners/${holder.partnerId}/leads`).send(leadBody({ customer, project: 'sd-wan' }));
      expectProblem(again, 409, 'LEAD_ALREADY_REGISTERED');
      expect(again.body.holderPartnerId).toBe(holder.partnerId);
    });

    it('lets another partner register a different project of the same customer', async () => {
      const customer = { id: uid('cust'), name: 'Globex' };
      const a = await registerPartner(ledger.http);
      const b = await registerPartner(ledger.http);
      await registerLead(ledger.http, a.partnerId, { customer, project: 'SD-WAN' });
      await registerLead(ledger.http, b.partnerId, { customer, project: 'SD-WAN phase 2' });
    });

    it.each([1, 2, 3, 4, 5])('two concurrent registrations of one project from two partners: exactly one wins (round %i)', async () => {
      const a = await registerPartner(ledger.http);
      const b = await registerPartner(ledger.http);
      const customerId = uid('cust');
      const before = BigInt(await headPosition(ledger.http));
      const answers = await Promise.all([
        ledger.http.post(`/partners/${a.partnerId}/leads`).send(leadBody({ customer: { id: customerId, name: 'Initech' }, project: 'Cloud move' })),
        ledger.http.post(`/partners/${b.partnerId}/leads`).send(leadBody({ customer: { id: customerId.toUpperCase(), name: 'Initech' }, project: 'CLOUD MOVE ' })),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = answers.find((r) => r.status === 201)!;
      const loser = answers.find((r) => r.status === 409)!;
      expectProblem(loser, 409, 'LEAD_ALREADY_REGISTERED');
      expect(loser.body.holderPartnerId).toBe(winner.body.partnerId);
      // exactly the winner's claim and lead were appended
      const head = await headPosition(ledger.http);
      expect(BigInt(head)).toBe(before + 2n);
      const leads = await Promise.all([a, b].map(async (p) => (await read(ledger.http, `/partners/${p.partnerId}`, head))['counters']['leadsRegistered']));
      expect(leads.sort()).toEqual([0, 1]);
    });
  });

  describe('many writers on one partner', () => {
    it('30 concurrent certifications all answer 201 and all count', async () => {
      const { partnerId } = await registerPartner(ledger.http);
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => ledger.http.post(`/partners/${partnerId}/certifications`).send(certificationBody({ engineerId: `eng-${i}`, productLine: 'utm' }))),
      );
      expect(answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
      const revisions = answers.map((r) => BigInt(r.body.revision));
      expect(new Set(revisions).size).toBe(30);

      const head = await headPosition(ledger.http);
      const profile = await read(ledger.http, `/partners/${partnerId}`, head);
      expect(profile['counters']['certificationsEarned']).toBe(30);
      expect(profile['certifiedEngineers']['utm']).toHaveLength(30);
      expect(profile['tier']).toBe('silver');
      // registered + 30 earned + exactly one tier change
      expect((await read(ledger.http, `/partners/${partnerId}/history?limit=500`, head))['items']).toHaveLength(32);
    });

    it('30 concurrent incentives all answer 201 and add up exactly', async () => {
      const { partnerId } = await registerPartner(ledger.http);
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => ledger.http.post(`/partners/${partnerId}/incentives`).send(incentiveBody({ value: { amount: '10.10', currency: 'EUR' } }))),
      );
      expect(answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
      expect(new Set(answers.map((r) => r.body.incentiveId)).size).toBe(30);

      const head = await headPosition(ledger.http);
      const profile = await read(ledger.http, `/partners/${partnerId}`, head);
      expect(profile['counters']).toEqual(expect.objectContaining({ incentivesAwarded: 30, incentivesValue: '303.00' }));
    });

    it('30 concurrent mixed commands (certifications and incentives) all answer 201', async () => {
      const { partnerId } = await registerPartner(ledger.http);
      const occurredAt = '2026-04-15T10:00:00Z';
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          i % 2 === 0
            ? ledger.http.post(`/partners/${partnerId}/certifications`).send(certificationBody({ engineerId: `eng-${i}`, productLine: i % 4 === 0 ? 'utm' : 'cloud', occurredAt }))
            : ledger.http.post(`/partners/${partnerId}/incentives`).send(incentiveBody({ value: { amount: '0.01', currency: 'EUR' }, occurredAt })),
        ),
      );
      expect(answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
      const head = await headPosition(ledger.http);
      const profile = await read(ledger.http, `/partners/${partnerId}`, head);
      expect(profile['counters']).toEqual(expect.objectContaining({ certificationsEarned: 15, incentivesAwarded: 15, incentivesValue: '0.15' }));
      expect(profile['tier']).toBe('gold');
      const scorecard: Json = await read(ledger.http, `/partners/${partnerId}/scorecards/2026-04`, head);
      expect(scorecard).toEqual(expect.objectContaining({ certificationsEarned: 15, incentivesAwarded: 15, incentivesValue: '0.15', tier: 'gold' }));
    });
  });
});
