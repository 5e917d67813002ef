import { streams } from '@ledger/domain';
import { CommandIds } from '../../apps/ledger/src/write/command-ids';
import { ProgramVersions } from '../../apps/ledger/src/write/program';
import { StreamWriter } from '../../apps/ledger/src/write/stream-writer';
import { coopRulesBody, eventStoreOf, money, ofType, partnerEvents, reactorReached, waitForEvents } from './support/coop';
import { earnCertification, expectProblem, Json, leadBody, registerLead, registerPartner, uid, winDeal } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const claim = (http: Http, partnerId: string, body: Json = {}) =>
  http.post(`/partners/${partnerId}/coop/claims`).send({ activity: 'open-day', amount: { amount: '100.00', currency: 'EUR' }, description: 'Open day at the Rennes office', ...body });
const approve = (http: Http, claimId: string) => http.post(`/coop/claims/${claimId}/approve`).send({});
const reject = (http: Http, claimId: string, reason = 'no invoice attached') => http.post(`/coop/claims/${claimId}/reject`).send({ reason });

/** Registered on 2025-01-01: in its launch phase (3 months, 1000.00 granted) until 2025-04-01. */
const REGISTERED_AT = '2025-01-01T00:00:00Z';

/**
 * The co-op budget's write side over HTTP: claims against the partner's balance (granted +
 * accrued − clawed back − approved − pending), an admin's approvals and rejections, leads
 * attributed to a claim, and the reactor's accruals after wins and clawbacks after reversals.
 * Balances are read from the partner's stream itself (the read model is another slice's).
 */
