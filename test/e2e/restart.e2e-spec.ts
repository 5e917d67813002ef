import {
  Json, awardIncentive, byRoleCounters, earnCertification, headPosition, read, registerLead, registerPartner, winDeal,
} from './support/ledger-api';
import { Http, readStoreVariants, restartableLedger } from './support/ledger-harness';

/** Everything a client can read about one partner, at `position`. */
async function snapshot(http: Http, partnerId: string, position: string): Promise<Json> {
  return {
    partner: await read(http, `/partners/${partnerId}`, position),
    partners: await read(http, '/partners?limit=500', position),
    march: await read(http, `/partners/${partnerId}/scorecards/2026-03`, position),
    february: await read(http, `/partners/${partnerId}/scorecards/2026-02`, position),
    scorecards: await read(http, '/scorecards?period=2026-03&sort=-revenueWon', position),
    history: await read(http, `/partners/${partnerId}/history?limit=500`, position),
  };
}

/** Stopping the ledger and starting it again on the same DATA_DIR (and read store) loses nothing. */
describe.each(readStoreVariants())('restart (%s)', (variant) => {
  const suite = restartableLedger(variant);

  it('answers the same partner, scorecards and history after a restart, and continues at the next positions', async () => {
    await suite.start();
    const { partnerId } = await registerPartner(suite.http, { typology: 'wholesaler', territory: { country: 'ES' } });
    const other = await registerPartner(suite.http);
    const { leadId } = await registerLead(suite.http, partnerId, { occurredAt: '2026-02-27T10:00:00Z' });
    await winDeal(suite.http, leadId, { amount: '1250.10', currency: 'EUR', occurredAt: '2026-03-03T10:00:00Z' });
    await earnCertification(suite.http, partnerId, { engineerId: 'eng-1', productLine: 'utm', occurredAt: '2026-03-04T10:00:00Z' });
    await earnCertification(suite.http, other.partnerId, { productLine: 'utm', occurredAt: '2026-03-04T10:00:00Z' });
    const retried = await suite.http
      .post(`/partners/${partnerId}/incentives`)
      .set('Idempotency-Key', 'restart-key-1')
      .send({ recipient: { personId: 'p1', role: 'sales' }, kind: 'cash', value: { amount: '99.95', currency: 'EUR' }, reason: 'Top seller', occurredAt: '2026-03-05T10:00:00Z' })
      .expect(201);
    const head = await headPosition(suite.http);
    const before = await snapshot(suite.http, partnerId, head);
    expect(before['partner']['counters']).toEqual(expect.objectContaining({ leadsRegistered: 1, dealsWon: 1, revenueWon: '1250.10', certificationsEarned: 1 }));
    await suite.stop();

    await suite.start();
    expect(await headPosition(suite.http)).toBe(head);
    expect(await snapshot(suite.http, partnerId, head)).toEqual(before);
    const status = (await suite.http.get('/projections').expect(200)).body;
    for (const projection of status.projections as Json[]) expect(projection).toEqual(expect.objectContaining({ checkpoint: head, lag: '0' }));

    // a retry of a command recorded before the restart still gets its original answer
    const retry = await suite.http
      .post(`/partners/${partnerId}/incentives`)
      .set('Idempotency-Key', 'restart-key-1')
      .send({ recipient: { personId: 'p1', role: 'sales' }, kind: 'cash', value: { amount: '99.95', currency: 'EUR' }, reason: 'Top seller', occurredAt: '2026-03-05T10:00:00Z' })
      .expect(201);
    expect(retry.body).toEqual(retried.body);
    expect(await headPosition(suite.http)).toBe(head);

    // new commands continue after the last position and revision
    const next = await awardIncentive(suite.http, partnerId, { value: { amount: '0.05', currency: 'EUR' }, occurredAt: '2026-03-06T10:00:00Z' });
    expect(BigInt(next.position)).toBe(BigInt(head) + 1n);
    expect(next.revision).toBe(String(BigInt(retried.body.revision) + 1n));
    const march = await read(suite.http, `/partners/${partnerId}/scorecards/2026-03`, next.position);
    expect(march).toEqual({ ...before['march'], incentivesAwarded: 2, incentivesValue: '100.00', ...byRoleCounters({ sales: [1, '99.95'], presales: [1, '0.05'] }) });
    const history = await read(suite.http, `/partners/${partnerId}/history?limit=500`, next.position);
    expect(history['items'].slice(0, -1)).toEqual(before['history']['items']);
    expect(history['items'].at(-1)).toEqual(expect.objectContaining({ eventId: next.eventIds[0], position: next.position }));
  });

  it('keeps everything across a second restart too', async () => {
    const head = await headPosition(suite.http);
    const partners = await read(suite.http, '/partners?limit=500', head);
    await suite.stop();
    await suite.start();
    expect(await read(suite.http, '/partners?limit=500', head)).toEqual(partners);
    expect(await headPosition(suite.http)).toBe(head);
  });
});
