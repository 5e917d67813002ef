import { INestApplicationContext } from '@nestjs/common';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { join } from 'node:path';
import { openLedgerContext } from '../../apps/ledger/src/cli/ledger-context';
import { verifyReadModels } from '../../apps/ledger/src/cli/rebuild';
import { dropPreviousGenerations, replayProjections } from '../../apps/ledger/src/replay';
import { formatReplayReport } from '../../apps/ledger/src/cli/replay-command';
import { LEDGER_CONFIG, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { earnCertification, Json, read, registerPartner, uid } from './support/ledger-api';
import { mongoDatabase, ReadStoreVariant, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** Edits a partner's profile behind the ledger's back, where its read store keeps it (`collection`: the physical name). */
async function tamper(variant: ReadStoreVariant, dataDir: string, partnerId: string, name: string, collection = 'partners'): Promise<void> {
  const url = variant.env['MONGODB_URL'];
  if (url) {
    const client = new MongoClient(url);
    try {
      const result = await client.db(mongoDatabase(variant, dataDir)).collection(collection).updateOne({ _id: partnerId as never }, { $set: { name } });
      expect(result.modifiedCount).toBe(1);
    } finally {
      await client.close();
    }
    return;
  }
  const db = new Database(join(dataDir, 'read-models.sqlite'));
  try {
    const changed = db.prepare(`UPDATE rm_${collection} SET doc = json_set(doc, '$.name', ?) WHERE id = ?`).run(name, partnerId).changes;
    expect(changed).toBe(1);
  } finally {
    db.close();
  }
}

/** The read-model collections (tables) the read store holds now, by physical name. */
async function storedCollections(variant: ReadStoreVariant, dataDir: string): Promise<string[]> {
  const url = variant.env['MONGODB_URL'];
  if (url) {
    const client = new MongoClient(url);
    try {
      return (await client.db(mongoDatabase(variant, dataDir)).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    } finally {
      await client.close();
    }
  }
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_%'").pluck().all() as string[]).map((name) => name.slice(3));
  } finally {
    db.close();
  }
}

describe.each(readStoreVariants())('rebuild, compare, switch (%s)', (variant) => {
  let ledger: RunningLedger;
  let maintenance: INestApplicationContext;
  let partnerId: string;
  let head: string;

  beforeAll(async () => {
    ledger = await startLedger(variant);
    for (let i = 0; i < 5; i++) await registerPartner(ledger.http);
    partnerId = uid('p');
    await registerPartner(ledger.http, { partnerId, name: 'Initech' });
    head = (await earnCertification(ledger.http, partnerId)).position;
    await read(ledger.http, `/partners/${partnerId}`, head);
    // The admin's tool opens the same stores beside the running ledger, as another process would.
    maintenance = await openLedgerContext(ledger.app.get<LedgerConfig>(LEDGER_CONFIG));
  });

  afterAll(async () => {
    await maintenance?.close();
    await ledger?.close();
  });

  it('verify reports a read-model document edited behind the ledger\'s back', async () => {
    await tamper(variant, ledger.dataDir, partnerId, 'Tampered');
    expect((await read(ledger.http, `/partners/${partnerId}`, head))['name']).toBe('Tampered');
    const differences = await verifyReadModels(maintenance);
    expect(differences).toEqual([
      expect.objectContaining({ collection: 'partners', id: partnerId, live: expect.objectContaining({ name: 'Tampered' }), rebuilt: expect.objectContaining({ name: 'Initech' }) }),
    ]);
  });

  it('replay --switch rebuilds beside the live read models, reports the difference and repairs it, while every query keeps answering', async () => {
    const answers: { status: number; name?: string }[] = [];
    let replaying = true;
    const polling = (async () => {
      while (replaying) {
        const response = await ledger.http.get(`/partners/${partnerId}`);
        answers.push({ status: response.status, name: (response.body as Json)['name'] });
      }
    })();
    const report = await replayProjections(maintenance, { switch: true }).finally(() => (replaying = false));
    await polling;

    expect(report.switched).toBe(true);
    expect(report.projections.find((p) => p.name === 'partner-activity')).toEqual({ name: 'partner-activity', live: 1, built: 2 });
    expect(report.events).toBeGreaterThanOrEqual(Number(head));
    expect(report.differences).toEqual([expect.objectContaining({ collection: 'partners', id: partnerId })]);
    const printed = formatReplayReport(report);
    expect(printed[0]).toBe(`partners/${partnerId}: name live "Tampered" rebuilt "Initech"`);
    expect(printed[1]).toMatch(/^replayed .*partner-activity \(generation 2, live was 1\).*: \d+ events in [\d.]+ s \(\d+ events\/s\), 1 difference\(s\)/);

    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(['Tampered', 'Initech']).toContain(answer.name);
    }
    // Within the generation record's cache, the running ledger serves the new generation.
    let name: unknown;
    for (let tries = 0; tries < 40 && name !== 'Initech'; tries++) {
      name = (await read(ledger.http, `/partners/${partnerId}`, head))['name'];
      if (name !== 'Initech') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(name).toBe('Initech');
  });

  it('projects new commands into the new generation', async () => {
    const position = (await earnCertification(ledger.http, partnerId)).position;
    const profile = await read(ledger.http, `/partners/${partnerId}`, position);
    expect(profile['name']).toBe('Initech');
    expect(await verifyReadModels(maintenance)).toEqual([]);
    expect(await storedCollections(variant, ledger.dataDir)).toEqual(expect.arrayContaining(['partners', 'partners__g2']));
    const status = (await ledger.http.get('/projections').expect(200)).body as Json;
    expect(status['projections']).toContainEqual({ name: 'partner-activity', checkpoint: position, lag: '0', generation: 2, holder: expect.any(String), epoch: expect.any(Number) });
  });

  it('replay --drop-previous drops the previous generation\'s collections, and queries go on', async () => {
    const dropped = await dropPreviousGenerations(maintenance);
    expect(dropped.find((d) => d.name === 'partner-activity')).toEqual({ name: 'partner-activity', dropped: [1] });
    const collections = await storedCollections(variant, ledger.dataDir);
    expect(collections).toContain('partners__g2');
    expect(collections).not.toContain('partners');
    expect(collections).not.toContain('scorecards');
    expect((await read(ledger.http, `/partners/${partnerId}`, head))['name']).toBe('Initech');
    const position = (await earnCertification(ledger.http, partnerId)).position;
    expect((await read(ledger.http, `/partners/${partnerId}`, position))['name']).toBe('Initech');
  });

  it('replay without --switch leaves a candidate beside the live generation, which --candidate --switch makes live', async () => {
    const report = await replayProjections(maintenance, { projections: ['partner-activity'] });
    expect(report).toEqual(expect.objectContaining({ switched: false, differences: [], projections: [{ name: 'partner-activity', live: 2, built: 3 }] }));
    expect(formatReplayReport(report).at(-1)).toMatch(/--candidate --switch/);
    const switched = await replayProjections(maintenance, { projections: ['partner-activity'], candidate: true, switch: true });
    expect(switched.projections).toEqual([{ name: 'partner-activity', live: 2, built: 3 }]);
    const position = (await earnCertification(ledger.http, partnerId)).position;
    expect((await read(ledger.http, `/partners/${partnerId}`, position))['name']).toBe('Initech');
    expect(await verifyReadModels(maintenance)).toEqual([]);
  });

  it('runs over HTTP too: POST /admin/replay starts a job, GET its Location follows it to its result', async () => {
    await tamper(variant, ledger.dataDir, partnerId, 'Tampered again', 'partners__g3');
    const started = await ledger.http.post('/admin/replay').send({ projections: ['partner-activity'], switch: true }).expect(202);
    expect(started.body).toEqual(expect.objectContaining({ status: 'running', projections: ['partner-activity'], switch: true, result: null, error: null }));
    expect(started.headers['location']).toBe(`/admin/replay/${started.body.replayId}`);
    let job: Json = started.body;
    for (let tries = 0; tries < 100 && job['status'] === 'running'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await ledger.http.get(started.headers['location']!).expect(200)).body as Json;
    }
    expect(job['status']).toBe('done');
    expect(job['result']).toEqual(expect.objectContaining({
      projections: [{ name: 'partner-activity', live: 3, built: 4 }], differenceCount: 1, switched: true,
      differences: [`partners/${partnerId}: name live "Tampered again" rebuilt "Initech"`],
    }));
    expect(BigInt(job['progress'].position)).toBeGreaterThan(0n);
    const position = (await earnCertification(ledger.http, partnerId)).position;
    expect((await read(ledger.http, `/partners/${partnerId}`, position))['name']).toBe('Initech');
  });

  it('refuses over HTTP an unknown projection, an unknown job and a malformed one, each with its code', async () => {
    const unknown = await ledger.http.post('/admin/replay').send({ projections: ['no-such'] }).expect(400);
    expect(unknown.body).toEqual(expect.objectContaining({ statusCode: 400, code: 'UNKNOWN_PROJECTION' }));
    expect((await ledger.http.post('/admin/replay').send({ switch: 'yes' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await ledger.http.get('/admin/replay/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('REPLAY_NOT_FOUND');
    expect((await ledger.http.get('/admin/replay/not-a-job').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
