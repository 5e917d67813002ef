import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastChainValue } from '@ledger/audit';
import { HISTORY_SEALED } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { historySealedEventId } from '../../apps/ledger/src/audit-chain';
import { auditSeal, auditVerify } from '../../apps/ledger/src/cli/audit';
import { withLedgerContext } from './support/ledger-context';
import { verifyReadModels } from '../../apps/ledger/src/cli/rebuild';
import { LEDGER_CONFIG, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { awardIncentive, headPosition, Json, read } from './support/ledger-api';
import { createDataDir, readStoreVariants, removeStorage, RunningLedger, startLedger } from './support/ledger-harness';

/**
 * A data directory written before events were hash-chained (fixtures/previous-release, see
 * previous-release.e2e-spec.ts): its events have no hash. New events chain to the computed
 * value of the old ones; `audit seal`, run beside the running ledger, records one
 * HistorySealed per old stream, once; the chains then verify and no read model's answer moves.
 */
const FIXTURE = join(__dirname, 'fixtures', 'previous-release');
const recorded = JSON.parse(readFileSync(join(FIXTURE, 'answers.json'), 'utf8')) as { head: string; answers: Record<string, Json> };

describe.each(readStoreVariants())('the hash chain on a data directory of the previous release (%s)', (variant) => {
  let dataDir: string;
  let ledger: RunningLedger;
  const store = () => ledger.app.get<EventStore>(EVENT_STORE);
  const withContext = <T>(job: Parameters<typeof withLedgerContext<T>>[1]) => withLedgerContext(ledger.app.get<LedgerConfig>(LEDGER_CONFIG), job);
  /** The streams of the fixture's events: every one of them unhashed. */
  let oldStreams: string[];

  beforeAll(async () => {
    dataDir = await createDataDir();
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.exec(readFileSync(join(FIXTURE, 'events.sql'), 'utf8'));
    oldStreams = db.prepare('SELECT DISTINCT stream_id FROM events ORDER BY MIN(position) OVER (PARTITION BY stream_id)').pluck().all() as string[];
    db.close();
    ledger = await startLedger(variant, dataDir);
  });
  afterAll(async () => {
    await ledger?.close();
    await removeStorage(variant, dataDir);
  });

  it('chains a new event of an old stream to the value computed over its unhashed events', async () => {
    const before = await store().readStream('partner-fx-acme');
    expect(before.every((e) => e.metadata['hash'] === undefined)).toBe(true);
    const added = await awardIncentive(ledger.http, 'fx-acme');
    const [event] = await store().readStream('partner-fx-acme', { fromRevision: BigInt(added.revision) });
    expect(event!.metadata['prevHash']).toBe(lastChainValue(before));
    const { body } = await ledger.http.get('/audit/streams/partner-fx-acme/verify').expect(200);
    expect(body).toMatchObject({ verified: true, events: before.length + 1, chainedEvents: 1, legacyEvents: before.length, firstBroken: null });
  });

  it('seals each old stream once, while the ledger runs, and leaves every answer as it was', async () => {
    const head = await headPosition(ledger.http);
    const answersBefore = await Promise.all(Object.keys(recorded.answers).map((path) => read(ledger.http, path, head)));

    const sealed = await withContext((app) => auditSeal(app, false));
    expect(sealed.streamsSealed).toBe(oldStreams.length);
    expect(sealed.alreadySealed).toBe(0);
    expect(sealed.eventsCovered).toBe(Number(recorded.head));
    for (const streamId of oldStreams) {
      const events = await store().readStream(streamId);
      const seals = events.filter((e) => e.type === HISTORY_SEALED);
      expect(seals).toHaveLength(1);
      const legacy = events.filter((e) => e.metadata['hash'] === undefined);
      expect(seals[0]).toMatchObject({
        eventId: historySealedEventId(streamId),
        data: { sealedThroughRevision: legacy.length - 1, sealedEvents: legacy.length, sealedHash: lastChainValue(legacy) },
        metadata: { actor: 'cli', source: 'cli' },
      });
    }

    const again = await withContext((app) => auditSeal(app, false));
    expect(again).toEqual({ streamsSealed: 0, alreadySealed: oldStreams.length, eventsCovered: 0 });

    const verified = await withContext((app) => auditVerify(app));
    expect(verified.chains).toMatchObject({ verified: true, legacyEvents: Number(recorded.head), broken: [] });

    const headAfter = await headPosition(ledger.http);
    expect(BigInt(headAfter) - BigInt(head)).toBe(BigInt(oldStreams.length));
    const answersAfter = await Promise.all(Object.keys(recorded.answers).map((path) => read(ledger.http, path, headAfter)));
    expect(answersAfter).toEqual(answersBefore);

    // A sealed stream takes commands as before: its HistorySealed is no business fact to fold.
    const profile = await read(ledger.http, '/partners/fx-acme', headAfter);
    const added = await awardIncentive(ledger.http, 'fx-acme');
    const [event] = await store().readStream('partner-fx-acme', { fromRevision: BigInt(added.revision) });
    const [seal] = (await store().readStream('partner-fx-acme')).filter((e) => e.type === HISTORY_SEALED);
    expect(event!.metadata['prevHash']).toBe(seal!.metadata['hash']);
    const after = await read(ledger.http, '/partners/fx-acme', added.position);
    expect(after['counters']['incentivesAwarded']).toBe(profile['counters']['incentivesAwarded'] + 1);

    const config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    await ledger.app.close();
    expect(await withLedgerContext(config, verifyReadModels)).toEqual([]);
  });
});
