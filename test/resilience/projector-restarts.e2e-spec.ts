import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { compareReadModels, Projection, ProjectionRunner } from '@ledger/projections';
import { LEDGER_PROJECTIONS } from '../../apps/ledger/src/read-models/ledger-projections';
import { DocumentWrite, LeaseFence, ReadStore } from '@ledger/read-store';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { Http, readStoreVariants, RunningLedger, startLedger } from '../e2e/support/ledger-harness';
import { prng } from './support/workload';

/**
 * A projector stopped and started again and again while commands are being written, crashed
 * in the middle of a batch commit, stopped while a commit is in progress, and replaced by a
 * new runner instance (as after a process restart), ends with exactly the read models that
 * one uninterrupted run gives.
 *
 * The ledger runs in-process with PROJECTOR_ENABLED=false; the test drives its own runners
 * over the ledger's event store: one set into read store A (interrupted), one into B (never).
 */
const COMMANDS = 1000;
const WRITERS = 4;
const INTERRUPTIONS = 30;
const report = (line: string) => process.stderr.write(`[projector-restarts] ${line}\n`);

type Fault = { kind: 'block'; entered: () => void; release: Promise<void> } | { kind: 'fail' } | { kind: 'torn' } | { kind: 'cut' };

/**
 * Read store A: a real embedded store whose next commit can be held (to stop a runner while
 * it commits), made to fail before writing anything (a crash inside the transaction), torn
 * (documents written, checkpoint not: a crash between the two, as a store without
 * transactions may leave it), or cut after its first collection (the MongoDB adapter writes
 * one collection after the other, in the order the writes come, then the checkpoint).
 */
class ControlledStore implements ReadStore {
  private next?: Fault;
  constructor(private readonly inner: ReadStore) {}

  /** Applies `fault` to the next commit of any projection. */
  arm(fault: Fault) {
    this.next = fault;
  }

  disarm() {
    this.next = undefined;
  }

  async commit(projection: string, writes: DocumentWrite[], checkpoint: bigint, fence?: LeaseFence): Promise<void> {
    const fault = this.next;
    this.next = undefined;
    if (fault?.kind === 'block') {
      fault.entered();
      await fault.release;
    } else if (fault?.kind === 'fail') {
      throw new Error('simulated crash inside the commit');
    } else if (fault?.kind === 'torn') {
      await this.inner.commit(projection, writes, (await this.inner.checkpoint(projection)) ?? 0n, fence);
      throw new Error('simulated crash between the documents and the checkpoint');
    } else if (fault?.kind === 'cut') {
      const first = writes[0]?.collection;
      await this.inner.commit(projection, writes.filter((w) => w.collection === first), (await this.inner.checkpoint(projection)) ?? 0n, fence);
      throw new Error(`simulated crash after writing the ${first} documents of the batch`);
    }
    return this.inner.commit(projection, writes, checkpoint, fence);
  }

  ensureCollections: ReadStore['ensureCollections'] = (specs) => this.inner.ensureCollections(specs);
  get: ReadStore['get'] = (collection, id) => this.inner.get(collection, id);
  getMany: ReadStore['getMany'] = (collection, ids) => this.inner.getMany(collection, ids);
  find: ReadStore['find'] = (collection, query) => this.inner.find(collection, query);
  scan: ReadStore['scan'] = (collection, page) => this.inner.scan(collection, page);
  checkpoint: ReadStore['checkpoint'] = (projection) => this.inner.checkpoint(projection);
  checkpointSource: ReadStore['checkpointSource'] = (name) => this.inner.checkpointSource(name);
  recordCheckpointSource: ReadStore['recordCheckpointSource'] = (name, source) => this.inner.recordCheckpointSource(name, source);
  readModelVersion: ReadStore['readModelVersion'] = (projection) => this.inner.readModelVersion(projection);
  tryLease: ReadStore['tryLease'] = (name, holder, ttlMs, now) => this.inner.tryLease(name, holder, ttlMs, now);
  releaseLease: ReadStore['releaseLease'] = (name, holder) => this.inner.releaseLease(name, holder);
  lease: ReadStore['lease'] = (name) => this.inner.lease(name);
  recordReadModelVersion: ReadStore['recordReadModelVersion'] = (projection, version) => this.inner.recordReadModelVersion(projection, version);
  reset: ReadStore['reset'] = (projection, collections) => this.inner.reset(projection, collections);
  generations: ReadStore['generations'] = () => this.inner.generations();
  recordGenerations: ReadStore['recordGenerations'] = (records) => this.inner.recordGenerations(records);
  close: ReadStore['close'] = () => this.inner.close();
}

