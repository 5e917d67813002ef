import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { compareReadModels, ReadModelDifference, summariseDifference } from '@ledger/projections';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { coopReactorCaughtUp, demoPlanOptions } from '../../apps/ledger/src/cli/demo/demo-command';
import { demoFactLine, demoSteps, DemoStep } from '../../apps/ledger/src/cli/demo/demo-facts';
import { writeDemoFacts } from '../../apps/ledger/src/cli/demo/demo-facts-out';
import { demoPlan } from '../../apps/ledger/src/cli/demo/demo-plan';
import { toLedgerCommand } from '../../apps/ledger/src/cli/demo/demo-runner';
import { openLedgerContext } from '../../apps/ledger/src/cli/ledger-context';
import { rebuildProjections } from '../../apps/ledger/src/cli/rebuild';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { describeFailure } from '../../apps/ledger/src/errors/failure';
import { FactBatches } from '../../apps/ledger/src/fact-batches';
import { importFacts, ndjsonChunks } from '../../apps/ledger/src/imports';
import { parseActivityMessage, toCommand } from '../../apps/ledger/src/kafka/activity-translation';
import { LEDGER_PROJECTIONS } from '../../apps/ledger/src/read-models';

/**
 * What differs between two ledgers given the same facts, by design: when each appended (recordedAt,
 * and the global positions, which interleave streams otherwise in batches than one at a time; with
 * them the hash chain and the documents keyed by position), and personal data, sealed under each
 * ledger's own random keys. Everything else must be equal.
 */
const OWN_FIELDS = new Set(['recordedAt', 'position', 'hash', 'prevHash']);
const SEALED = /^pii:v1:[^:]+:/;
function withoutOwn(value: unknown): unknown {
  if (typeof value === 'string') return SEALED.test(value) ? 'pii:v1:(sealed)' : value;
  if (Array.isArray(value)) return value.map(withoutOwn);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !OWN_FIELDS.has(key)).map(([key, v]) => [key, withoutOwn(v)]));
}
/** Lists kept in the order events arrived across streams: a set whose order is each ledger's own. */
const ARRIVAL_ORDERED: Record<string, string> = { challenge_hours: 'facts', challenge_partners: 'partners' };
const normalised = (collection: string, doc: Record<string, unknown>) => {
  const plain = withoutOwn(doc) as Record<string, unknown>;
  // The program's version 1, which each ledger records when it first starts, at its own time.
  if (plain['streamId'] === 'program' && plain['revision'] === 0) for (const own of ['occurredAt', 'occurredAtText', 'metadata']) delete plain[own];
  const list = ARRIVAL_ORDERED[collection];
  if (list && Array.isArray(plain[list])) plain[list] = [...(plain[list] as unknown[])].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return plain;
};
/** Documents keyed by position, by collection and side: matched by content once both sides are read. */
const byPosition = new Map<string, { live: string[]; rebuilt: string[] }>();
/** A difference that is only the ledgers' own fields; a document keyed by position is set aside, to be matched by content. */
function sameButOwn(difference: ReadModelDifference): boolean {
  if (/^\d{20}$/.test(difference.id)) {
    const sides = byPosition.get(difference.collection) ?? { live: [], rebuilt: [] };
    byPosition.set(difference.collection, sides);
    if (difference.live) sides.live.push(JSON.stringify(normalised(difference.collection, difference.live)));
    if (difference.rebuilt) sides.rebuilt.push(JSON.stringify(normalised(difference.collection, difference.rebuilt)));
    return true;
  }
  return difference.live !== undefined && difference.rebuilt !== undefined && isDeepStrictEqual(normalised(difference.collection, difference.live), normalised(difference.collection, difference.rebuilt));
}

/** Every step's receipt time, in both ledgers: the events' metadata then match, whenever each ran. */
const RECEIVED_AT = '2030-01-02T03:04:05.000Z';

/**
 * The demo's history exported as NDJSON facts (`demo --facts-out`) and imported into an empty
 * ledger gives the read models of a ledger that received the same facts one at a time, as the
 * Kafka consumer used to record them. The demo's commands that are no Kafka fact (program rules,
 * expiry and tier sweeps, suspensions lifted, co-op claims decided) are sent the same way to both
 * ledgers, at the same point of the history: the import is cut into the runs of facts between them.
 */
