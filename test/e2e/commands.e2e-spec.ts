import {
  CommandAnswer, DECIMAL_POSITION, UUID, certificationBody, headPosition, incentiveBody, leadBody, partnerBody, read, registerLead, registerPartner, uid,
} from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** Every command route answers 201 with { streamId, revision, position, eventIds, ...ids }. */
describe.each(readStoreVariants())('commands (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger(variant);
  });
  afterAll(() => ledger?.close());

  /** The answer's position is the new head: each command's events are the latest ones. */
  async function expectAnswer(answer: CommandAnswer, expected: { streamId: string; revision: string; events: number }) {
    expect(answer).toEqual(expect.objectContaining({ streamId: expected.streamId, revision: expected.revision }));
    expect(answer.position).toMatch(DECIMAL_POSITION);
    expect(answer.eventIds).toHaveLength(expected.events);
    for (const id of answer.eventIds) expect(id).toMatch(UUID);
    expect(new Set(answer.eventIds).size).toBe(answer.eventIds.length);
    expect(await headPosition(ledger.http)).toBe(answer.position);
  }

  it('POST /partners registers a partner', async () => {
    const body = partnerBody({ typology: 'var', territory: { country: 'DE' } });
    const response = await ledger.http.post('/partners').send(body).expect(201);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body.partnerId).toBe(body['partnerId']);
    await expectAnswer(response.body, { streamId: `partner-${body['partnerId']}`, revision: '0', events: 1 });
  });

  it('POST /partners without partnerId generates one', async () => {
    const { partnerId: _omitted, ...body } = partnerBody();
    const response = await ledger.http.post('/partners').send(body).expect(201);
    expect(response.body.partnerId).toEqual(expect.any(String));
    await expectAnswer(response.body, { streamId: `partner-${response.body.partnerId}`, revision: '0', events: 1 });
    const profile = await read(ledger.http, `/partners/${response.body.partnerId}`, response.body.position);
    expect(profile['name']).toBe(body['name']);
  });

  it('POST /partners/:partnerId/leads registers a lead (claim, then the lead stream)', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const before = BigInt(await headPosition(ledger.http));
    const body = leadBody();
    const response = await ledger.http.post(`/partners/${partnerId}/leads`).send(body).expect(201);
    expect(response.body).toEqual(expect.objectContaining({ partnerId, leadId: body['leadId'] }));
    await expectAnswer(response.body, { streamId: `lead-${body['leadId']}`, revision: '0', events: 1 });
    // the opportunity claim and the registration: two events
    expect(BigInt(response.body.position)).toBe(before + 2n);
  });

  it('POST /partners/:partnerId/leads without leadId generates one', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { leadId: _omitted, ...body } = leadBody();
    const response = await ledger.http.post(`/partners/${partnerId}/leads`).send(body).expect(201);
    expect(response.body.leadId).toEqual(expect.any(String));
    await expectAnswer(response.body, { streamId: `lead-${response.body.leadId}`, revision: '0', events: 1 });
  });

  it('POST /leads/:leadId/won records a win with lines', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { leadId } = await registerLead(ledger.http, partnerId);
    const response = await ledger.http
      .post(`/leads/${leadId}/won`)
      .send({
        amount: '1250.10',
        currency: 'EUR',
        occurredAt: '2026-03-14T09:30:00Z',
        lines: [
          { productLine: 'utm', product: 'UTM-500', revenue: '1000.00', margin: '250.00' },
          { productLine: 'endpoint', product: 'EPP seats', revenue: '250.10', margin: '50.02' },
        ],
      })
      .expect(201);
    expect(response.body).toEqual(expect.objectContaining({ leadId, partnerId }));
    await expectAnswer(response.body, { streamId: `lead-${leadId}`, revision: '1', events: 1 });
  });

  it('POST /leads/:leadId/won records a win without lines', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { leadId } = await registerLead(ledger.http, partnerId);
    const response = await ledger.http.post(`/leads/${leadId}/won`).send({ amount: '99.99', currency: 'EUR' }).expect(201);
    await expectAnswer(response.body, { streamId: `lead-${leadId}`, revision: '1', events: 1 });
  });

  it('POST /partners/:partnerId/certifications records the certification and the tier change', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const response = await ledger.http.post(`/partners/${partnerId}/certifications`).send(certificationBody({ productLine: 'utm' })).expect(201);
    expect(response.body.partnerId).toBe(partnerId);
    // CertificationEarned, then TierChanged none -> silver
    await expectAnswer(response.body, { streamId: `partner-${partnerId}`, revision: '2', events: 2 });

    const second = await ledger.http.post(`/partners/${partnerId}/certifications`).send(certificationBody({ productLine: 'utm' })).expect(201);
    await expectAnswer(second.body, { streamId: `partner-${partnerId}`, revision: '3', events: 1 });
  });

  it('POST /partners/:partnerId/certifications/expire records lapsed certifications and the tier that follows', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    await ledger.http
      .post(`/partners/${partnerId}/certifications`)
      .send(certificationBody({ productLine: 'utm', occurredAt: '2026-01-10T08:00:00Z', expiresAt: '2026-02-10T08:00:00Z' }))
      .expect(201);
    const response = await ledger.http
      .post(`/partners/${partnerId}/certifications/expire`)
      .send({ asOf: '2026-03-01T00:00:00Z', occurredAt: '2026-03-01T00:00:00Z' })
      .expect(201);
    // CertificationExpired, then TierChanged silver -> none
    await expectAnswer(response.body, { streamId: `partner-${partnerId}`, revision: '4', events: 2 });
    const profile = await read(ledger.http, `/partners/${partnerId}`, response.body.position);
    expect(profile['tier']).toBe('none');
    expect(profile['certifiedEngineers']).toEqual({ utm: [] });
  });

  it('POST /partners/:partnerId/certifications/expire with nothing due appends nothing', async () => {
    const { partnerId, position } = await registerPartner(ledger.http);
    const response = await ledger.http.post(`/partners/${partnerId}/certifications/expire`).send({}).expect(201);
    expect(response.body).toEqual({ partnerId, streamId: `partner-${partnerId}`, revision: '0', position, eventIds: [] });
    expect(await headPosition(ledger.http)).toBe(position);
  });

  it('POST /partners/:partnerId/incentives awards an incentive', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const incentiveId = uid('inc');
    // An incentive named in a challenge needs the challenge (404 CHALLENGE_NOT_FOUND otherwise), and a date within it.
    const challengeId = uid('spring-2026');
    await ledger.http
      .post('/challenges')
      .send({ challengeId, name: 'Spring 2026', from: '2026-03-20T00:00:00Z', to: '2026-06-21T00:00:00Z', metric: 'dealsWon', eligibleRoles: ['sales', 'presales', 'technical'] })
      .expect(201);
    const response = await ledger.http
      .post(`/partners/${partnerId}/incentives`)
      .send(incentiveBody({ incentiveId, challengeId, kind: 'trip', recipient: { personId: 'tech-1', role: 'technical' }, occurredAt: '2026-04-01T00:00:00Z' }))
      .expect(201);
    expect(response.body).toEqual(expect.objectContaining({ partnerId, incentiveId }));
    await expectAnswer(response.body, { streamId: `partner-${partnerId}`, revision: '1', events: 1 });
  });

  it('POST /partners/:partnerId/incentives without incentiveId generates one', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const response = await ledger.http.post(`/partners/${partnerId}/incentives`).send(incentiveBody()).expect(201);
    expect(response.body.incentiveId).toEqual(expect.stringMatching(/\S/));
    await expectAnswer(response.body, { streamId: `partner-${partnerId}`, revision: '1', events: 1 });
  });
});
