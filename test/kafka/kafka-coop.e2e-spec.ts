import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { coopRulesBody } from '../e2e/support/coop';
import { describeWithServer } from '../support/server-suite';
import { allEvents, header, kafkaLedgerSuite, publish, waitFor } from './support/kafka-harness';
import { coopClaimSubmitted, Json, leadRegistered, partnerRegistered, uid } from './support/messages';

/**
 * CoopClaimSubmitted through a real broker: the same workflow as POST
 * /partners/:id/coop/claims (the claim id taken, then the partner's balance decides); a claim
 * above the balance and another partner's claim id are dead-lettered with their reason;
 * delivered again, nothing twice; a LeadRegistered names the claim it came from.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka: co-op claims (real broker)', (brokers) => {
  const suite = kafkaLedgerSuite(brokers, 'coop18');
  const [partnerId, otherId] = [uid('p'), uid('p')];
  const store = () => suite.ledger.app.get<EventStore>(EVENT_STORE);
  const claimsOf = async (id: string) => (await allEvents(store())).filter((e) => e.type === 'CoopClaimSubmitted' && e.data['partnerId'] === id);
  const send = (key: string, ...values: Json[]) => publish(suite.producer, suite.names.topic, values.map((value) => ({ key, value })));

  beforeAll(async () => {
    // A launch grant of 1000.00 for partners registered from 2024 on.
    await suite.ledger.http().put('/program').send(coopRulesBody()).expect(201);
  });

  it('records a claim once, dead-letters one above the balance and another partner\'s claim id, and attributes a lead to the claim', async () => {
    const claim = coopClaimSubmitted(partnerId, 'coop-k-1', { occurredAt: '2025-01-10T00:00:00Z' }, { amount: { amount: '600.00', currency: 'EUR' } });
    await send(partnerId, partnerRegistered(partnerId, { occurredAt: '2025-01-01T00:00:00Z' }), claim);
    await waitFor(async () => (await claimsOf(partnerId)).length === 1, { what: () => 'the claim' });
    const [recorded] = await claimsOf(partnerId);
    expect(recorded!.data).toEqual({ partnerId, claimId: 'coop-k-1', activity: 'open-day', amount: { minor: 60000, currency: 'EUR' }, description: 'Open day at the Rennes office' });
    expect(recorded!.metadata).toMatchObject({ source: 'kafka:marketing', causationId: claim['id'], idempotencyKey: claim['id'] });

    const before = suite.deadLetters.messages.length;
    await send(partnerId, claim, coopClaimSubmitted(partnerId, 'coop-k-2', { occurredAt: '2025-01-11T00:00:00Z' }, { amount: { amount: '400.01', currency: 'EUR' } }));
    await send(otherId, partnerRegistered(otherId, { occurredAt: '2025-01-01T00:00:00Z' }), coopClaimSubmitted(otherId, 'coop-k-1', { occurredAt: '2025-01-12T00:00:00Z' }));
    const dead = (await suite.deadLetters.waitForCount(before + 2)).slice(before);
    expect(dead.map((m) => header(m, 'x-error-code')).sort()).toEqual(['COOP_BALANCE_EXCEEDED', 'COOP_CLAIM_ID_TAKEN']);
    expect(dead.find((m) => header(m, 'x-error-code') === 'COOP_BALANCE_EXCEEDED')!.value!.toString()).toContain('coop-k-2');

    const lead = leadRegistered(partnerId, uid('lead'), { occurredAt: '2025-02-01T00:00:00Z' });
    lead['payload'].coopClaimId = 'coop-k-1';
    await send(partnerId, lead);
    await waitFor(async () => (await allEvents(store())).some((e) => e.type === 'LeadRegistered' && e.data['leadId'] === lead['payload'].leadId), { what: () => 'the lead' });
    const registered = (await allEvents(store())).find((e) => e.type === 'LeadRegistered' && e.data['leadId'] === lead['payload'].leadId)!;
    expect(registered.data).toMatchObject({ partnerId, coopClaimId: 'coop-k-1' });

    // Delivered again, the first claim is recorded once; the other partner recorded none.
    expect(await claimsOf(partnerId)).toHaveLength(1);
    expect(await claimsOf(otherId)).toEqual([]);
  });
});
