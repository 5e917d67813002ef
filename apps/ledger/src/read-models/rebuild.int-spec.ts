import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerEvent } from '@ledger/domain';
import { NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { compareReadModels, ProjectionRunner, rebuildReadModels } from '@ledger/projections';
import { PARTNERS, PartnerProfile } from '../partners';
import { SCORECARDS } from '../scorecards';
import { LEDGER_PROJECTIONS } from './ledger-projections';
import { partnerActivityProjection as activity } from './partner-activity.projection';

const eur = (minor: number) => ({ minor, currency: 'EUR' });
const month = (m: number, day: number) => new Date(Date.UTC(2026, m, day)).toISOString();
let sequence = 0;
/** Typed as the ledger's events, so that a fixture the deciders could never record (an unknown typology) does not compile. */
const event = (ledgerEvent: LedgerEvent, occurredAt: string): NewEvent<LedgerEvent> => ({
  ...ledgerEvent, eventId: `00000000-0000-4000-8000-${(++sequence).toString(16).padStart(12, '0')}`,
  schemaVersion: 1, occurredAt, metadata: { actor: 'spec', source: 'cli', correlationId: 'spec', causationId: 'spec' },
});

/** Six partners over five months: certifications (earned and expired), incentives, leads and wins. */
async function writeHistory(events: SqliteEventStore): Promise<void> {
  for (let p = 0; p < 6; p++) {
    const partnerId = `partner-${p}`;
    const stream: NewEvent<LedgerEvent>[] = [event({ type: 'PartnerRegistered', data: { partnerId, name: `Partner ${p}`, typology: 'var', territory: { country: p % 2 ? 'FR' : 'DE' } } }, month(0, 1))];
    for (let m = 0; m < 5; m++) {
      stream.push(event({ type: 'CertificationEarned', data: { partnerId, engineerId: `eng-${m}`, productLine: m % 2 ? 'utm' : 'cloud' } }, month(m, 2)));
      stream.push(event({ type: 'IncentiveAwarded', data: {
        partnerId, incentiveId: `inc-${p}-${m}`, recipient: { personId: `eng-${m}`, role: 'presales' }, kind: 'voucher', value: eur(1000 * (p + 1) + m), reason: 'spec',
      } }, month(m, 3)));
    }
    stream.push(event({ type: 'CertificationExpired', data: { partnerId, engineerId: 'eng-0', productLine: 'cloud', expiredAt: month(4, 20) } }, month(4, 20)));
    // One append per event, interleaved across partners below, as the write side records them.
    for (const [revision, e] of stream.entries()) await events.append(`partner-${partnerId}`, [e], revision === 0 ? 'no_stream' : BigInt(revision - 1));
    const leadId = `lead-${p}`;
    await events.append(`lead-${leadId}`, [
      event({ type: 'LeadRegistered', data: { leadId, partnerId, customer: { id: `c-${p}`, name: 'Customer' }, project: 'p', opportunityKey: `c-${p}:p`, estimatedValue: eur(50_000) } }, month(1, 5)),
      event({ type: 'DealWon', data: { leadId, partnerId, amount: eur(40_000 - p), lines: [] } }, month(3, 7)),
    ], 'no_stream');
  }
}

describe('rebuildReadModels (embedded stores)', () => {
  let folder: string;
  let events: SqliteEventStore;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
    events = new SqliteEventStore({ file: join(folder, 'events.sqlite') });
    await writeHistory(events);
  });
  afterEach(async () => {
    await events.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives, in one reading, the documents and checkpoints that following the events batch by batch gives', async () => {
    const followed = new SqliteReadStore({ file: join(folder, 'followed.sqlite') });
    const rebuilt = new SqliteReadStore({ file: join(folder, 'rebuilt.sqlite') });
    try {
      const head = await events.headPosition();
      for (const projection of LEDGER_PROJECTIONS) {
        await followed.ensureCollections(projection.collections);
        const runner = new ProjectionRunner(projection, events, followed);
        for (let after = 0n; after < head;) {
          const batch = await events.readAll({ after, maxCount: 7 });
          await runner.applyBatch(batch);
          after = batch[batch.length - 1]!.position;
        }
      }
      const progress: bigint[] = [];
      // Small pages and a tiny memory bound: many intermediate commits, each one must be right.
      const result = await rebuildReadModels(LEDGER_PROJECTIONS, events, rebuilt, { pageSize: 5, maxHeldDocuments: 3, onProgress: (position) => progress.push(position) });

      expect(result).toEqual({ events: Number(head), head });
      expect(progress[progress.length - 1]).toBe(head);
      for (const projection of LEDGER_PROJECTIONS) {
        expect(await rebuilt.checkpoint(projection.name)).toBe(head);
        expect(await compareReadModels(projection, followed, rebuilt)).toEqual([]);
      }
      const profile = await rebuilt.get<PartnerProfile>(PARTNERS, 'partner-3');
      expect(profile?.doc.counters).toMatchObject({ certificationsEarned: 5, incentivesAwarded: 5, dealsWon: 1, revenueWon: 39_997, leadsRegistered: 1 });
      expect(profile?.doc.certifiedEngineers['cloud']?.map((e) => e.engineerId)).toEqual(['eng-2', 'eng-4']);
    } finally {
      await followed.close();
      await rebuilt.close();
    }
  });

  it('forgets what the read models held before and the event store they came from, and leaves every index in place', async () => {
    const file = join(folder, 'read-models.sqlite');
    const store = new SqliteReadStore({ file });
    try {
      await store.ensureCollections(activity.collections);
      await store.commit(activity.name, [{ collection: PARTNERS, id: 'never-registered', doc: { partnerId: 'never-registered' }, position: 1n }], 10_000n);

      await store.recordCheckpointSource(activity.name, { kind: 'embedded', storeId: 'another-event-store' });

      await rebuildReadModels([activity], events, store);

      expect(await store.get(PARTNERS, 'never-registered')).toBeNull();
      expect(await store.checkpointSource(activity.name)).toEqual(await events.identity()); // its checkpoint is now this store's
      expect(await store.checkpoint(activity.name)).toBe(await events.headPosition());
      const page = await store.find(SCORECARDS, { filter: { period: '2026-04' }, sort: { field: 'revenueWon', direction: 'desc' }, limit: 2 });
      expect(page.items.map((s) => s['partnerId'])).toEqual(['partner-0', 'partner-1']);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(`rm_${SCORECARDS}`);
      expect(indexes).toHaveLength(activity.collections.find((c) => c.name === SCORECARDS)!.indexes.length);
    } finally {
      db.close();
    }
  });
});