describe.each(readStoreVariants())('co-op budget: claims, approvals, accruals (%s)', (variant) => {
  let ledger: RunningLedger;
  const partner = async () => (await registerPartner(ledger.http, { occurredAt: REGISTERED_AT })).partnerId as string;

  beforeAll(async () => {
    ledger = await startLedger(variant);
    await ledger.http.put('/program').send(coopRulesBody()).expect(201);
  });
  afterAll(() => ledger?.close());

  it('records the launch grant with the registration, under the rules in force when the partner registered', async () => {
    const partnerId = await partner();
    const events = await partnerEvents(eventStoreOf(ledger), partnerId);
    expect(events.map((e) => e.type)).toEqual(['PartnerRegistered', 'CoopGranted']);
    expect(events[1]!.data).toEqual({ partnerId, amount: money('1000.00'), launchEndsAt: expect.stringMatching(/^2025-04-01T00:00:00/), rulesVersion: 2 });
    // Before the co-op rules were published: no grant.
    const early = (await registerPartner(ledger.http, { occurredAt: '2023-06-01T00:00:00Z' })).partnerId as string;
    expect((await partnerEvents(eventStoreOf(ledger), early)).map((e) => e.type)).toEqual(['PartnerRegistered']);
  });

  it('accrues nothing from a win in the launch phase, then the tier\'s rate of each win after it, at the tier the partner had when the win was recorded', async () => {
    const partnerId = await partner();
    const inLaunch = await registerLead(ledger.http, partnerId, { occurredAt: '2025-01-15T00:00:00Z' });
    await winDeal(ledger.http, inLaunch.leadId, { amount: '5000.00', currency: 'EUR', occurredAt: '2025-02-01T00:00:00Z' });
    const atNone = await registerLead(ledger.http, partnerId, { occurredAt: '2025-04-02T00:00:00Z' });
    await winDeal(ledger.http, atNone.leadId, { amount: '10000.55', currency: 'EUR', occurredAt: '2025-05-01T00:00:00Z' });
    // A flagship engineer makes the partner silver before the next win.
    await earnCertification(ledger.http, partnerId, { productLine: 'utm', occurredAt: '2025-05-10T00:00:00Z' });
    const atSilver = await registerLead(ledger.http, partnerId, { occurredAt: '2025-05-11T00:00:00Z' });
    const won = await winDeal(ledger.http, atSilver.leadId, { amount: '10000.00', currency: 'EUR', occurredAt: '2025-06-01T00:00:00Z' });

    const accrued = await waitForEvents(eventStoreOf(ledger), partnerId, 'CoopAccrued', 2);
    await reactorReached(ledger, won.position);
    expect(ofType(await partnerEvents(eventStoreOf(ledger), partnerId), 'CoopAccrued')).toEqual([
      // 2 % of 10000.55, rounded down to the cent: 200.011 → 200.01
      { partnerId, leadId: atNone.leadId, revenue: money('10000.55'), tier: 'none', rate: '2', amount: money('200.01'), rulesVersion: 2 },
      { partnerId, leadId: atSilver.leadId, revenue: money('10000.00'), tier: 'silver', rate: '3', amount: money('300.00'), rulesVersion: 2 },
    ]);
    expect(accrued).toHaveLength(2);
  });

  it('records a win\'s accrual in the win\'s request: a claim of the whole balance sent right after the answer is accepted', async () => {
    const partnerId = await partner();
    const lead = await registerLead(ledger.http, partnerId, { occurredAt: '2025-05-01T00:00:00Z' });
    const won = await winDeal(ledger.http, lead.leadId, { amount: '10000.00', currency: 'EUR', occurredAt: '2025-05-02T00:00:00Z' });
    // The answer's position is the accrual's, after the win's own event.
    const accrued = ofType(await partnerEvents(eventStoreOf(ledger), partnerId), 'CoopAccrued');
    expect(accrued).toEqual([expect.objectContaining({ leadId: lead.leadId, amount: money('200.00') })]);
    // 1000.00 granted + 200.00 accrued, the amount written as a decimal string in the ledger's currency.
    await claim(ledger.http, partnerId, { amount: '1200.00' }).expect(201);
    expectProblem(await claim(ledger.http, partnerId, { amount: '0.01' }), 422, 'COOP_BALANCE_EXCEEDED');
    expectProblem(await claim(ledger.http, partnerId, { amount: '5.00', currency: 'USD' }), 422, 'CURRENCY_NOT_ACCEPTED');
    // The reactor, following the same win later, records nothing more.
    await reactorReached(ledger, won.position);
    expect(ofType(await partnerEvents(eventStoreOf(ledger), partnerId), 'CoopAccrued')).toHaveLength(1);
  });

  it('claws back a reversal\'s share of the accrual, in proportion, and refuses an approval the clawed-back balance no longer covers', async () => {
    const partnerId = await partner();
    const lead = await registerLead(ledger.http, partnerId, { occurredAt: '2025-05-01T00:00:00Z' });
    await winDeal(ledger.http, lead.leadId, { amount: '10000.00', currency: 'EUR', occurredAt: '2025-05-02T00:00:00Z' });
    const store = eventStoreOf(ledger);
    await waitForEvents(store, partnerId, 'CoopAccrued', 1); // 200.00: the balance is 1200.00
    const spent = await claim(ledger.http, partnerId, { amount: { amount: '1200.00', currency: 'EUR' } }).expect(201);

    // The reversal route is another slice's: the lead's stream decides the reversal as that route would.
    const reverse = async (reversalId: string, amount: string | undefined, occurredAt: string) => {
      const program = await ledger.app.get(ProgramVersions).at(occurredAt);
      const context = { actor: 'e2e', source: 'e2e', correlationId: reversalId, causationId: reversalId, idempotencyKey: reversalId, receivedAt: occurredAt };
      return ledger.app.get(StreamWriter).execute({
        streamId: streams.lead(lead.leadId as string), decider: program.lead, ids: new CommandIds('ReverseDeal', context), context, occurredAt,
        command: { type: 'ReverseDeal', leadId: lead.leadId as string, reversalId, reason: 'refunded', occurredAt, ...(amount ? { amount: money(amount) } : {}) },
      });
    };
    await reverse(uid('rev'), '2500.00', '2025-06-01T00:00:00Z');
    expect(await waitForEvents(store, partnerId, 'CoopAccrualReversed', 1)).toEqual([
      expect.objectContaining({ partnerId, leadId: lead.leadId, amount: money('50.00') }),
    ]);
    // The pending claim of 1200.00 is now 50.00 more than the budget: its approval is refused, with what the budget holds for it.
    const refused = await approve(ledger.http, spent.body.claimId);
    expectProblem(refused, 422, 'COOP_BALANCE_EXCEEDED');
    expect(refused.body).toEqual(expect.objectContaining({ available: '1150.00', requested: '1200.00', currency: 'EUR' }));

    await reverse(uid('rev'), undefined, '2025-07-01T00:00:00Z'); // the rest of the deal
    const clawbacks = await waitForEvents(store, partnerId, 'CoopAccrualReversed', 2);
    expect(clawbacks.map((c) => c['amount'])).toEqual([money('50.00'), money('150.00')]);
  });

  it('refuses a claim above the available balance with the balance, accepts one exactly equal to it, and holds pending claims from it', async () => {
    const partnerId = await partner();
    const over = await claim(ledger.http, partnerId, { amount: { amount: '1000.01', currency: 'EUR' } });
    expectProblem(over, 422, 'COOP_BALANCE_EXCEEDED');
    expect(over.body).toEqual(expect.objectContaining({ partnerId, available: '1000.00', requested: '1000.01', currency: 'EUR' }));

    const exact = await claim(ledger.http, partnerId, { claimId: uid('claim'), amount: { amount: '1000.00', currency: 'EUR' } }).expect(201);
    expect(exact.body).toEqual(expect.objectContaining({ partnerId, claimId: exact.body.claimId, streamId: `partner-${partnerId}`, eventIds: [expect.any(String)] }));
    // Pending, the claim holds its amount: nothing is left.
    const more = await claim(ledger.http, partnerId, { amount: { amount: '0.01', currency: 'EUR' } });
    expectProblem(more, 422, 'COOP_BALANCE_EXCEEDED');
    expect(more.body).toEqual(expect.objectContaining({ available: '0.00' }));
    // Rejected, it gives its amount back.
    await reject(ledger.http, exact.body.claimId).expect(201);
    await claim(ledger.http, partnerId, { amount: { amount: '1000.00', currency: 'EUR' } }).expect(201);

    const events = ofType(await partnerEvents(eventStoreOf(ledger), partnerId), 'CoopClaimRejected');
    expect(events).toEqual([{ partnerId, claimId: exact.body.claimId, activity: 'open-day', amount: money('1000.00'), reason: 'no invoice attached' }]);
  });

  it('approves a claim once: approving or rejecting it again is 409 COOP_CLAIM_NOT_PENDING; an unknown claim is 404 COOP_CLAIM_NOT_FOUND', async () => {
    const partnerId = await partner();
    const { body } = await claim(ledger.http, partnerId, { activity: 'press-ad' }).expect(201);
    // An approval needs no body at all.
    const approved = await ledger.http.post(`/coop/claims/${body.claimId}/approve`).expect(201);
    expect(approved.body).toEqual(expect.objectContaining({ partnerId, claimId: body.claimId, streamId: `partner-${partnerId}` }));
    expectProblem(await approve(ledger.http, body.claimId), 409, 'COOP_CLAIM_NOT_PENDING');
    expectProblem(await reject(ledger.http, body.claimId), 409, 'COOP_CLAIM_NOT_PENDING');
    expectProblem(await approve(ledger.http, uid('no-such-claim')), 404, 'COOP_CLAIM_NOT_FOUND');
    expectProblem(await reject(ledger.http, uid('no-such-claim')), 404, 'COOP_CLAIM_NOT_FOUND');
    expectProblem(await claim(ledger.http, uid('no-such-partner')), 404, 'PARTNER_NOT_FOUND');
    // A rejection without its reason names the field.
    const unexplained = await ledger.http.post(`/coop/claims/${uid('claim')}/reject`);
    expectProblem(unexplained, 400, 'VALIDATION_FAILED');
    expect(unexplained.body.message).toContain('reason');
    expect(ofType(await partnerEvents(eventStoreOf(ledger), partnerId), 'CoopClaimApproved')).toEqual([
      { partnerId, claimId: body.claimId, activity: 'press-ad', amount: money('100.00') },
    ]);
  });

  it('keeps a claim id to the partner that took it: another partner reusing it is 409 COOP_CLAIM_ID_TAKEN; a retry with the same key is answered as before', async () => {
    const [first, second] = [await partner(), await partner()];
    const claimId = uid('claim');
    const taken = await claim(ledger.http, first, { claimId }).expect(201);
    const reused = await claim(ledger.http, second, { claimId });
    expectProblem(reused, 409, 'COOP_CLAIM_ID_TAKEN');
    expect(reused.body).toEqual(expect.objectContaining({ claimId }));
    expectProblem(await claim(ledger.http, first, { claimId }), 409, 'COOP_CLAIM_ID_TAKEN');

    const key = uid('key');
    const once = await claim(ledger.http, first).set('Idempotency-Key', key).expect(201);
    const again = await claim(ledger.http, first).set('Idempotency-Key', key).expect(201);
    expect(again.body).toEqual(once.body);
    expect(ofType(await partnerEvents(eventStoreOf(ledger), first), 'CoopClaimSubmitted').map((c) => c['claimId'])).toEqual([taken.body.claimId, once.body.claimId]);
    expect(ofType(await partnerEvents(eventStoreOf(ledger), second), 'CoopClaimSubmitted')).toEqual([]);
  });

  it('attributes a lead to the partner\'s own claim; another partner\'s claim or an unknown one is 422 COOP_CLAIM_NOT_FOUND', async () => {
    const [owner, other] = [await partner(), await partner()];
    const { body } = await claim(ledger.http, owner, { activity: 'seminar' }).expect(201);
    const lead = await registerLead(ledger.http, owner, { coopClaimId: body.claimId, occurredAt: '2025-05-01T00:00:00Z' });
    const registered = (await eventStoreOf(ledger).readStream(streams.lead(lead.leadId as string)))[0]!;
    expect(registered.data).toEqual(expect.objectContaining({ partnerId: owner, coopClaimId: body.claimId }));
    await winDeal(ledger.http, lead.leadId, { amount: '100.00', currency: 'EUR', occurredAt: '2025-05-02T00:00:00Z' });
    const won = (await eventStoreOf(ledger).readStream(streams.lead(lead.leadId as string))).find((e) => e.type === 'DealWon')!;
    expect(won.data).toEqual(expect.objectContaining({ partnerId: owner, coopClaimId: body.claimId }));

    const refused = await ledger.http.post(`/partners/${other}/leads`).send(leadBody({ coopClaimId: body.claimId }));
    expectProblem(refused, 422, 'COOP_CLAIM_NOT_FOUND');
    expect(refused.body).toEqual(expect.objectContaining({ partnerId: other, coopClaimId: body.claimId }));
    expectProblem(await ledger.http.post(`/partners/${owner}/leads`).send(leadBody({ coopClaimId: uid('claim') })), 422, 'COOP_CLAIM_NOT_FOUND');
  });

  it('under 20 concurrent claims against one balance accepts no more than the balance, and 20 concurrent approvals approve each claim once', async () => {
    const partnerId = await partner();
    const claims = await Promise.all(Array.from({ length: 20 }, (_, n) => claim(ledger.http, partnerId, { amount: { amount: `${60 + n}.00`, currency: 'EUR' } })));
    const accepted = claims.filter((r) => r.status === 201);
    for (const r of claims.filter((c) => c.status !== 201)) expectProblem(r, 422, 'COOP_BALANCE_EXCEEDED');
    const submitted = ofType(await partnerEvents(eventStoreOf(ledger), partnerId), 'CoopClaimSubmitted');
    const sum = submitted.reduce((total, c) => total + (c['amount'] as { minor: number }).minor, 0);
    expect(submitted).toHaveLength(accepted.length);
    expect(sum).toBeLessThanOrEqual(100_000);
    // Each claim asks 60.00 to 79.00: the balance takes at least 12 of them, and is full within 79.00.
    expect(accepted.length).toBeGreaterThanOrEqual(12);
    expect(100_000 - sum).toBeLessThan(7900);

    // Every accepted claim approved twice at once: each is approved once, the second 409.
    const approvals = await Promise.all(accepted.flatMap((r) => [approve(ledger.http, r.body.claimId), approve(ledger.http, r.body.claimId)]).slice(0, 20));
    const ids = accepted.slice(0, 10).map((r) => r.body.claimId as string);
    expect(approvals.filter((r) => r.status === 201)).toHaveLength(ids.length);
    for (const r of approvals.filter((a) => a.status !== 201)) expectProblem(r, 409, 'COOP_CLAIM_NOT_PENDING');
    const approved = ofType(await partnerEvents(eventStoreOf(ledger), partnerId), 'CoopClaimApproved');
    expect(approved.map((a) => a['claimId']).sort()).toEqual([...ids].sort());
    expect(approved.reduce((total, a) => total + (a['amount'] as { minor: number }).minor, 0)).toBeLessThanOrEqual(100_000);
  });

  it('refuses a malformed claim with 400 before anything is taken', async () => {
    const partnerId = await partner();
    expectProblem(await claim(ledger.http, partnerId, { activity: 'yacht' }), 400, 'VALIDATION_FAILED');
    expectProblem(await claim(ledger.http, partnerId, { amount: { amount: '-1', currency: 'EUR' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await claim(ledger.http, partnerId, { description: ' ' }), 400, 'VALIDATION_FAILED');
    expectProblem(await claim(ledger.http, partnerId, { amount: { amount: '0.00', currency: 'EUR' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await ledger.http.post(`/coop/claims/${uid('c')}/reject`).send({}), 400, 'VALIDATION_FAILED');
  });
});
