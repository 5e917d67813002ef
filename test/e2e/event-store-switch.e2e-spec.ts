import Database from 'better-sqlite3';
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { GenerationalReadStore, READ_STORE, ReadStore } from '@ledger/read-store';
import { MongoReadStore } from '@ledger/read-store/mongodb';
import { openLedgerContext } from '../../apps/ledger/src/cli/ledger-context';
import { rebuildProjections } from '../../apps/ledger/src/cli/rebuild';
import { LEDGER_CONFIG, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { LEDGER_PROJECTIONS } from '../../apps/ledger/src/read-models/ledger-projections';
import { awardIncentive, headPosition, Json, read, registerPartner, uid } from './support/ledger-api';
import { createDataDir, readStoreVariants, removeStorage, startLedger } from './support/ledger-harness';

/** Every projection the ledger keeps. */
const PROJECTIONS = LEDGER_PROJECTIONS.map((p) => p.name).sort();

/** Replaces the event store of `dataDir` with the one of `from` (the SQLite file and its WAL, if any). */
function swapEventStore(dataDir: string, from: string): void {
  for (const file of readdirSync(dataDir).filter((f) => f.startsWith('events.sqlite'))) rmSync(join(dataDir, file));
  for (const file of readdirSync(from).filter((f) => f.startsWith('events.sqlite'))) renameSync(join(from, file), join(dataDir, file));
}

/**
 * Checkpoints are positions of the event store they were taken from: pointed at another event
 * store, the ledger refuses to project (and says what to run) instead of skipping events.
 */
describe.each(readStoreVariants())('switching event stores (%s)', (variant) => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await createDataDir();
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await removeStorage(variant, dir);
  });

  it('refuses to start the projectors on another event store, keeps serving the API, and starts again once rebuilt', async () => {
    // Data directory A: read models built from its event store (more events than B's).
    const a = await dataDir();
    let ledger = await startLedger(variant, a);
    const first = await registerPartner(ledger.http, { partnerId: uid('from-a') });
    for (let i = 0; i < 5; i++) await awardIncentive(ledger.http, first.partnerId);
    const headA = await headPosition(ledger.http);
    await read(ledger.http, `/partners/${first.partnerId}`, headA);
    const storeA = await ledger.app.get<EventStore>(EVENT_STORE).identity();
    await ledger.close();

    // Another event store (B), with other events, takes the place of A's.
    const b = await dataDir();
    ledger = await startLedger(variant, b);
    const second = await registerPartner(ledger.http, { partnerId: uid('from-b') });
    const storeB = await ledger.app.get<EventStore>(EVENT_STORE).identity();
    await ledger.close();
    expect(storeB.storeId).not.toBe(storeA.storeId);
    swapEventStore(a, b);

    ledger = await startLedger(variant, a);
    const config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    try {
      const ready = await ledger.http.get('/health/ready');
      expect(ready.status).toBe(503);
      const reason = (ready.body as Json)['error']['checkpoints']['message'] as string;
      expect(reason).toContain(`connected to the embedded event store ${storeB.storeId}`);
      expect(reason).toContain(`partner-activity (embedded event store ${storeA.storeId})`);
      expect(reason).toContain('`npm run rebuild`');
      expect(reason).toContain('`npm run ledger -- relay reset`');

      // the API still answers and records; the read models do not move
      await awardIncentive(ledger.http, second.partnerId);
      await new Promise((resolve) => setTimeout(resolve, 300)); // a projector, were one running, would have moved by now
      const status = (await ledger.http.get('/projections').expect(200)).body as Json;
      expect((status['projections'] as Json[]).map((p) => [p['name'], p['checkpoint']]).sort()).toEqual(PROJECTIONS.map((name) => [name, headA]));
      await ledger.http.get(`/partners/${second.partnerId}`).expect(404);
      expect((await ledger.http.get(`/partners/${first.partnerId}`).expect(200)).body).toEqual(expect.objectContaining({ partnerId: first.partnerId }));
      const store = ledger.app.get<ReadStore>(READ_STORE);
      for (const name of PROJECTIONS) expect(await store.checkpointSource(name)).toEqual(storeA);
    } finally {
      await ledger.close();
    }

    // The documented remedy: rebuild (the ledger stopped), then start again.
    const context = await openLedgerContext(config);
    try {
      await rebuildProjections(context, [], false);
      for (const name of PROJECTIONS) expect(await context.get<ReadStore>(READ_STORE).checkpointSource(name)).toEqual(storeB);
    } finally {
      await context.close();
    }

    ledger = await startLedger(variant, a);
    try {
      expect((await ledger.http.get('/health/ready')).status).toBe(200);
      const head = await headPosition(ledger.http);
      const partner = await read(ledger.http, `/partners/${second.partnerId}`, head);
      expect(partner['counters']).toEqual(expect.objectContaining({ incentivesAwarded: 1 }));
      await ledger.http.get(`/partners/${first.partnerId}`).expect(404); // A's read models are gone with A's events
      const next = await awardIncentive(ledger.http, second.partnerId);
      expect((await read(ledger.http, `/partners/${second.partnerId}`, next.position))['counters']).toEqual(expect.objectContaining({ incentivesAwarded: 2 }));
    } finally {
      await ledger.close();
    }
  });

  it('starts a data directory from before the check (no store identity anywhere) and records the one it finds', async () => {
    const dir = await dataDir();
    let ledger = await startLedger(variant, dir);
    const { partnerId } = await registerPartner(ledger.http, { partnerId: uid('upgraded') });
    await awardIncentive(ledger.http, partnerId);
    const head = await headPosition(ledger.http);
    await read(ledger.http, `/partners/${partnerId}`, head);
    const configured = ledger.app.get<ReadStore>(READ_STORE);
    const readStore = configured instanceof GenerationalReadStore ? configured.inner : configured;
    const database = readStore instanceof MongoReadStore ? readStore.databaseName : undefined;
    await ledger.close();

    // What the previous release left: no meta table in events.sqlite, no checkpoint sources.
    const events = new Database(join(dir, 'events.sqlite'));
    events.exec('DROP TABLE meta');
    events.close();
    if (database === undefined) {
      const reads = new Database(join(dir, 'read-models.sqlite'));
      reads.exec('DROP TABLE checkpoint_sources');
      reads.close();
    } else {
      const client = new MongoClient(variant.env['MONGODB_URL']!);
      try {
        await client.db(database).collection('checkpoints_sources').drop();
      } finally {
        await client.close();
      }
    }

    ledger = await startLedger(variant, dir);
    try {
      expect((await ledger.http.get('/health/ready')).status).toBe(200);
      const identity = await ledger.app.get<EventStore>(EVENT_STORE).identity();
      for (const name of PROJECTIONS) expect(await ledger.app.get<ReadStore>(READ_STORE).checkpointSource(name)).toEqual(identity);
      const next = await awardIncentive(ledger.http, partnerId);
      expect(BigInt(next.position)).toBe(BigInt(head) + 1n);
      expect((await read(ledger.http, `/partners/${partnerId}`, next.position))['counters']).toEqual(expect.objectContaining({ incentivesAwarded: 2 }));
    } finally {
      await ledger.close();
    }

    // and the identity stays the same at the next start
    ledger = await startLedger(variant, dir);
    try {
      const identity = await ledger.app.get<EventStore>(EVENT_STORE).identity();
      expect((await ledger.http.get('/health/ready')).status).toBe(200);
      expect(await ledger.app.get<ReadStore>(READ_STORE).checkpointSource('partner-activity')).toEqual(identity);
    } finally {
      await ledger.close();
    }
  });
});