describe('the demo history imported from NDJSON', () => {
  const options = { partners: 40, events: 3000, seed: 11, months: 12 };
  const folders: string[] = [];
  const ledgers: INestApplicationContext[] = [];
  let original: INestApplicationContext;
  let imported: INestApplicationContext;
  let steps: DemoStep[];

  const open = async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-import-demo-'));
    folders.push(dataDir);
    // The demo's own setting: a win's co-op accrual is recorded with it, as in a running ledger.
    const app = await openLedgerContext(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'error', SQLITE_SYNCHRONOUS: 'NORMAL' }), { coopReactions: true });
    ledgers.push(app);
    return app;
  };
  /** A demo command as the demo sends it; a refusal is counted, as the demo does. */
  const execute = async (app: INestApplicationContext, step: DemoStep, refusals: Record<string, number>) => {
    const context = { actor: 'demo', source: 'cli', correlationId: 'demo-import', causationId: step.command.idempotencyKey, idempotencyKey: step.command.idempotencyKey, receivedAt: RECEIVED_AT };
    try {
      await app.get(CommandBus).execute(toLedgerCommand(step.command, context));
    } catch (error) {
      const { code, transient } = describeFailure(error);
      if (transient) throw error;
      refusals[code] = (refusals[code] ?? 0) + 1;
    }
  };

  const refusedInOriginal: Record<string, number> = {};
  const refusedInImport: Record<string, number> = {};
  let importedLines = 0;

  beforeAll(async () => {
    original = await open();
    imported = await open();
    steps = [...demoSteps(demoPlan(await demoPlanOptions(original, options)), options.events)];

    // The original: each fact alone through the Kafka translation, in the history's order.
    for (const step of steps) {
      if (!step.fact) {
        await execute(original, step, refusedInOriginal);
        continue;
      }
      const parsed = parseActivityMessage(Buffer.from(JSON.stringify(step.fact)));
      if (!parsed.ok) throw new Error(`the demo wrote an invalid fact: ${parsed.failure.message}`);
      try {
        await original.get(CommandBus).execute(toCommand(parsed.message, { receivedAt: RECEIVED_AT }));
      } catch (error) {
        const { code, transient } = describeFailure(error);
        if (transient) throw error;
        refusedInOriginal[code] = (refusedInOriginal[code] ?? 0) + 1;
      }
    }

    // The import: the runs of facts between the other commands, as lines, through the batch engine.
    let run: string[] = [];
    const importRun = async () => {
      if (run.length === 0) return;
      const summary = await importFacts(ndjsonChunks(Readable.from([`${run.join('\n')}\n`]), { size: 2000 }), imported.get(FactBatches), { receivedAt: RECEIVED_AT });
      for (const [code, n] of Object.entries(summary.refusedByCode)) refusedInImport[code] = (refusedInImport[code] ?? 0) + n;
      importedLines += summary.recorded + summary.alreadyRecorded + summary.refused;
      run = [];
    };
    for (const step of steps) {
      if (step.fact) run.push(demoFactLine(step.command, step.fact));
      else {
        await importRun();
        await execute(imported, step, refusedInImport);
      }
    }
    await importRun();

    for (const app of ledgers) {
      await coopReactorCaughtUp(app, app.get<EventStore>(EVENT_STORE));
      await rebuildProjections(app, [], false);
    }
  }, 600_000);
  afterAll(async () => {
    for (const app of ledgers) await app.close();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('imports the lines `demo --facts-out` writes, most of the history', async () => {
    const file = join(folders[0]!, 'demo-facts.ndjson');
    const report = await writeDemoFacts(imported, options, file);
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toEqual(steps.flatMap((s) => (s.fact ? [demoFactLine(s.command, s.fact)] : [])));
    expect(importedLines).toBe(lines.length);
    expect(report.facts).toBe(lines.length);
    expect(report.facts).toBeGreaterThan(steps.length * 0.8);
  });

  it('refuses what the one-at-a-time path refuses, as many times', () => {
    expect(refusedInImport).toEqual(refusedInOriginal);
    expect(Object.keys(refusedInOriginal)).toContain('LEAD_ALREADY_REGISTERED'); // the demo's deliberate conflicts
  });

  it('records the same events in every stream', async () => {
    const byStream = async (app: INestApplicationContext) => {
      const store = app.get<EventStore>(EVENT_STORE);
      const streams = new Map<string, string[]>();
      for (let batch = await store.readAll({ maxCount: 1000 }); batch.length > 0; batch = await store.readAll({ after: batch[batch.length - 1]!.position, maxCount: 1000 })) {
        for (const e of batch) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), `${e.type} ${e.eventId}`]);
      }
      return streams;
    };
    const [a, b] = [await byStream(original), await byStream(imported)];
    expect(b.size).toBe(a.size);
    for (const [stream, events] of a) expect({ stream, events: b.get(stream) }).toEqual({ stream, events });
  });

  it('gives every read model the same documents, but for what is each ledger\'s own', async () => {
    const differences: string[] = [];
    // The Merkle tree is the ledger's own by construction: its leaves are in position order and hash recordedAt.
    for (const projection of LEDGER_PROJECTIONS.filter((p) => p.name !== 'audit-tree')) {
      for (const found of await compareReadModels(projection, original.get<ReadStore>(READ_STORE), imported.get<ReadStore>(READ_STORE), 1_000_000)) {
        if (!sameButOwn(found)) differences.push(summariseDifference(found, 200));
      }
    }
    expect(differences.slice(0, 20)).toEqual([]);
    for (const [collection, sides] of byPosition) expect({ collection, documents: sides.rebuilt.sort() }).toEqual({ collection, documents: sides.live.sort() });
    expect(byPosition.size).toBeGreaterThan(0); // history at least: every event, keyed by position
  });
});
