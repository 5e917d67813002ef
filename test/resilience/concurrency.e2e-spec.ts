import { INestApplication } from '@nestjs/common';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import { allPages, certificationBody, headPosition, incentiveBody, Json, leadBody, read, registerPartner, uid } from '../e2e/support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from '../e2e/support/ledger-harness';

/**
 * Many writers at once on one consistency boundary. Inside one instance commands on a stream
 * take turns in arrival order, so each appends at the revision it decided against the first
 * time: no conflict at all. Between instances (two ledgers on one data directory) the event
 * store decides: the loser reads and decides again (COMMAND_RETRIES times at most). Nothing
 * is lost, nothing is doubled, and "first to register wins" holds under a stampede.
 */
const WRITERS = 50;
const decimal = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** Counts what reaches an instance's event store: appends tried, and those refused on their revision. */
function countAppends(app: INestApplication, counts = { appends: 0, conflicts: 0 }) {
  const store = app.get<EventStore>(EVENT_STORE);
  const own = store.append;
  const append = store.append.bind(store);
  store.append = async (...args) => {
    counts.appends++;
    try {
      return await append(...args);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) counts.conflicts++;
      throw error;
    }
  };
  return { counts, restore: () => void (store.append = own) };
}

/**
 * Makes two instances' writers overlap for sure: the first read of a contested stream (its
 * name starts with `contested`) on each instance is held until both instances have read it
 * (or a second has passed), so both decide against the same revision and one of their
 * appends must be refused and decided again.
 */
function holdFirstReadsUntilBothRead(apps: INestApplication[], contested: string) {
  const gates = new Map<string, { readers: number; open: Promise<void>; release: () => void }>();
  const restores = apps.map((app) => {
    const store = app.get<EventStore>(EVENT_STORE);
    const own = store.readStream;
    const readStream = store.readStream.bind(store);
    const firstReads = new Set<string>();
    store.readStream = async (streamId, options) => {
      const events = await readStream(streamId, options);
      if (!streamId.startsWith(contested) || firstReads.has(streamId)) return events;
      firstReads.add(streamId);
      let gate = gates.get(streamId);
      if (!gate) {
        let release = () => undefined as void;
        const open = new Promise<void>((resolve) => (release = resolve));
        gate = { readers: 0, open, release };
        gates.set(streamId, gate);
        setTimeout(release, 1000).unref();
      }
      if (++gate.readers === apps.length) gate.release();
      await gate.open;
      return events;
    };
    return () => void (store.readStream = own);
  });
  return { restore: () => restores.forEach((restore) => restore()) };
}

