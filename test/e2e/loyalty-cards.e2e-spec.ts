import { defaultPublishedRules } from '@ledger/domain';
import { expectProblem, headPosition, Json, leadBody, read, registerLead, registerPartner, winDeal } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const offence = (http: Http, partnerId: string, body: Json) => http.post(`/partners/${partnerId}/sanctions`).send({ reason: 'took a lead to a competitor', ...body });
const lift = (http: Http, partnerId: string, occurredAt: string) => http.post(`/partners/${partnerId}/sanctions/lift`).send({ reason: 'appeal upheld', occurredAt });
const registerAt = (http: Http, partnerId: string, occurredAt: string) => http.post(`/partners/${partnerId}/leads`).send(leadBody({ occurredAt }));

/** Loyalty cards over HTTP: yellow, red, the suspension of lead registration, lifting it (default rules: window 365 days, suspension 180). */
describe.each(readStoreVariants())('loyalty cards (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger(variant);
  });
  afterAll(() => ledger?.close());

  it('a first offence is a yellow card, shown on the profile and, with its reason, in the history', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const response = await offence(ledger.http, partnerId, { leadId: 'lead-x', occurredAt: '2026-01-10T00:00:00Z' }).expect(201);
    expect(response.body).toEqual(expect.objectContaining({ partnerId, card: 'yellow', streamId: `partner-${partnerId}`, revision: '1' }));
    expect(response.body).not.toHaveProperty('suspendedUntil');

    const profile = await read(ledger.http, `/partners/${partnerId}`, response.body.position);
    expect(profile['sanctions']).toEqual({ yellowCards: 1, redCards: 0, activeYellowUntil: '2027-01-10T00:00:00.000Z', suspendedUntil: null });
    const history = await read(ledger.http, `/partners/${partnerId}/history`, response.body.position);
    expect((history['items'] as Json[]).find((e) => e['type'] === 'SanctionIssued')?.['data']).toEqual({
      partnerId, card: 'yellow', reason: 'took a lead to a competitor', leadId: 'lead-x', rulesVersion: 1,
      issuedAt: '2026-01-10T00:00:00Z', activeUntil: '2027-01-10T00:00:00.000Z',
    });
  });

  it('a second offence within the window is a red card: no lead registration until suspendedUntil, leads registered before stay the partner\'s', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const before = await registerLead(ledger.http, partnerId, { occurredAt: '2026-01-01T00:00:00Z' });
    await offence(ledger.http, partnerId, { occurredAt: '2026-01-10T00:00:00Z' }).expect(201);
    const red = await offence(ledger.http, partnerId, { occurredAt: '2026-06-01T00:00:00Z' }).expect(201);
    expect(red.body).toEqual(expect.objectContaining({ partnerId, card: 'red', suspendedUntil: '2026-11-28T00:00:00.000Z' }));

    const refused = await registerAt(ledger.http, partnerId, '2026-07-01T00:00:00Z');
    expectProblem(refused, 422, 'PARTNER_SUSPENDED');
    expect(refused.body).toEqual(expect.objectContaining({ partnerId, suspendedUntil: '2026-11-28T00:00:00.000Z' }));
    // The lead registered before the red card is still its own: it can be won.
    await winDeal(ledger.http, before.leadId as string, { amount: '100.00', currency: 'EUR', occurredAt: '2026-07-01T00:00:00Z' });
    // At suspendedUntil the partner registers again.
    const after = await registerLead(ledger.http, partnerId, { occurredAt: '2026-11-28T00:00:00Z' });

    const profile = await read(ledger.http, `/partners/${partnerId}`, after.position);
    expect(profile['sanctions']).toEqual({ yellowCards: 1, redCards: 1, activeYellowUntil: null, suspendedUntil: '2026-11-28T00:00:00.000Z' });
    expect(profile['counters']).toEqual(expect.objectContaining({ leadsRegistered: 2, dealsWon: 1 }));
  });

  it('a yellow card older than the window does not count: the next offence is yellow again', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    await offence(ledger.http, partnerId, { occurredAt: '2025-01-10T00:00:00Z' }).expect(201);
    const second = await offence(ledger.http, partnerId, { occurredAt: '2026-02-01T00:00:00Z' }).expect(201);
    expect(second.body.card).toBe('yellow');
    await registerLead(ledger.http, partnerId, { occurredAt: '2026-02-02T00:00:00Z' });
  });

  it('lifting ends a suspension early (recorded); lifting when not suspended is 409 PARTNER_NOT_SUSPENDED', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    expectProblem(await lift(ledger.http, partnerId, '2026-03-01T00:00:00Z'), 409, 'PARTNER_NOT_SUSPENDED');
    await offence(ledger.http, partnerId, { occurredAt: '2026-01-10T00:00:00Z' }).expect(201);
    await offence(ledger.http, partnerId, { occurredAt: '2026-02-01T00:00:00Z' }).expect(201);
    expectProblem(await registerAt(ledger.http, partnerId, '2026-03-01T00:00:00Z'), 422, 'PARTNER_SUSPENDED');

    const lifted = await lift(ledger.http, partnerId, '2026-03-01T00:00:00Z').expect(201);
    expect(lifted.body).toEqual(expect.objectContaining({ partnerId, streamId: `partner-${partnerId}` }));
    await registerLead(ledger.http, partnerId, { occurredAt: '2026-03-01T00:00:00Z' });
    expectProblem(await lift(ledger.http, partnerId, '2026-03-02T00:00:00Z'), 409, 'PARTNER_NOT_SUSPENDED');

    const profile = await read(ledger.http, `/partners/${partnerId}`, lifted.body.position);
    expect(profile['sanctions']).toEqual({ yellowCards: 1, redCards: 1, activeYellowUntil: null, suspendedUntil: '2026-03-01T00:00:00Z' });
    const history = await read(ledger.http, `/partners/${partnerId}/history`, lifted.body.position);
    expect((history['items'] as Json[]).find((e) => e['type'] === 'SuspensionLifted')?.['data']).toEqual({
      partnerId, reason: 'appeal upheld', liftedAt: '2026-03-01T00:00:00Z', suspendedUntil: '2026-07-31T00:00:00.000Z',
    });
  });

  it('refuses an unknown partner (404) and a body without a reason (400), recording nothing', async () => {
    expectProblem(await offence(ledger.http, 'nobody-here', {}), 404, 'PARTNER_NOT_FOUND');
    expectProblem(await lift(ledger.http, 'nobody-here', '2026-03-01T00:00:00Z'), 404, 'PARTNER_NOT_FOUND');
    const { partnerId, position } = await registerPartner(ledger.http);
    expectProblem(await ledger.http.post(`/partners/${partnerId}/sanctions`).send({}), 400);
    expectProblem(await ledger.http.post(`/partners/${partnerId}/sanctions`).send({ reason: 'x', card: 'red' }), 400);
    expect(await headPosition(ledger.http)).toBe(position);
  });

  it('the window and the suspension are the ones of the rules in force at the offence', async () => {
    // Version 2 from 2031: a 30-day window, a 10-day suspension (this ledger's other cases are in 2025-2026).
    await ledger.http.put('/program').send({ ...defaultPublishedRules(), effectiveFrom: '2031-01-01T00:00:00Z', loyaltyWindowDays: 30, redCardSuspensionDays: 10 }).expect(201);
    const { partnerId } = await registerPartner(ledger.http);
    // Yellow under version 1 (a year's window), the next offence 60 days later under version 2: outside its 30 days.
    await offence(ledger.http, partnerId, { occurredAt: '2030-12-20T00:00:00Z' }).expect(201);
    const second = await offence(ledger.http, partnerId, { occurredAt: '2031-02-18T00:00:00Z' }).expect(201);
    expect(second.body.card).toBe('yellow');
    const third = await offence(ledger.http, partnerId, { occurredAt: '2031-03-01T00:00:00Z' }).expect(201);
    expect(third.body).toEqual(expect.objectContaining({ card: 'red', suspendedUntil: '2031-03-11T00:00:00.000Z' }));
    const history = await read(ledger.http, `/partners/${partnerId}/history`, third.body.position);
    expect((history['items'] as Json[]).filter((e) => e['type'] === 'SanctionIssued').map((e) => e['data']['rulesVersion'])).toEqual([1, 2, 2]);
  });
});
