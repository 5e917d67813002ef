import Database from 'better-sqlite3';
import { join } from 'node:path';
import { eventHash } from '@ledger/audit';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { auditVerify, formatChains } from '../../apps/ledger/src/cli/audit';
import { withLedgerContext } from './support/ledger-context';
import { LEDGER_CONFIG, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { awardIncentive, expectProblem, registerLead, registerPartner, uid } from './support/ledger-api';
import { RunningLedger, startLedger } from './support/ledger-harness';

/**
 * Every event is hash-chained to the one before it in its stream, and an auditor can have the
 * chains recomputed from the stored events: an edit of a stored row, made behind the ledger's
 * back, is named.
 */
describe('hash-chained events (embedded)', () => {
  let ledger: RunningLedger;
  let partnerId: string;
  beforeAll(async () => {
    ledger = await startLedger({ name: 'embedded', env: {}, toString: () => 'embedded' });
    partnerId = uid('chain');
    await registerPartner(ledger.http, { partnerId });
    await registerLead(ledger.http, partnerId);
    await awardIncentive(ledger.http, partnerId);
    await awardIncentive(ledger.http, partnerId);
  });
  afterAll(() => ledger?.close());

  const verify = (streamId: string) => ledger.http.get(`/audit/streams/${encodeURIComponent(streamId)}/verify`);
  const withContext = <T>(job: Parameters<typeof withLedgerContext<T>>[1]) => withLedgerContext(ledger.app.get<LedgerConfig>(LEDGER_CONFIG), job);

  it("answers a stream's chain, each event's hash recomputable from what it records", async () => {
    const { body } = await verify(`partner-${partnerId}`).expect(200);
    const events = await ledger.app.get<EventStore>(EVENT_STORE).readStream(`partner-${partnerId}`);
    expect(body).toEqual({
      streamId: `partner-${partnerId}`, verified: true, events: events.length, chainedEvents: events.length, legacyEvents: 0,
      lastHash: events[events.length - 1]!.metadata['hash'], firstBroken: null,
    });
    let previous: string | null = null;
    for (const event of events) {
      expect(event.metadata['prevHash']).toBe(previous);
      expect(event.metadata['hash']).toBe(eventHash(event, previous));
      previous = event.metadata['hash'] as string;
    }
  });

  it('answers 404 STREAM_NOT_FOUND for a stream with no events, 400 for a malformed id', async () => {
    expectProblem(await verify('partner-nobody-here'), 404, 'STREAM_NOT_FOUND');
    expectProblem(await verify('x'.repeat(201)), 400, 'VALIDATION_FAILED');
  });

  it('audit verify passes every stream, and one', async () => {
    const all = await withContext((app) => auditVerify(app));
    expect(all.verified).toBe(true);
    expect(all.chains).toMatchObject({ verified: true, legacyEvents: 0, broken: [] });
    expect(all.chains.streams).toBeGreaterThanOrEqual(3); // the partner, its lead, the program
    expect(all.chains.chainedEvents).toBe(all.chains.events);
    const one = await withContext((app) => auditVerify(app, { streamId: `partner-${partnerId}` }));
    expect(one.chains).toMatchObject({ verified: true, streams: 1, events: 3 });
    expect(formatChains(one.chains)).toEqual(['chains: 1 stream(s), 3 event(s) (3 chained, 0 recorded before the chain): every link holds']);
  });

  it("names the event whose data was edited in the SQLite file: its revision, position, expected and stored hash", async () => {
    const events = await ledger.app.get<EventStore>(EVENT_STORE).readStream(`partner-${partnerId}`);
    const target = events[1]!;
    const file = new Database(join(ledger.dataDir, 'events.sqlite'));
    try {
      const edited = file.prepare("UPDATE events SET data = json_set(data, '$.reason', 'edited afterwards') WHERE event_id = ?").run(target.eventId);
      expect(edited.changes).toBe(1);
    } finally {
      file.close();
    }
    const expectedHash = eventHash({ ...target, data: { ...target.data, reason: 'edited afterwards' } }, target.metadata['prevHash'] as string);
    const brokenLink = {
      streamId: `partner-${partnerId}`, revision: target.revision.toString(), position: target.position.toString(), eventId: target.eventId,
      expectedHash, storedHash: target.metadata['hash'], problem: 'hash',
    };

    const { body } = await verify(`partner-${partnerId}`).expect(200);
    expect(body).toMatchObject({ verified: false, firstBroken: brokenLink });

    const all = await withContext((app) => auditVerify(app));
    expect(all.verified).toBe(false);
    expect(all.chains.broken).toEqual([brokenLink]);
    expect(formatChains(all.chains)[0]).toBe(
      `BROKEN partner-${partnerId} revision ${brokenLink.revision} position ${brokenLink.position} event ${target.eventId}: hash expected ${expectedHash}, stored ${brokenLink.storedHash}`,
    );
  });
});