type Answer = { status: number; body: Json };
const failures = (answers: Answer[]) => answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${JSON.stringify(r.body)}`);

/** A mix on one partner: certifications on several lines (tier changes in between) and incentives. */
const LINES = ['utm', 'network', 'endpoint', 'email', 'cloud'];
const OCCURRED_AT = '2026-05-12T09:00:00Z';
function mixedCommand(http: Http, partnerId: string, i: number) {
  return i % 2 === 0
    ? http.post(`/partners/${partnerId}/certifications`).set('Idempotency-Key', `same-partner-${partnerId}-${i}`)
        .send(certificationBody({ engineerId: `eng-${i % 6}`, productLine: LINES[i % LINES.length], occurredAt: OCCURRED_AT }))
    : http.post(`/partners/${partnerId}/incentives`).set('Idempotency-Key', `same-partner-${partnerId}-${i}`)
        .send(incentiveBody({ value: { amount: `${i}.25`, currency: 'EUR' }, occurredAt: OCCURRED_AT }));
}

/** Every answered command counts exactly once, in revision order, decided on the state before it; retries append nothing. */
async function expectEachCountedOnce(http: Http, partnerId: string, answers: Answer[], retryOn: Http[]) {
  expect(failures(answers)).toEqual([]);
  // each answer names its own events: distinct revisions, distinct event ids
  const eventIds = answers.flatMap((r) => r.body.eventIds as string[]);
  expect(new Set(eventIds).size).toBe(eventIds.length);
  expect(new Set(answers.map((r) => r.body.revision)).size).toBe(WRITERS);

  // the history holds the registration plus exactly the answered events, each once, in revision order
  const head = await headPosition(http);
  const history = (await allPages(http, `/partners/${partnerId}/history?limit=100`, head)).flat();
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
  const profile = await read(http, `/partners/${partnerId}`, head);
  expect(profile['counters']).toEqual(expect.objectContaining({
    certificationsEarned: certifications,
    incentivesAwarded: incentives,
    incentivesValue: decimal(incentivesValue),
  }));
  expect(history.filter((e) => e['type'] === 'CertificationEarned')).toHaveLength(certifications);
  expect(history.filter((e) => e['type'] === 'IncentiveAwarded')).toHaveLength(incentives);
  expect(profile['tier']).toBe(tierChanges[tierChanges.length - 1]!.split('→')[1]);

  // retried (on another instance too), all answer what they answered the first time and append nothing
  const retried = await Promise.all(answers.map((_, i) => mixedCommand(retryOn[i % retryOn.length]!, partnerId, i)));
  expect(retried.map((r) => [r.status, r.body.eventIds])).toEqual(answers.map((r) => [201, r.body.eventIds]));
  expect(await headPosition(http)).toBe(head);
}

// Concurrency is decided by the write path and the event store (embedded here in every
// variant); the read store only shows the outcome. The MongoDB read store is covered by
// test/e2e's concurrency suite, so this heavier stampede runs once, on the embedded stack.
const embedded = readStoreVariants().filter((v) => v.name === 'embedded');

describe.each(embedded)('concurrency inside one instance (%s)', (variant) => {
  let ledger: RunningLedger;
  let store: ReturnType<typeof countAppends>;
  beforeAll(async () => {
    ledger = await startLedger(variant);
  });
  beforeEach(() => {
    store = countAppends(ledger.app);
  });
  afterEach(() => store.restore());
  afterAll(() => ledger?.close());

  it(`${WRITERS} concurrent commands on one partner all succeed first time, with no conflict, and every one counts exactly once`, async () => {
    const { partnerId } = await registerPartner(ledger.http);
    store.counts.appends = 0;
    const answers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => mixedCommand(ledger.http, partnerId, i)));
    expect(store.counts).toEqual({ appends: WRITERS, conflicts: 0 });
    await expectEachCountedOnce(ledger.http, partnerId, answers, [ledger.http]);
  });

  it(`${WRITERS} concurrent wins of different leads of one partner, and ${WRITERS} racing wins of one lead: no lost update, one winner, no conflict`, async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const leads: string[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const answer = await ledger.http.post(`/partners/${partnerId}/leads`).send(leadBody()).expect(201);
      leads.push(answer.body.leadId as string);
    }
    const wins = await Promise.all(leads.map((leadId) => ledger.http.post(`/leads/${leadId}/won`).send({ amount: '100.01', currency: 'EUR' })));
    expect(failures(wins)).toEqual([]);

    const { leadId: fresh } = (await ledger.http.post(`/partners/${partnerId}/leads`).send(leadBody()).expect(201)).body;
    const race = await Promise.all(Array.from({ length: WRITERS }, () => ledger.http.post(`/leads/${fresh}/won`).send({ amount: '7.00', currency: 'EUR' })));
    expect(race.filter((r) => r.status === 201)).toHaveLength(1);
    expect(race.filter((r) => r.status === 409 && r.body.code === 'DEAL_ALREADY_WON')).toHaveLength(WRITERS - 1);
    expect(store.counts.conflicts).toBe(0);

    const head = await headPosition(ledger.http);
    const profile = await read(ledger.http, `/partners/${partnerId}`, head);
    expect(profile['counters']).toEqual(expect.objectContaining({ leadsRegistered: WRITERS + 1, dealsWon: WRITERS + 1, revenueWon: decimal(10_001 * WRITERS + 700) }));
  });

  it(`${WRITERS} partners racing for one customer project: exactly one 201, ${WRITERS - 1} × 409 LEAD_ALREADY_REGISTERED naming the same holder, no conflict`, async () => {
    const partners: string[] = [];
    for (let i = 0; i < WRITERS; i++) partners.push((await registerPartner(ledger.http)).partnerId);
    await expectOneHolder(ledger.http, partners.map((partnerId) => ({ http: ledger.http, partnerId })));
    expect(store.counts.conflicts).toBe(0);
  });
});

describe.each(embedded)('concurrency between two instances on one data directory (%s)', (variant) => {
  let one: RunningLedger;
  let two: RunningLedger;
  let counts: { appends: number; conflicts: number };
  let restores: { restore: () => void }[];
  const holdFirstReads = (contested: string) => restores.push(holdFirstReadsUntilBothRead([one.app, two.app], contested));
  beforeAll(async () => {
    one = await startLedger(variant);
    // The second instance writes only: one projector is enough for one set of read models.
    two = await startLedger(variant, one.dataDir, { PROJECTOR_ENABLED: 'false' });
  });
  beforeEach(() => {
    counts = { appends: 0, conflicts: 0 };
    restores = [countAppends(one.app, counts), countAppends(two.app, counts)];
  });
  afterEach(() => restores.forEach((r) => r.restore()));
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it(`${WRITERS} commands on one partner, half on each instance: the instances conflict, every conflict is decided again, every command lands once`, async () => {
    const { partnerId } = await registerPartner(one.http);
    counts.appends = 0;
    holdFirstReads('partner-');
    const answers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => mixedCommand((i % 2 ? two : one).http, partnerId, i)));
    process.stderr.write(`[concurrency] ${WRITERS} writers on one partner from two instances: ${counts.conflicts} expected-revision conflicts retried, ${counts.appends} appends tried\n`);
    expect(counts.conflicts).toBeGreaterThan(0);
    expect(counts.appends - counts.conflicts).toBe(WRITERS);
    await expectEachCountedOnce(one.http, partnerId, answers, [two.http, one.http]);
  });

  it(`${WRITERS} partners racing for one customer project from two instances: exactly one holder`, async () => {
    const partners: string[] = [];
    for (let i = 0; i < WRITERS; i++) partners.push((await registerPartner(one.http)).partnerId);
    holdFirstReads('opportunity-');
    await expectOneHolder(one.http, partners.map((partnerId, i) => ({ http: (i % 2 ? two : one).http, partnerId })));
    expect(counts.conflicts).toBeGreaterThan(0); // both instances claimed at once; the event store chose
  });
});

/** The same project, spelled differently by each partner (case and surrounding spaces ignored): one holder, the losers hold nothing. */
async function expectOneHolder(queries: Http, racers: { http: Http; partnerId: string }[]) {
  const customerId = uid('CUST');
  const before = BigInt(await headPosition(queries));
  const answers = await Promise.all(
    racers.map(({ http, partnerId }, i) =>
      http.post(`/partners/${partnerId}/leads`).send(leadBody({
        customer: { id: i % 2 ? customerId.toLowerCase() : ` ${customerId} `, name: 'Initech' },
        project: i % 3 ? 'Datacenter Firewall' : ' DATACENTER firewall ',
      })),
    ),
  );
  const winners = answers.filter((r) => r.status === 201);
  expect(winners).toHaveLength(1);
  const holder = winners[0]!.body.partnerId as string;
  const refused = answers.filter((r) => r.status === 409);
  expect(refused).toHaveLength(racers.length - 1);
  for (const r of refused) {
    expect(r.body).toEqual(expect.objectContaining({ statusCode: 409, code: 'LEAD_ALREADY_REGISTERED', holderPartnerId: holder, rule: 'first-to-register-wins' }));
    expect(r.body.message).toContain(holder);
  }

  // exactly the winner's claim and lead were appended; the losers hold nothing
  const head = await headPosition(queries);
  expect(BigInt(head)).toBe(before + 2n);
  const partners = racers.map((r) => r.partnerId);
  const counts = await Promise.all(partners.map(async (p) => (await read(queries, `/partners/${p}`, head))['counters']['leadsRegistered'] as number));
  expect(counts.filter((n) => n === 1)).toHaveLength(1);
  expect(counts[partners.indexOf(holder)]).toBe(1);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
}