/** Writes a varied stream of commands: several months, tier changes up and down, wins, expirations. */
async function writeCommands(http: Http, count: number, random: () => number): Promise<number> {
  const partners = Array.from({ length: 12 }, (_, i) => `pr-${i}-${Math.floor(random() * 1e9).toString(36)}`);
  for (const [i, partnerId] of partners.entries()) {
    await http.post('/partners').send({ partnerId, name: `P${i}`, typology: ['integrator', 'var', 'isv'][i % 3], territory: { country: ['FR', 'DE'][i % 2] } }).expect(201);
  }
  const leads: string[] = [];
  const lines = ['utm', 'network', 'endpoint', 'email', 'cloud'];
  const day = () => `2026-0${1 + Math.floor(random() * 4)}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}T${String(Math.floor(random() * 24)).padStart(2, '0')}:00:00Z`;
  let written = 0;
  let next = 0;
  const writer = async () => {
    while (next < count) {
      const n = next++;
      const partnerId = partners[Math.floor(random() * partners.length)]!;
      const pick = random();
      let response;
      if (pick < 0.3) {
        const occurredAt = day();
        const expires = random() < 0.3 ? { expiresAt: new Date(Date.parse(occurredAt) + (5 + random() * 40) * 86_400_000).toISOString() } : {};
        response = await http.post(`/partners/${partnerId}/certifications`).send({ engineerId: `eng-${n % 4}`, productLine: lines[Math.floor(random() * lines.length)], occurredAt, ...expires });
      } else if (pick < 0.5) {
        response = await http.post(`/partners/${partnerId}/incentives`)
          .send({ recipient: { personId: `person-${n}`, role: 'sales' }, kind: 'cash', value: { amount: `${1 + Math.floor(random() * 500)}.${n % 10}0`, currency: 'EUR' }, reason: 'r', occurredAt: day() });
      } else if (pick < 0.75) {
        response = await http.post(`/partners/${partnerId}/leads`)
          .send({ customer: { id: `cust-${n % 200}`, name: "C" }, project: `proj-${n % 4}`, estimatedValue: { amount: '1000.00', currency: 'EUR' }, occurredAt: day() });
        if (response.status === 201) leads.push(response.body.leadId as string);
      } else if (pick < 0.93 && leads.length > 0) {
        const leadId = leads.splice(Math.floor(random() * leads.length), 1)[0]!;
        response = await http.post(`/leads/${leadId}/won`).send({ amount: `${10 + Math.floor(random() * 9000)}.00`, currency: 'EUR', occurredAt: day() });
      } else {
        response = await http.post(`/partners/${partnerId}/certifications/expire`).send({ asOf: day() });
      }
      // 409: a customer project already held by another lead (first to register wins)
      if (response.status !== 201 && response.status !== 409) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
      if (response.status === 201) written++;
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  return written;
}

describe('projector stopped and started repeatedly during a stream of commands', () => {
  const variant = readStoreVariants()[0]!; // the ledger's own read store is not used here
  let ledger: RunningLedger | undefined;
  let folder: string;
  const stores: ReadStore[] = [];
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-projector-restarts-'));
    ledger = await startLedger(variant, undefined, { PROJECTOR_ENABLED: 'false' });
  });

  afterAll(async () => {
    await Promise.allSettled(runners.map((r) => r.stop()));
    await ledger?.close();
    await Promise.allSettled(stores.map((s) => s.close()));
    rmSync(folder, { recursive: true, force: true });
  });

  it('ends with exactly the read models of one uninterrupted run, for every projection', async () => {
    const seed = Number(process.env['PROJECTOR_SEED'] ?? Date.now() % 1_000_000);
    report(`seed ${seed}`);
    const random = prng(seed);
    const events = ledger!.app.get<EventStore>(EVENT_STORE);
    const storeA = new ControlledStore(new SqliteReadStore({ file: join(folder, 'a.sqlite'), synchronous: 'NORMAL' }));
    const storeB = new SqliteReadStore({ file: join(folder, 'b.sqlite'), synchronous: 'NORMAL' });
    stores.push(storeA, storeB);

    // B: one uninterrupted runner per projection
    const failuresB: unknown[] = [];
    for (const projection of LEDGER_PROJECTIONS) {
      const runner = new ProjectionRunner(projection, events, storeB, { batchSize: 200 });
      runners.push(runner);
      await runner.start((error) => failuresB.push(error));
    }

    // A: supervised like the ledger's projector: a runner that fails is stopped and started again
    const crashes: string[] = [];
    const batchSizes = [1, 3, 7, 25, 100];
    const current = new Map<string, ProjectionRunner>();
    const startA = async (projection: Projection, fresh: boolean) => {
      let runner = current.get(projection.name);
      if (!runner || fresh) {
        runner = new ProjectionRunner(projection, events, storeA, { batchSize: batchSizes[Math.floor(random() * batchSizes.length)]! });
        runners.push(runner);
        current.set(projection.name, runner);
      }
      const mine = runner;
      await mine.start((error) => {
        crashes.push(`${projection.name}: ${String(error)}`);
      });
    };
    for (const projection of LEDGER_PROJECTIONS) await startA(projection, true);

    const writing = writeCommands(ledger!.http, COMMANDS, random);
    let finished = false;
    void writing.finally(() => (finished = true)).catch(() => undefined);

    const done = { plain: 0, fresh: 0, midCommit: 0, failed: 0, torn: 0, cut: 0 };
    const modes = ['plain', 'fresh', 'midCommit', 'failed', 'torn', 'cut'] as const;
    for (let i = 0; i < INTERRUPTIONS; i++) {
      await sleep(10 + random() * 120);
      const projection = LEDGER_PROJECTIONS[Math.floor(random() * LEDGER_PROJECTIONS.length)]!;
      const mode = modes[i % modes.length]!;
      const runner = current.get(projection.name)!;
      if (mode === 'plain' || mode === 'fresh') {
        await runner.stop();
        // what the store holds is what the runner last committed
        expect((await storeA.checkpoint(projection.name)) ?? 0n).toBe(runner.checkpoint);
        await sleep(random() * 60);
        await startA(projection, mode === 'fresh');
        done[mode]++;
      } else if (mode === 'midCommit') {
        // hold the runner's next commit, ask it to stop while it commits, then let the commit finish
        let entered!: () => void;
        const inCommit = new Promise<void>((resolve) => (entered = resolve));
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        const others = LEDGER_PROJECTIONS.filter((p) => p !== projection).map((p) => current.get(p.name)!);
        await Promise.all(others.map((r) => r.stop())); // only this runner may take the armed commit
        storeA.arm({ kind: 'block', entered, release: released });
        const timeout = new AbortController();
        const reached = await Promise.race([inCommit.then(() => true), sleep(3000, false, { signal: timeout.signal }).catch(() => false)]);
        timeout.abort();
        if (!reached) {
          storeA.disarm();
        } else {
          const stopping = runner.stop();
          await sleep(5 + random() * 20);
          release();
          await stopping;
          // stopped after the batch in hand was committed: checkpoint and documents moved together
          expect(await storeA.checkpoint(projection.name)).toBe(runner.checkpoint);
          done.midCommit++;
        }
        release();
        for (const p of LEDGER_PROJECTIONS) await startA(p, false);
      } else {
        // a crash inside the next commit: nothing written, the documents without the checkpoint,
        // or only the first collection's documents
        const others = LEDGER_PROJECTIONS.filter((p) => p !== projection).map((p) => current.get(p.name)!);
        await Promise.all(others.map((r) => r.stop()));
        const before = crashes.length;
        storeA.arm({ kind: mode === 'failed' ? 'fail' : mode });
        const deadline = Date.now() + 3000;
        while (crashes.length === before && Date.now() < deadline) await sleep(5);
        if (crashes.length > before) {
          done[mode]++;
        } else {
          storeA.disarm();
        }
        // the supervisor's restart: from the stored checkpoint, with a new runner half the time
        await runner.stop();
        await startA(projection, random() < 0.5);
        for (const p of LEDGER_PROJECTIONS) if (p !== projection) await startA(p, false);
      }
      if (finished && i >= INTERRUPTIONS / 2) break;
    }
    const written = await writing;
    report(`${written} commands written by ${WRITERS} writers; interruptions: ${JSON.stringify(done)}; crashes seen by the supervisor: ${crashes.length}`);
    expect(done.plain + done.fresh).toBeGreaterThanOrEqual(4);
    expect(done.midCommit).toBeGreaterThanOrEqual(1);
    expect(done.failed + done.torn + done.cut).toBeGreaterThanOrEqual(2);
    expect(crashes.length).toBe(done.failed + done.torn + done.cut);
    expect(failuresB).toEqual([]);

    // both catch up with the head
    const head = await events.headPosition();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const checkpoints = await Promise.all(LEDGER_PROJECTIONS.flatMap((p) => [storeA.checkpoint(p.name), storeB.checkpoint(p.name)]));
      if (checkpoints.every((c) => c === head)) break;
      if (Date.now() > deadline) throw new Error(`not caught up with ${head}: ${checkpoints}`);
      await sleep(20);
    }
    await Promise.all(runners.map((r) => r.stop()));

    for (const projection of LEDGER_PROJECTIONS) {
      expect({ projection: projection.name, differences: await compareReadModels(projection, storeA, storeB) }).toEqual({ projection: projection.name, differences: [] });
    }
    // and there is something to compare: every partner and a history entry per partner event
    const partners = await storeB.scan('partners', { limit: 500 });
    expect(partners.length).toBe(12);
    expect((await storeB.scan('scorecards', { limit: 500 })).length).toBeGreaterThan(12);
    report(`compared at position ${head}: identical`);
  }, 110_000);

  it('replays a commit cut between its collections (a store without transactions) to the same read models', async () => {
    const events = ledger!.app.get<EventStore>(EVENT_STORE);
    const http = ledger!.http;
    // A fact in January, then in March a certification that makes the partner Silver: January's
    // scorecard keeps the tier the partner had in January.
    const partnerId = `cut-${Date.now().toString(36)}`;
    await http.post('/partners').send({ partnerId, name: 'Cut', typology: 'var', territory: { country: 'FR' } }).expect(201);
    await http.post(`/partners/${partnerId}/incentives`)
      .send({ recipient: { personId: 'p', role: 'sales' }, kind: 'cash', value: { amount: '10.00', currency: 'EUR' }, reason: 'r', occurredAt: '2026-01-10T10:00:00Z' }).expect(201);
    await http.post(`/partners/${partnerId}/certifications`).send({ engineerId: 'e1', productLine: 'utm', occurredAt: '2026-03-05T10:00:00Z' }).expect(201);
    const head = await events.headPosition();

    const reference = new SqliteReadStore({ file: join(folder, 'reference.sqlite'), synchronous: 'NORMAL' });
    const cut = new ControlledStore(new SqliteReadStore({ file: join(folder, 'cut.sqlite'), synchronous: 'NORMAL' }));
    stores.push(reference, cut);
    for (const projection of LEDGER_PROJECTIONS) {
      await new ProjectionRunner(projection, events, reference, { batchSize: 100_000 }).rebuild();

      // everything in one batch, whose commit is cut short; then a new runner catches up
      const crashed: unknown[] = [];
      const first = new ProjectionRunner(projection, events, cut, { batchSize: 100_000 });
      runners.push(first);
      cut.arm({ kind: 'cut' });
      await first.start((error) => crashed.push(error));
      const deadline = Date.now() + 10_000;
      while (crashed.length === 0 && Date.now() < deadline) await sleep(5);
      await first.stop();
      expect(crashed).toHaveLength(1);
      expect(await cut.checkpoint(projection.name)).toBe(0n);

      const second = new ProjectionRunner(projection, events, cut, { batchSize: 100_000 });
      runners.push(second);
      await second.start();
      while ((await cut.checkpoint(projection.name)) !== head && Date.now() < deadline) await sleep(5);
      await second.stop();
      expect(await cut.checkpoint(projection.name)).toBe(head);
      expect({ projection: projection.name, differences: await compareReadModels(projection, cut, reference) }).toEqual({ projection: projection.name, differences: [] });
    }
    expect((await reference.get('scorecards', `${partnerId}:2026-01`))?.doc).toEqual(expect.objectContaining({ tier: 'none', incentivesAwarded: 1 }));
    expect((await reference.get('scorecards', `${partnerId}:2026-03`))?.doc).toEqual(expect.objectContaining({ tier: 'silver', certificationsEarned: 1 }));
  }, 60_000);
});
