import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { describeWithServer } from '../support/server-suite';
import { allEvents, header, kafkaLedgerSuite, publish, readWhen as readWhenReady } from './support/kafka-harness';
import { dealReversed, dealWon, Json, leadRegistered, partnerRegistered, uid } from './support/messages';

/**
 * DealReversed through a real broker: recorded by the same command as POST
 * /leads/:leadId/reversal and counted in the month it occurred in; one above what remains of
 * the deal is dead-lettered with REVERSAL_EXCEEDS_DEAL and what remains in its reason;
 * delivered again, nothing is reversed twice.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka: deal reversals (real broker)', (brokers) => {
  const suite = kafkaLedgerSuite(brokers, 'reversals18');
  const partnerId = uid('p');
  const leadId = uid('lead');

  const store = () => suite.ledger.app.get<EventStore>(EVENT_STORE);
  const reversalsOf = async () => (await allEvents(store())).filter((e) => e.type === 'DealReversed' && e.data['leadId'] === leadId);
  const readWhen = (path: string, ready: (body: Json) => boolean) => readWhenReady(suite.ledger, path, ready);

  it('reverses part of a won deal in the next month; delivered again, once; one above what remains is dead-lettered with the reason; then all that remains', async () => {
    const refund = dealReversed(leadId, { occurredAt: '2026-04-02T09:00:00Z' }, { amount: '500.00', reversalId: 'credit-note-1' });
    await publish(suite.producer, suite.names.topic, [
      partnerRegistered(partnerId, { occurredAt: '2026-03-01T00:00:00Z' }),
      leadRegistered(partnerId, leadId, { occurredAt: '2026-03-02T00:00:00Z' }),
      dealWon(leadId, { occurredAt: '2026-03-20T00:00:00Z' }), // 18500.00 on one utm line
      refund,
    ].map((value) => ({ key: partnerId, value })));

    const april = await readWhen(`/partners/${partnerId}/scorecards/2026-04`, (s) => s['revenueReversed'] === '500.00');
    expect(april).toEqual(expect.objectContaining({ revenueWon: '0.00', revenueReversed: '500.00', netRevenue: '-500.00' }));
    expect(await readWhen(`/partners/${partnerId}/scorecards/2026-03`, () => true)).toEqual(expect.objectContaining({ revenueWon: '18500.00', netRevenue: '18500.00' }));
    const [recorded] = await reversalsOf();
    expect(recorded!.data).toMatchObject({ reversalId: 'credit-note-1', amount: { minor: 500_00 }, totalReversed: { minor: 500_00 } });
    expect(recorded!.metadata).toMatchObject({ source: 'kafka:crm', idempotencyKey: refund['id'] });

    // Delivered again (same id), then a reversal of more than remains (18000.00).
    const before = suite.deadLetters.messages.length;
    await publish(suite.producer, suite.names.topic, [
      refund,
      dealReversed(leadId, { occurredAt: '2026-04-03T09:00:00Z' }, { amount: '18000.01' }),
    ].map((value) => ({ key: partnerId, value })));
    const [dead] = (await suite.deadLetters.waitForCount(before + 1)).slice(before);
    expect(header(dead!, 'x-error-code')).toBe('REVERSAL_EXCEEDS_DEAL');
    expect(header(dead!, 'x-error-message')).toContain('18000.00');

    // Without an amount: all that remains, with a reversal id derived from the message id.
    const rest = dealReversed(leadId, { occurredAt: '2026-05-05T09:00:00Z' });
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: rest }]);
    const profile = await readWhen(`/partners/${partnerId}`, (p) => p['counters']['dealsReversed'] === 1);
    expect(profile['counters']).toEqual(expect.objectContaining({ revenueWon: '18500.00', revenueReversed: '18500.00', netRevenue: '0.00', dealsReversed: 1 }));
    const reversals = await reversalsOf();
    expect(reversals.map((e) => e.data['amount'])).toEqual([{ minor: 500_00, currency: 'EUR' }, { minor: 18_000_00, currency: 'EUR' }]);
    expect(reversals[1]!.data['reversalId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('dead-letters a reversal of a lead never won, with its reason', async () => {
    const open = uid('lead');
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: leadRegistered(partnerId, open, { occurredAt: '2026-03-02T00:00:00Z' }) }]);
    await readWhen(`/leads/${open}`, () => true);
    const before = suite.deadLetters.messages.length;
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: dealReversed(open) }]);
    const [dead] = (await suite.deadLetters.waitForCount(before + 1)).slice(before);
    expect(header(dead!, 'x-error-code')).toBe('DEAL_NOT_WON');
  });
});
