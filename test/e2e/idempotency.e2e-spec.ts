import {
  Json, certificationBody, earnCertification, expectProblem, headPosition, incentiveBody, leadBody, partnerBody, read, registerLead, registerPartner, uid,
} from './support/ledger-api';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ReappendingEventStore } from '../../libs/event-store/src/testing/reappending-event-store';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** Sends the same command twice with one Idempotency-Key: the same answer, appended once. */
async function sendTwice(http: Http, path: string, body: Json) {
  const key = uid('key');
  const first = await http.post(path).set('Idempotency-Key', key).send(body);
  expect(first.status).toBe(201);
  const head = await headPosition(http);
  expect(head).toBe(first.body.position);
  const second = await http.post(path).set('Idempotency-Key', key).send(body);
  expect(second.status).toBe(201);
  expect(second.body).toEqual(first.body);
  expect(await headPosition(http)).toBe(head);
  return { key, answer: first.body as Json };
}

const historyCount = async (http: Http, partnerId: string, minPosition: string) =>
  (await read(http, `/partners/${partnerId}/history?limit=500`, minPosition))['items'].length as number;

/**
 * Idempotency-Key on every command route. Each suite runs twice: on the embedded event store
 * as it is, and behind a TEST DOUBLE of one EventStoreDB rule (ids appended again at a
 * stream's current revision are written again: ReappendingEventStore), which the write path's
 * own look-up of a command's ids must make harmless.
 */
const storeVariants = [
  { store: 'embedded event store', reappends: false },
  { store: 'a store that re-appends ids at the current revision (test double of EventStoreDB\'s rule)', reappends: true },
];

describe.each(readStoreVariants().flatMap((variant) => storeVariants.map((store) => ({ variant, ...store, title: `${variant.name} read store, ${store.store}` }))))('idempotency ($title)', ({ variant, reappends }) => {
  let ledger: RunningLedger;
  let double: ReappendingEventStore | undefined;
  beforeAll(async () => {
    ledger = await startLedger(variant);
    if (reappends) double = ReappendingEventStore.install(ledger.app.get<EventStore>(EVENT_STORE)).double;
  });
  afterAll(() => {
    // The write path never sent the double an append it would have written twice.
    if (double) expect(double.reappends).toBe(0);
    return ledger?.close();
  });

  it('POST /partners: the same key registers once, with the same generated partnerId', async () => {
    const { partnerId: _omitted, ...body } = partnerBody();
    const { answer } = await sendTwice(ledger.http, '/partners', body);
    expect(await historyCount(ledger.http, answer['partnerId'], answer['position'])).toBe(1);
    const listed = await read(ledger.http, '/partners?limit=500', answer['position']);
    expect(listed['items'].filter((p: Json) => p['name'] === body['name'] && p['partnerId'] === answer['partnerId'])).toHaveLength(1);
  });

  it('POST /partners/:partnerId/leads: the same key registers one lead (no second claim, no LEAD_ALREADY_REGISTERED)', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { leadId: _omitted, ...body } = leadBody();
    const { answer } = await sendTwice(ledger.http, `/partners/${partnerId}/leads`, body);
    expect(await historyCount(ledger.http, partnerId, answer['position'])).toBe(3); // registered, claimed, lead registered
    expect((await read(ledger.http, `/partners/${partnerId}`, answer['position']))['counters']['leadsRegistered']).toBe(1);
  });

  it('POST /leads/:leadId/won: the same key wins once; after the win it still answers the original 201, not 409', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { leadId } = await registerLead(ledger.http, partnerId);
    const body = { amount: '1250.10', currency: 'EUR', lines: [{ productLine: 'utm', product: 'UTM-500', revenue: '1250.10', margin: '300.00' }] };
    const { key, answer } = await sendTwice(ledger.http, `/leads/${leadId}/won`, body);

    // another key is a new command: refused, the deal is already won
    expectProblem(await ledger.http.post(`/leads/${leadId}/won`).set('Idempotency-Key', uid('key')).send(body), 409, 'DEAL_ALREADY_WON');
    // the first key, later, still gets the original answer
    const head = await headPosition(ledger.http);
    const third = await ledger.http.post(`/leads/${leadId}/won`).set('Idempotency-Key', key).send(body);
    expect(third.status).toBe(201);
    expect(third.body).toEqual(answer);
    expect(await headPosition(ledger.http)).toBe(head);

    const profile = await read(ledger.http, `/partners/${partnerId}`, head);
    expect(profile['counters']).toEqual(expect.objectContaining({ dealsWon: 1, revenueWon: '1250.10' }));
  });

  it('POST /partners/:partnerId/certifications: the same key records one certification and one tier change', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { answer } = await sendTwice(ledger.http, `/partners/${partnerId}/certifications`, certificationBody({ productLine: 'utm' }));
    expect(answer['eventIds']).toHaveLength(2);
    expect(await historyCount(ledger.http, partnerId, answer['position'])).toBe(3);
    expect((await read(ledger.http, `/partners/${partnerId}`, answer['position']))['counters']['certificationsEarned']).toBe(1);
  });

  it('POST /partners/:partnerId/certifications/expire: the same key expires once', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    await earnCertification(ledger.http, partnerId, { productLine: 'utm', occurredAt: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' });
    const { answer } = await sendTwice(ledger.http, `/partners/${partnerId}/certifications/expire`, { asOf: '2026-03-01T00:00:00Z' });
    expect(answer['eventIds']).toHaveLength(2); // expired, tier back to none
    expect(await historyCount(ledger.http, partnerId, answer['position'])).toBe(5);
  });

  it('POST /partners/:partnerId/incentives: the same key awards once, with the same generated incentiveId', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { answer } = await sendTwice(ledger.http, `/partners/${partnerId}/incentives`, incentiveBody({ value: { amount: '500.00', currency: 'EUR' } }));
    expect(answer['incentiveId']).toEqual(expect.any(String));
    const profile = await read(ledger.http, `/partners/${partnerId}`, answer['position']);
    expect(profile['counters']).toEqual(expect.objectContaining({ incentivesAwarded: 1, incentivesValue: '500.00' }));
  });

  it('a retry after other events on the same stream still answers the original, and appends nothing', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const key = uid('key');
    const body = incentiveBody();
    const first = await ledger.http.post(`/partners/${partnerId}/incentives`).set('Idempotency-Key', key).send(body).expect(201);
    await earnCertification(ledger.http, partnerId);
    const head = await headPosition(ledger.http);
    const retry = await ledger.http.post(`/partners/${partnerId}/incentives`).set('Idempotency-Key', key).send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await headPosition(ledger.http)).toBe(head);
  });

  it('concurrent retries with one key append once', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const key = uid('key');
    const body = incentiveBody();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => ledger.http.post(`/partners/${partnerId}/incentives`).set('Idempotency-Key', key).send(body)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    const head = await headPosition(ledger.http);
    expect((await read(ledger.http, `/partners/${partnerId}`, head))['counters']['incentivesAwarded']).toBe(1);
  });
});
