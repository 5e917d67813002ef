import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { withLedgerContext } from './support/ledger-context';
import { verifyReadModels } from '../../apps/ledger/src/cli/rebuild';
import { LEDGER_CONFIG, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { headPosition, Json, read } from './support/ledger-api';
import { createDataDir, mongoDatabase, readStoreVariants, ReadStoreVariant, removeStorage, RunningLedger, startLedger } from './support/ledger-harness';

/**
 * Events are forever: a data directory written by the previous release (fixtures/previous-release:
 * its two SQLite files as SQL text, and the answers it gave) starts under this code and gives
 * the same answers. Its read models (embedded, or copied into MongoDB as the previous
 * release's adapter stored them: integers as the driver's int or double, history positions as
 * text) are in shape 1 with checkpoints at the head: the ledger finds the shape changed and
 * rebuilds them from the old events by itself. Made by running the previous release's API on
 * a fresh data directory.
 */
const FIXTURE = join(__dirname, 'fixtures', 'previous-release');
const recorded = JSON.parse(readFileSync(join(FIXTURE, 'answers.json'), 'utf8')) as { head: string; answers: Record<string, Json> };
/** Its head, plus version 1 of the program's rules, which this release records when it first starts on a store without them. */
const headAfterStart = (BigInt(recorded.head) + 1n).toString();

function restore(dataDir: string, name: 'events' | 'read-models') {
  const db = new Database(join(dataDir, `${name}.sqlite`));
  db.exec(readFileSync(join(FIXTURE, `${name}.sql`), 'utf8'));
  db.close();
}

/** The fixture's read models and checkpoints, written to MongoDB as the previous release's adapter wrote them. */
async function restoreIntoMongo(variant: ReadStoreVariant, dataDir: string) {
  const scratch = await createDataDir();
  restore(scratch, 'read-models');
  const db = new Database(join(scratch, 'read-models.sqlite'), { readonly: true });
  const client = new MongoClient(variant.env['MONGODB_URL']!);
  try {
    const mongo = client.db(mongoDatabase(variant, dataDir));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_%'").pluck().all() as string[];
    for (const table of tables) {
      const rows = db.prepare(`SELECT id, position, doc FROM "${table}"`).safeIntegers(true).all() as { id: string; position: bigint; doc: string }[];
      // No useBigInt64: plain numbers go in as int or double, as they did.
      await mongo.collection(table.slice(3)).insertMany(rows.map((row) => ({ _id: row.id as never, _position: row.position, ...JSON.parse(row.doc) })));
    }
    const checkpoints = db.prepare('SELECT projection, position FROM checkpoints').safeIntegers(true).all() as { projection: string; position: bigint }[];
    await mongo.collection('checkpoints').insertMany(checkpoints.map((row) => ({ _id: row.projection as never, position: row.position })));
  } finally {
    db.close();
    await client.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Profiles gained their loyalty cards since (an added field): the previous release's partners had none. */
const NO_SANCTIONS = { yellowCards: 0, redCards: 0, activeYellowUntil: null, suspendedUntil: null };
/**
 * Profiles gained their last activity since: the latest lead, win, certification or engagement
 * among the fixture's events (events.sql), or the registration.
 */
const LAST_ACTIVITY: Record<string, Json> = {
  'fx-acme': { lastActivityAt: '2026-02-20T10:00:00.000Z', lastActivityType: 'CertificationEarned' }, // after its win of 15 February
  'fx-globex': { lastActivityAt: '2026-02-01T10:00:00.000Z', lastActivityType: 'LeadRegistered' },
};

/**
 * Scorecards gained the partner's region (Acme's IDF; Globex gave none), targets and attainment
 * (none were set then), and the engineers certified at the period's end: Acme's first
 * certification of 20 January, its second of 20 February, one of them expired on 1 July.
 */
const REGION: Record<string, Json> = { 'fx-acme': { region: 'IDF' }, 'fx-globex': {} };
const CERTIFIED_AT_END: Record<string, number> = { 'fx-acme:2026-01': 1, 'fx-acme:2026-02': 2, 'fx-acme:2026-07': 1, 'fx-globex:2026-01': 0 };
const NO_TARGETS = { revenueWon: null, dealsWon: null, leadsRegistered: null, certifiedEngineers: null };

function inThisRelease(path: string, answer: Json, now: Json): Json {
  const counted = withCountsByRole(answer, now) as Json;
  const profile = (partner: Json) => ({ ...partner, sanctions: NO_SANCTIONS, ...LAST_ACTIVITY[partner['partnerId'] as string] });
  const scorecard = (card: Json) => {
    const partnerId = card['partnerId'] as string;
    return { ...card, ...REGION[partnerId], certifiedEngineers: CERTIFIED_AT_END[`${partnerId}:${card['period']}`], targets: NO_TARGETS, attainment: NO_TARGETS };
  };
  if (/^\/partners\/[^/]+$/.test(path)) return profile(counted);
  if (/^\/partners\?/.test(path)) return { ...counted, items: (counted['items'] as Json[]).map(profile) };
  if (/^\/partners\/[^/]+\/scorecards\//.test(path)) return scorecard(counted);
  if (/^\/scorecards\?/.test(path)) return { ...counted, items: (counted['items'] as Json[]).map(scorecard) };
  return counted;
}

const decimalCents = (amount: string) => Math.round(Number(amount) * 100);

/**
 * Counters gained incentives by role and engagements since (added fields, computed from the old
 * events): wherever the previous release counted incentives, this one's split by role must add
 * up to its count and value, and no engagement was recorded then. Their values are taken from
 * this release's answer once they are shown to agree.
 */
function withCountsByRole(old: unknown, now: unknown): unknown {
  if (Array.isArray(old)) return old.map((item, i) => withCountsByRole(item, (now as unknown[] | undefined)?.[i]));
  if (old === null || typeof old !== 'object') return old;
  const entries = Object.entries(old as Json).map(([key, value]) => [key, withCountsByRole(value, (now as Json | undefined)?.[key])]);
  const counters = Object.fromEntries(entries) as Json;
  if (!('incentivesAwarded' in counters) || now === null || typeof now !== 'object') return counters;
  const byRole = (now as Json)['incentivesByRole'] as Record<string, { count: number; value: string }>;
  const roles = Object.values(byRole ?? {});
  expect(roles.reduce((n, role) => n + role.count, 0)).toBe(counters['incentivesAwarded']);
  expect(roles.reduce((n, role) => n + decimalCents(role.value), 0)).toBe(decimalCents(counters['incentivesValue'] as string));
  return { ...counters, incentivesByRole: byRole, engagements: 0, averageSatisfaction: null, ...NOTHING_REVERSED(counters['revenueWon'] as string) };
}

/** Counters gained deal reversals since (added fields): nothing was reversed then, so the net revenue is the revenue won. */
const NOTHING_REVERSED = (revenueWon: string) => ({ revenueReversed: '0.00', netRevenue: revenueWon, dealsReversed: 0 });

describe.each(readStoreVariants())('a data directory written by the previous release (%s)', (variant) => {
  let dataDir: string;
  let ledger: RunningLedger;
  beforeAll(async () => {
    dataDir = await createDataDir();
    restore(dataDir, 'events');
    if (variant.name === 'embedded') restore(dataDir, 'read-models');
    else await restoreIntoMongo(variant, dataDir);
    ledger = await startLedger(variant, dataDir);
  });
  afterAll(async () => {
    await ledger?.close();
    await removeStorage(variant, dataDir);
  });

  it('starts ready, with every projection caught up on the old events', async () => {
    const ready = await ledger.http.get('/health/ready');
    expect(ready.status).toBe(200);
    // The previous release recorded no program rules: version 1 is recorded on top, once, at start.
    expect(await headPosition(ledger.http)).toBe(headAfterStart);
  });

  it("rebuilds the read models in this release's shape by itself", async () => {
    await read(ledger.http, '/partners/fx-acme/history', recorded.head);
    const store = ledger.app.get<ReadStore>(READ_STORE);
    expect(await store.readModelVersion('audit-events')).toBe(2);
    expect(await store.readModelVersion('partner-activity')).toBe(5);
    expect((await store.get('audit_events', '00000000000000000001'))?.doc).toMatchObject({ position: 1, revision: 0, occurredAt: '2026-01-05T09:00:00.000Z', occurredAtText: '2026-01-05T09:00:00Z' });
    if (variant.name === 'MongoDB') {
      const client = new MongoClient(variant.env['MONGODB_URL']!);
      try {
        const db = client.db(mongoDatabase(variant, dataDir));
        expect(await db.collection('audit_events').countDocuments({ position: { $not: { $type: 'long' } } })).toBe(0);
        expect(await db.collection('audit_events').countDocuments({ occurredAt: { $type: 'date' } })).toBeGreaterThan(0);
        expect(await db.collection('partners').countDocuments({ 'counters.revenueWon': { $not: { $type: 'long' } } })).toBe(0);
      } finally {
        await client.close();
      }
    }
  });

  it.each(Object.keys(recorded.answers))('GET %s answers what the previous release answered', async (path) => {
    const now = await read(ledger.http, path, recorded.head);
    expect(now).toEqual(inThisRelease(path, recorded.answers[path]!, now));
  });

  it('records new commands on top, a retried old key still answers as before, and the read models are what the events imply', async () => {
    const profile = await read(ledger.http, '/partners/fx-acme', recorded.head);
    // The same key as the previous release's incentive: its original answer, nothing appended.
    const retried = await ledger.http.post('/partners/fx-acme/incentives').set('Idempotency-Key', 'fx-8').send({
      incentiveId: 'fx-inc-1', recipient: { personId: 'p-1', name: 'Bob', role: 'presales' }, kind: 'voucher', value: { amount: '250.00', currency: 'EUR' },
      reason: 'Q1 challenge', occurredAt: '2026-03-01T10:00:00Z',
    });
    expect(retried.status).toBe(201);
    expect(await headPosition(ledger.http)).toBe(headAfterStart);

    const added = await ledger.http.post('/partners/fx-acme/incentives').send({
      recipient: { personId: 'p-2', role: 'technical' }, kind: 'cash', value: { amount: '100.00', currency: 'EUR' }, reason: 'after the upgrade',
    }).expect(201);
    const after = await read(ledger.http, '/partners/fx-acme', added.body.position);
    const technical = { count: profile['counters']['incentivesByRole']['technical']['count'] + 1, value: '100.00' };
    expect(after['counters']).toEqual({
      ...profile['counters'], incentivesAwarded: profile['counters']['incentivesAwarded'] + 1, incentivesValue: '350.00',
      incentivesByRole: { ...profile['counters']['incentivesByRole'], technical },
    });

    const config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    await ledger.app.close();
    expect(await withLedgerContext(config, verifyReadModels)).toEqual([]);
  });
});
