import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import { allPages, certificationBody, headPosition, incentiveBody, Json, leadBody, read, registerPartner, uid } from '../e2e/support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from '../e2e/support/ledger-harness';

/**
 * Many writers at once on one consistency boundary. The write path reads, decides and
 * appends with the exact revision it decided against; on a conflict it reads and decides
 * again (COMMAND_RETRIES times at most). Nothing is lost and nothing is doubled, and "first
 * to register wins" holds under a stampede.
 */
const WRITERS = 50;
const decimal = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

// Concurrency is decided by the event store (embedded here in every variant); the read store
// only shows the outcome. The MongoDB read store is covered by test/e2e's concurrency suite,
// so this heavier stampede runs once, on the embedded stack.
describe.each(readStoreVariants().filter((v) => v.name === 'embedded'))('concurrency (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger(variant);
  });
  afterAll(() => ledger?.close());

  /**
   * In-process, a command reads and appends within one turn of the event loop, so writers
   * rarely overlap. This wrapper makes them overlap for sure: the first reads of a stream
   * are held until `WRITERS` writers have read it (or a second has passed, for a stream
   * only one writer reads), so they all decide against the same revision and all but one
   * append must be refused and decided again. It counts those conflicts.
   */
  function racingReads() {
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const own = { append: store.append, readStream: store.readStream };
    const counts = { appends: 0, conflicts: 0 };
    const append = store.append.bind(store);
    const readStream = store.readStream.bind(store);
    const gates = new Map<string, { readers: number; open: Promise<void>; release: () => void }>();
    store.append = async (...args) => {
      counts.appends++;
      try {
        return await append(...args);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) counts.conflicts++;
        throw error;
      }
    };
    store.readStream = async (streamId, options) => {
      const events = await readStream(streamId, options);
      let gate = gates.get(streamId);
      if (!gate) {
        let release = () => undefined as void;
        const open = new Promise<void>((resolve) => (release = resolve));
        gate = { readers: 0, open, release };
        gates.set(streamId, gate);
        setTimeout(release, 1000).unref();
      }
      if (gate.readers < WRITERS) {
        gate.readers++;
        if (gate.readers === WRITERS) gate.release();
        await gate.open;
      }
      return events;
    };
    return {
      counts,
      restore: () => Object.assign(store, own),
    };
  }

  const failures = (answers: { status: number; body: Json }[]) => answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${JSON.stringify(r.body)}`);

  it.each([
    ['as it is', false],
    ['with first reads held until every writer has read', true],
  ])(`${WRITERS} concurrent commands on one partner all succeed, and every one counts exactly once (store %s)`, async (_title, racing: boolean) => {
    const { partnerId } = await registerPartner(ledger.http);
    const store = racing ? racingReads() : undefined;
    const occurredAt = '2026-05-12T09:00:00Z';
    // a mix: certifications on several lines (tier changes in between) and incentives
    const lines = ['utm', 'network', 'endpoint', 'email', 'cloud'];
    const requests = Array.from({ length: WRITERS }, (_, i) =>
      i % 2 === 0
        ? ledger.http.post(`/partners/${partnerId}/certifications`).set('Idempotency-Key', `same-partner-${partnerId}-${i}`)
            .send(certificationBody({ engineerId: `eng-${i % 6}`, productLine: lines[i % lines.length], occurredAt }))
        : ledger.http.post(`/partners/${partnerId}/incentives`).set('Idempotency-Key', `same-partner-${partnerId}-${i}`)
            .send(incentiveBody({ value: { amount: `${i}.25`, currency: 'EUR' }, occurredAt })),
    );
    let answers;
    try {
      answers = await Promise.all(requests);
    } finally {
      store?.restore();
    }
    expect(failures(answers)).toEqual([]);
    if (store) {
      // the writers really collided, and every collision was decided again and appended
      process.stderr.write(`[concurrency] ${WRITERS} writers on one partner, first reads held: ${store.counts.conflicts} expected-revision conflicts retried, ${store.counts.appends} appends tried\n`);
      expect(store.counts.conflicts).toBeGreaterThan(0);
      expect(store.counts.appends - store.counts.conflicts).toBe(WRITERS);
    }

    // each answer names its own events: distinct revisions, distinct event ids
    const eventIds = answers.flatMap((r) => r.body.eventIds as string[]);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    expect(new Set(answers.map((r) => r.body.revision)).size).toBe(WRITERS);

    // the history holds the registration plus exactly the answered events, each once, in revision order
    const head = await headPosition(ledger.http);
    const history = (await allPages(ledger.http, `/partners/${partnerId}/history?limit=100`, head)).flat();
    const recorded = history.map((e) => e['eventId'] as string);
    expect(new Set(recorded).size).toBe(recorded.length);
    expect(recorded.slice(1).sort()).toEqual([...eventIds].sort());
    expect(history.map((e) => Number(e['revision']))).toEqual(history.map((_, i) => i));
    // no decision was taken on a stale state: every tier change follows from the certifications before it
    const tierChanges = history.filter((e) => e['type'] === 'TierChanged').map((e) => `${e['data']['from']}→${e['data']['to']}`);
    expect(tierChanges.length).toBeGreaterThan(0);
    tierChanges.reduce((from, change) => {
      expect(change.startsWith(`${from}→`)).toBe(true);
      return change.split('→')[1]!;
    }, 'none');

    // no lost update: the counters equal the number of 201s
    const certifications = answers.filter((_, i) => i % 2 === 0).length;
    const incentives = WRITERS - certifications;
    const incentivesValue = Array.from({ length: WRITERS }, (_, i) => i).filter((i) => i % 2 === 1).reduce((sum, i) => sum + i * 100 + 25, 0);
    const profile = await read(ledger.http, `/partners/${partnerId}`, head);
    expect(profile['counters']).toEqual(expect.objectContaining({
      certificationsEarned: certifications,
      incentivesAwarded: incentives,
      incentivesValue: decimal(incentivesValue),
    }));
    expect(history.filter((e) => e['type'] === 'CertificationEarned')).toHaveLength(certifications);
    expect(history.filter((e) => e['type'] === 'IncentiveAwarded')).toHaveLength(incentives);
    expect(profile['tier']).toBe(tierChanges.length ? tierChanges[tierChanges.length - 1]!.split('→')[1] : 'none');

    // retried, all 50 answer what they answered the first time and append nothing
    const retried = await Promise.all(
      answers.map((first, i) =>
        i % 2 === 0
          ? ledger.http.post(`/partners/${partnerId}/certifications`).set('Idempotency-Key', `same-partner-${partnerId}-${i}`)
              .send(certificationBody({ engineerId: `eng-${i % 6}`, productLine: lines[i % lines.length], occurredAt }))
          : ledger.http.post(`/partners/${partnerId}/incentives`).set('Idempotency-Key', `same-partner-${partnerId}-${i}`)
              .send(incentiveBody({ value: { amount: `${i}.25`, currency: 'EUR' }, occurredAt })),
      ),
    );
    expect(retried.map((r) => [r.status, r.body.eventIds])).toEqual(answers.map((r) => [201, r.body.eventIds]));
    expect(await headPosition(ledger.http)).toBe(head);
  });

  it.each([
    ['as it is', false],
    ['with first reads held until every writer has read', true],
  ])(`${WRITERS} concurrent wins of different leads of one partner, and ${WRITERS} racing wins of one lead: no lost update, one winner (store %s)`, async (_title, racing: boolean) => {
    const { partnerId } = await registerPartner(ledger.http);
    const leads: string[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const answer = await ledger.http.post(`/partners/${partnerId}/leads`).send(leadBody()).expect(201);
      leads.push(answer.body.leadId as string);
    }
    const store = racing ? racingReads() : undefined;
    const wins = await Promise.all(leads.map((leadId) => ledger.http.post(`/leads/${leadId}/won`).send({ amount: '100.01', currency: 'EUR' }))).finally(() => store?.restore());
    expect(failures(wins)).toEqual([]);

    const { leadId: fresh } = (await ledger.http.post(`/partners/${partnerId}/leads`).send(leadBody()).expect(201)).body;
    const raced = racing ? racingReads() : undefined;
    const race = await Promise.all(Array.from({ length: WRITERS }, () => ledger.http.post(`/leads/${fresh}/won`).send({ amount: '7.00', currency: 'EUR' }))).finally(() => raced?.restore());
    if (raced) expect(raced.counts.conflicts).toBeGreaterThan(0); // they did race: losers re-read and were refused
    expect(race.filter((r) => r.status === 201)).toHaveLength(1);
    expect(race.filter((r) => r.status === 409 && r.body.code === 'DEAL_ALREADY_WON')).toHaveLength(WRITERS - 1);

    const head = await headPosition(ledger.http);
    const profile = await read(ledger.http, `/partners/${partnerId}`, head);
    expect(profile['counters']).toEqual(expect.objectContaining({ leadsRegistered: WRITERS + 1, dealsWon: WRITERS + 1, revenueWon: decimal(10_001 * WRITERS + 700) }));
  });

  it.each([
    ['as it is', false],
    ['with first reads held until every writer has read', true],
  ])(`${WRITERS} partners racing for one customer project: exactly one 201, ${WRITERS - 1} × 409 LEAD_ALREADY_REGISTERED naming the same holder (store %s)`, async (_title, racing: boolean) => {
    const partners: string[] = [];
    for (let i = 0; i < WRITERS; i++) partners.push((await registerPartner(ledger.http)).partnerId);
    const customerId = uid('CUST');
    const before = BigInt(await headPosition(ledger.http));

    // the same project, spelled differently by each partner (case and surrounding spaces ignored)
    const store = racing ? racingReads() : undefined;
    const answers = await Promise.all(
      partners.map((partnerId, i) =>
        ledger.http.post(`/partners/${partnerId}/leads`).send(leadBody({
          customer: { id: i % 2 ? customerId.toLowerCase() : ` ${customerId} `, name: 'Initech' },
          project: i % 3 ? 'Datacenter Firewall' : ' DATACENTER firewall ',
        })),
      ),
    ).finally(() => store?.restore());
    if (store) expect(store.counts.conflicts).toBeGreaterThan(0); // several claimed at once; the event store chose
    const winners = answers.filter((r) => r.status === 201);
    expect(winners).toHaveLength(1);
    const holder = winners[0]!.body.partnerId as string;
    const refused = answers.filter((r) => r.status === 409);
    expect(refused).toHaveLength(WRITERS - 1);
    for (const r of refused) {
      expect(r.body).toEqual(expect.objectContaining({ statusCode: 409, code: 'LEAD_ALREADY_REGISTERED', holderPartnerId: holder, rule: 'first-to-register-wins' }));
      expect(r.body.message).toContain(holder);
    }
    expect(answers.map((r) => r.status).sort()).toEqual([201, ...Array(WRITERS - 1).fill(409)]);

    // exactly the winner's claim and lead were appended; the losers hold nothing
    const head = await headPosition(ledger.http);
    expect(BigInt(head)).toBe(before + 2n);
    const counts = await Promise.all(partners.map(async (p) => (await read(ledger.http, `/partners/${p}`, head))['counters']['leadsRegistered'] as number));
    expect(counts.filter((n) => n === 1)).toHaveLength(1);
    expect(counts[partners.indexOf(holder)]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
