import { defaultPublishedRules } from '@ledger/domain';
import { DECIMAL_POSITION, Json, allPages, expectProblem, headPosition, leadBody, read, registerLead, registerPartner, uid, winDeal } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const DAY_MS = 86_400_000;
const plusDays = (at: string, days: number) => new Date(Date.parse(at) + days * DAY_MS).toISOString();

/** Registers a lead and waits until the `leads` read model shows it. */
async function registered(http: Http, partnerId: string, overrides: Json = {}) {
  const answer = await registerLead(http, partnerId, overrides);
  const lead = await read(http, `/leads/${answer['leadId']}`, answer.position);
  return { answer, lead };
}

const expireDue = (http: Http, body: Json = {}) => http.post('/leads/expire-due').send(body);

/**
 * The life of a lead through HTTP: protected from its registration for leadProtectionDays,
 * extended, won, lost or expired; a lost or expired lead frees its customer project.
 */
describe.each(readStoreVariants())('leads (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger(variant);
  });
  afterAll(() => ledger?.close());

  const winBody = { amount: '100.00', currency: 'EUR' };

  it('POST /partners/:partnerId/leads records protectedUntil (occurredAt + leadProtectionDays) and the rules version; GET /leads/:leadId shows it', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const customer = { id: uid('cust'), name: 'Globex' };
    const { answer, lead } = await registered(ledger.http, partnerId, { customer, project: 'Firewall refresh', occurredAt: '2026-03-10T09:00:00Z' });
    expect(lead).toEqual({
      leadId: answer['leadId'], partnerId, status: 'open', customer, project: 'Firewall refresh', estimatedValue: { amount: '20000.00', currency: 'EUR' },
      registeredAt: '2026-03-10T09:00:00.000Z', protectedUntil: '2026-06-08T09:00:00.000Z', extensions: 0, rulesVersion: 1,
    });
  });

  it('a second registration of a protected project is 409 LEAD_ALREADY_REGISTERED, naming the holder and until when it is protected', async () => {
    const holder = await registerPartner(ledger.http);
    const late = await registerPartner(ledger.http);
    const customer = { id: uid('cust'), name: 'Globex' };
    await registered(ledger.http, holder.partnerId, { customer, project: 'SD-WAN', occurredAt: '2026-09-01T00:00:00Z' });
    const refused = await ledger.http.post(`/partners/${late.partnerId}/leads`).send(leadBody({ customer, project: 'sd-wan' }));
    expectProblem(refused, 409, 'LEAD_ALREADY_REGISTERED');
    expect(refused.body).toEqual(expect.objectContaining({ holderPartnerId: holder.partnerId, protectedUntil: '2026-11-30T00:00:00.000Z', rule: 'first-to-register-wins' }));
  });

  it('GET /leads/:leadId of an unknown lead is 404 LEAD_NOT_FOUND', async () => {
    expectProblem(await ledger.http.get(`/leads/${uid('nobody')}`), 404, 'LEAD_NOT_FOUND');
  });

  it('POST /leads/:leadId/extend moves protectedUntil leadExtensionDays later, once; beyond maxLeadExtensions it is 422 EXTENSION_LIMIT_REACHED', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const now = new Date().toISOString();
    const { answer, lead } = await registered(ledger.http, partnerId, { occurredAt: now });
    const extended = await ledger.http.post(`/leads/${answer['leadId']}/extend`).send({ reason: 'customer board meets in June' }).expect(201);
    expect(extended.body).toEqual(expect.objectContaining({
      leadId: answer['leadId'], partnerId, streamId: `lead-${answer['leadId']}`, revision: '1', protectedUntil: plusDays(lead['protectedUntil'], 30), extensions: 1,
    }));
    expect(await read(ledger.http, `/leads/${answer['leadId']}`, extended.body.position)).toEqual(
      expect.objectContaining({ status: 'open', protectedUntil: plusDays(lead['protectedUntil'], 30), extensions: 1 }),
    );
    const again = await ledger.http.post(`/leads/${answer['leadId']}/extend`).send({ reason: 'once more' });
    expectProblem(again, 422, 'EXTENSION_LIMIT_REACHED');
    expect(again.body).toEqual(expect.objectContaining({ extensions: 1, maxLeadExtensions: 1 }));
    expectProblem(await ledger.http.post(`/leads/${uid('nobody')}/extend`).send({ reason: 'r' }), 404, 'LEAD_NOT_FOUND');
    expectProblem(await ledger.http.post(`/leads/${answer['leadId']}/extend`).send({}), 400);
  });

  it('POST /leads/:leadId/lost records the loss and frees the customer project: winning, extending or losing it again is 409 LEAD_NOT_OPEN', async () => {
    const holder = await registerPartner(ledger.http);
    const next = await registerPartner(ledger.http);
    const customer = { id: uid('cust'), name: 'Initech' };
    const { answer } = await registered(ledger.http, holder.partnerId, { customer, project: 'Cloud move' });
    const lost = await ledger.http.post(`/leads/${answer['leadId']}/lost`).send({ reason: 'customer chose a competitor' }).expect(201);
    expect(lost.body).toEqual(expect.objectContaining({ leadId: answer['leadId'], partnerId: holder.partnerId, streamId: `lead-${answer['leadId']}`, revision: '1' }));
    expect(lost.body.eventIds).toHaveLength(1);
    expect(await read(ledger.http, `/leads/${answer['leadId']}`, lost.body.position)).toEqual(
      expect.objectContaining({ status: 'lost', lostReason: 'customer chose a competitor', closedAt: expect.any(String) }),
    );

    expectProblem(await ledger.http.post(`/leads/${answer['leadId']}/won`).send(winBody), 409, 'LEAD_NOT_OPEN');
    expectProblem(await ledger.http.post(`/leads/${answer['leadId']}/extend`).send({ reason: 'r' }), 409, 'LEAD_NOT_OPEN');
    expectProblem(await ledger.http.post(`/leads/${answer['leadId']}/lost`).send({ reason: 'r' }), 409, 'LEAD_NOT_OPEN');

    // The next partner to register the project holds it.
    const taken = await registerLead(ledger.http, next.partnerId, { customer, project: 'CLOUD MOVE' });
    expect(taken['partnerId']).toBe(next.partnerId);
    expectProblem(await ledger.http.post(`/partners/${holder.partnerId}/leads`).send(leadBody({ customer, project: 'cloud move' })), 409, 'LEAD_ALREADY_REGISTERED');
  });

  it('POST /leads/expire-due expires the open leads whose protectedUntil ≤ asOf (exactly at protectedUntil), frees their projects, and answers how many', async () => {
    const holder = await registerPartner(ledger.http);
    const next = await registerPartner(ledger.http);
    const customer = { id: uid('cust'), name: 'Umbrella' };
    // Registered in 2001: protected until 1 April 2001 (90 days), a year no other case uses.
    const { answer } = await registered(ledger.http, holder.partnerId, { customer, project: 'Email security', occurredAt: '2001-01-01T00:00:00Z' });
    const won = await registered(ledger.http, holder.partnerId, { occurredAt: '2001-01-01T00:00:00Z' });
    await winDeal(ledger.http, won.answer['leadId'], { ...winBody, occurredAt: '2001-02-01T00:00:00Z' });

    const early = await expireDue(ledger.http, { asOf: '2001-03-31T23:59:59.999Z' }).expect(201);
    expect(early.body).toEqual({ asOf: '2001-03-31T23:59:59.999Z', expired: 0, leadIds: [], position: '0', eventIds: [] });

    const due = await expireDue(ledger.http, { asOf: '2001-04-01T00:00:00Z' }).expect(201);
    expect(due.body).toEqual({ asOf: '2001-04-01T00:00:00Z', expired: 1, leadIds: [answer['leadId']], position: expect.stringMatching(DECIMAL_POSITION), eventIds: [expect.any(String)] });
    expect(await read(ledger.http, `/leads/${answer['leadId']}`, due.body.position)).toEqual(expect.objectContaining({ status: 'expired', closedAt: '2001-04-01T00:00:00.000Z' }));
    // A won lead is never expired.
    expect(await read(ledger.http, `/leads/${won.answer['leadId']}`, due.body.position)).toEqual(expect.objectContaining({ status: 'won' }));

    // Asked again: nothing more.
    expect((await expireDue(ledger.http, { asOf: '2001-04-01T00:00:00Z' }).expect(201)).body).toEqual(expect.objectContaining({ expired: 0 }));

    expectProblem(await ledger.http.post(`/leads/${answer['leadId']}/won`).send(winBody), 409, 'LEAD_NOT_OPEN');
    const taken = await registerLead(ledger.http, next.partnerId, { customer, project: 'email security', occurredAt: '2001-04-02T00:00:00Z' });
    expect(taken['partnerId']).toBe(next.partnerId);
  });

  it('POST /leads/expire-due without asOf expires as of now; a body field it does not know is 400', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { answer } = await registered(ledger.http, partnerId, { occurredAt: plusDays(new Date().toISOString(), -91) });
    const due = await expireDue(ledger.http).expect(201);
    expect(due.body.leadIds).toContain(answer['leadId']);
    expect(due.body.expired).toBe(due.body.leadIds.length);
    expectProblem(await expireDue(ledger.http, { asOf: 'yesterday' }), 400);
    expectProblem(await expireDue(ledger.http, { unknown: 1 }), 400);
  });

  it.each([1, 2, 3])('a registration racing an expiry is decided by the project\'s stream: refused while held, holding once released (round %i)', async (round) => {
    const holder = await registerPartner(ledger.http);
    const next = await registerPartner(ledger.http);
    const customer = { id: uid('cust'), name: 'Hooli' };
    // Each round in a year of its own, so that only its lead is due.
    const year = 2002 + round;
    const { answer } = await registered(ledger.http, holder.partnerId, { customer, project: 'Zero trust', occurredAt: `${year}-01-01T00:00:00Z` });
    const [expiry, registration] = await Promise.all([
      expireDue(ledger.http, { asOf: `${year}-06-01T00:00:00Z` }),
      ledger.http.post(`/partners/${next.partnerId}/leads`).send(leadBody({ customer, project: 'zero trust', occurredAt: `${year}-06-01T00:00:00Z` })),
    ]);
    expect(expiry.status).toBe(201);
    expect(expiry.body.leadIds).toContain(answer['leadId']);
    if (registration.status === 409) {
      // Claimed before the release: the project was still held. Once released, it is free.
      expectProblem(registration, 409, 'LEAD_ALREADY_REGISTERED');
      expect(registration.body.holderPartnerId).toBe(holder.partnerId);
      await registerLead(ledger.http, next.partnerId, { customer, project: 'zero trust', occurredAt: `${year}-06-02T00:00:00Z` });
    } else {
      expect(registration.status).toBe(201);
    }
    // Either way, exactly one more registration holds it now: the holder's is refused.
    expectProblem(await ledger.http.post(`/partners/${holder.partnerId}/leads`).send(leadBody({ customer, project: 'Zero trust' })), 409, 'LEAD_ALREADY_REGISTERED');
  });

  it('POST /leads/:leadId/lost retried with the same Idempotency-Key answers the same, and releases the project once', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { answer } = await registered(ledger.http, partnerId);
    const key = uid('lost');
    const first = await ledger.http.post(`/leads/${answer['leadId']}/lost`).set('Idempotency-Key', key).send({ reason: 'no budget' }).expect(201);
    const head = await headPosition(ledger.http);
    const again = await ledger.http.post(`/leads/${answer['leadId']}/lost`).set('Idempotency-Key', key).send({ reason: 'no budget' }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await headPosition(ledger.http)).toBe(head);
    // The loss and the release: two events; the answer's position is the release's.
    expect(BigInt(first.body.position)).toBe(BigInt(answer.position) + 2n);
    expect(first.body.eventIds).toHaveLength(1);
  });

  it('GET /partners/:partnerId/leads lists a partner\'s leads by status, paginated', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const open = await registered(ledger.http, partnerId);
    const second = await registered(ledger.http, partnerId);
    const third = await registered(ledger.http, partnerId);
    const lost = await ledger.http.post(`/leads/${third.answer['leadId']}/lost`).send({ reason: 'no budget' }).expect(201);

    const pages = await allPages(ledger.http, `/partners/${partnerId}/leads?limit=1`, lost.body.position);
    expect(pages).toHaveLength(3);
    expect(pages.flat().map((l) => l['leadId']).sort()).toEqual([open, second, third].map((l) => l.answer['leadId']).sort());
    const openOnly = await read(ledger.http, `/partners/${partnerId}/leads?status=open`, lost.body.position);
    expect(openOnly['items']).toHaveLength(2);
    expect(openOnly['items'].every((l: Json) => l['status'] === 'open' && l['partnerId'] === partnerId)).toBe(true);
    const lostOnly = await read(ledger.http, `/partners/${partnerId}/leads?status=lost`, lost.body.position);
    expect(lostOnly['items'].map((l: Json) => l['leadId'])).toEqual([third.answer['leadId']]);

    expectProblem(await ledger.http.get(`/partners/${partnerId}/leads?status=pending`), 400);
    expectProblem(await ledger.http.get(`/partners/${uid('nobody')}/leads`), 404, 'PARTNER_NOT_FOUND');
  });

  // Last: a version published here judges every later fact of this ledger.
  it('a registration that occurred before a new version took effect, reported after it, is protected by the older version\'s days', async () => {
    await ledger.http.put('/program').send({ ...defaultPublishedRules(), effectiveFrom: '2010-01-01T00:00:00Z', leadProtectionDays: 30 }).expect(201);
    const { partnerId } = await registerPartner(ledger.http);
    const before = await registered(ledger.http, partnerId, { occurredAt: '2009-12-31T00:00:00Z' });
    expect(before.lead).toEqual(expect.objectContaining({ protectedUntil: '2010-03-31T00:00:00.000Z', rulesVersion: 1 }));
    const after = await registered(ledger.http, partnerId, { occurredAt: '2010-01-02T00:00:00Z' });
    expect(after.lead).toEqual(expect.objectContaining({ protectedUntil: '2010-02-01T00:00:00.000Z', rulesVersion: 2 }));
  });
});
