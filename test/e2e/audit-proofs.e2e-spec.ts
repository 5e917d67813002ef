import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore, RecordedEvent, serialiseEvent } from '@ledger/event-store';
import { storedEventHash } from '../../apps/ledger/src/audit-tree';
import { checkProofCli, pythonVerdicts, VERIFIER, withPython } from './support/audit-checks';
import { awardIncentive, earnCertification, expectProblem, headPosition, Json, read, registerLead, registerPartner, winDeal } from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const ROOT = join(__dirname, '..', '..');

const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

/** The event as an export line holds it (GET /audit/export, ledger audit export). */
const exported = serialiseEvent;

describe.each(readStoreVariants())('audit digest and proofs (%s)', (variant) => {
  let ledger: RunningLedger;
  let events: RecordedEvent[];
  let first: Json;
  let second: Json;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-proofs-'));
    ledger = await startLedger(variant);
    const write = async (n: number) => {
      const { partnerId } = await registerPartner(ledger.http);
      for (let i = 0; i < n; i++) await earnCertification(ledger.http, partnerId, { engineerId: `eng-${i}`, productLine: i % 2 ? 'utm' : 'cloud' });
      const { leadId } = await registerLead(ledger.http, partnerId);
      await winDeal(ledger.http, leadId, { amount: '1200.00', currency: 'EUR' });
      await awardIncentive(ledger.http, partnerId);
    };
    await write(4);
    first = await read(ledger.http, '/audit/digest', await headPosition(ledger.http));
    await write(7);
    second = await read(ledger.http, '/audit/digest', await headPosition(ledger.http));
    events = await ledger.app.get<EventStore>(EVENT_STORE).readAll({ maxCount: 10_000 });
  });
  afterAll(async () => {
    await ledger?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives a digest of every event: its size, root, last position and when', () => {
    expect(second).toEqual({ treeSize: events.length, rootHash: expect.stringMatching(/^[0-9a-f]{64}$/), lastPosition: String(events.at(-1)!.position), at: expect.any(String) });
    expect(new Date(second['at']).toISOString()).toBe(second['at']);
    expect(first['treeSize']).toBeLessThan(second['treeSize']);
    expect(first['lastPosition']).toBe(String(events[first['treeSize'] - 1]!.position));
    // Each leaf's input is the hash the event was recorded with, recomputed from it.
    expect(events.map(storedEventHash)).toEqual(events.map((event) => event.metadata['hash']));
  });

  const inclusionProofs = async () => {
    const proofs: Json[] = [];
    for (const index of [0, 1, 5, first['treeSize'] - 1, first['treeSize'], events.length - 1]) {
      for (const treeSize of new Set([index + 1, first['treeSize'], second['treeSize']].filter((size) => size > index))) {
        const { eventId } = events[index]!;
        const response = await ledger.http.get(`/audit/proofs/inclusion?eventId=${eventId}&treeSize=${treeSize}`).expect(200);
        expect(response.body).toMatchObject({ eventId, leafIndex: index, treeSize });
        // The leaf is the event's hash, recomputed here from the event as stored.
        const leaf = createHash('sha256').update(Buffer.concat([Buffer.of(0), Buffer.from(storedEventHash(events[index]!), 'hex')])).digest('hex');
        expect(response.body.leafHash).toBe(leaf);
        proofs.push(response.body);
      }
    }
    return proofs;
  };

  const consistencyProofs = async () => {
    const pairs = [[1, 1], [1, first['treeSize']], [3, 7], [first['treeSize'], second['treeSize']], [second['treeSize'], second['treeSize']], [5, second['treeSize']]];
    return Promise.all(pairs.map(async ([from, to]) => (await ledger.http.get(`/audit/proofs/consistency?from=${from}&to=${to}`).expect(200)).body as Json));
  };

  withPython('serves inclusion proofs the independent Python verifier accepts, against the digests kept', async () => {
    const proofs = await inclusionProofs();
    for (const proof of proofs) {
      if (proof['treeSize'] === first['treeSize']) expect(proof['rootHash']).toBe(first['rootHash']);
      if (proof['treeSize'] === second['treeSize']) expect(proof['rootHash']).toBe(second['rootHash']);
    }
    expect(pythonVerdicts(proofs)).toEqual({ valid: proofs.map(() => true), status: 0 });
    const tampered = proofs.filter((proof) => proof['auditPath'].length > 0).map((proof) => ({ ...proof, auditPath: [flip(proof['auditPath'][0]), ...proof['auditPath'].slice(1)] }));
    expect(pythonVerdicts(tampered)).toEqual({ valid: tampered.map(() => false), status: 1 });
  });

  withPython('serves consistency proofs the independent Python verifier accepts, and it rejects a tampered path', async () => {
    const proofs = await consistencyProofs();
    const between = proofs.find((proof) => proof['from'] === first['treeSize'] && proof['to'] === second['treeSize'])!;
    expect({ fromRoot: between['fromRoot'], toRoot: between['toRoot'] }).toEqual({ fromRoot: first['rootHash'], toRoot: second['rootHash'] });
    expect(proofs.find((proof) => proof['from'] === proof['to'])!['consistencyPath']).toEqual([]);
    expect(pythonVerdicts(proofs)).toEqual({ valid: proofs.map(() => true), status: 0 });
    const tampered = { ...between, consistencyPath: between['consistencyPath'].map((hash: string, i: number) => (i === 0 ? flip(hash) : hash)) };
    expect(pythonVerdicts([tampered])).toEqual({ valid: [false], status: 1 });
  });

  it('defaults to the current size', async () => {
    const inclusion = (await ledger.http.get(`/audit/proofs/inclusion?eventId=${events[2]!.eventId}`).expect(200)).body;
    expect({ treeSize: inclusion.treeSize, rootHash: inclusion.rootHash }).toEqual({ treeSize: second['treeSize'], rootHash: second['rootHash'] });
    const consistency = (await ledger.http.get(`/audit/proofs/consistency?from=${first['treeSize']}`).expect(200)).body;
    expect(consistency).toMatchObject({ from: first['treeSize'], to: second['treeSize'], toRoot: second['rootHash'] });
  });

  it('checks proofs offline from the command line, with nothing but the proof, the digest and the event', async () => {
    const event = events[first['treeSize'] - 2]!;
    const proof = (await ledger.http.get(`/audit/proofs/inclusion?eventId=${event.eventId}&treeSize=${first['treeSize']}`).expect(200)).body;
    const [proofFile, eventFile, editedFile] = ['inclusion.json', 'event.json', 'edited.json'].map((name) => join(folder, name));
    writeFileSync(proofFile, JSON.stringify(proof));
    writeFileSync(eventFile, `${JSON.stringify(exported(event))}\n`);
    writeFileSync(editedFile, `${JSON.stringify({ ...exported(event), occurredAt: '2020-01-01T00:00:00.000Z' })}\n`);

    expect(await checkProofCli([proofFile, '--digest', first['rootHash']])).toEqual({ status: 0, out: expect.stringMatching(/^valid: leaf/m) });
    expect(await checkProofCli([proofFile, '--digest', first['rootHash'], '--event', eventFile])).toEqual({ status: 0, out: expect.stringMatching(/recomputed from the event[\s\S]*^valid/m) });
    expect(await checkProofCli([proofFile, '--digest', second['rootHash']])).toEqual({ status: 1, out: expect.stringMatching(/^invalid/m) });
    expect(await checkProofCli([proofFile, '--digest', first['rootHash'], '--event', editedFile])).toEqual({ status: 1, out: expect.stringMatching(/^invalid: the event's leaf hash/m) });
    expect(await checkProofCli([proofFile, '--digest', 'not-a-hash'])).toEqual({ status: 1, out: expect.stringMatching(/^invalid: the digest must be/m) });

    const consistency = (await ledger.http.get(`/audit/proofs/consistency?from=${first['treeSize']}&to=${second['treeSize']}`).expect(200)).body;
    const consistencyFile = join(folder, 'consistency.json');
    writeFileSync(consistencyFile, JSON.stringify(consistency));
    const kept = await checkProofCli([consistencyFile, '--digest', first['rootHash']]);
    expect(kept).toEqual({ status: 0, out: expect.stringContaining(`keep its root ${second['rootHash']} (size ${second['treeSize']})`) });
    expect(await checkProofCli([consistencyFile, '--digest', flip(first['rootHash'])])).toEqual({ status: 1, out: expect.stringMatching(/^invalid/m) });
  });

  it('refuses an event not in the tree, sizes out of range and malformed parameters', async () => {
    const size = second['treeSize'];
    expectProblem(await ledger.http.get('/audit/proofs/inclusion?eventId=00000000-0000-4000-8000-000000000000'), 404, 'EVENT_NOT_IN_TREE');
    for (const treeSize of [3, size + 1]) expectProblem(await ledger.http.get(`/audit/proofs/inclusion?eventId=${events[3]!.eventId}&treeSize=${treeSize}`), 400, 'TREE_SIZE_OUT_OF_RANGE');
    expectProblem(await ledger.http.get('/audit/proofs/consistency?from=0'), 400, 'VALIDATION_FAILED');
    expectProblem(await ledger.http.get(`/audit/proofs/inclusion?eventId=${events[3]!.eventId}&treeSize=0`), 400, 'VALIDATION_FAILED');
    for (const query of ['from=5&to=4', `from=1&to=${size + 1}`, `from=${size + 1}`]) expectProblem(await ledger.http.get(`/audit/proofs/consistency?${query}`), 400, 'TREE_SIZE_OUT_OF_RANGE');
    for (const query of ['', 'eventId=', `eventId=${events[3]!.eventId}&treeSize=abc`, `eventId=${events[3]!.eventId}&treeSize=-1`, `eventId=${events[3]!.eventId}&treeSize=1e3`, `eventId=${events[3]!.eventId}&other=1`]) {
      expectProblem(await ledger.http.get(`/audit/proofs/inclusion?${query}`), 400, 'VALIDATION_FAILED');
    }
    for (const query of ['', 'from=1.5', 'from=1&to= 3']) expectProblem(await ledger.http.get(`/audit/proofs/consistency?${query}`), 400, 'VALIDATION_FAILED');
    expectProblem(await ledger.http.get('/audit/digest?minPosition=x'), 400, 'VALIDATION_FAILED');
  });
});

describe('docs/audit.md', () => {
  it('shows the independent verifier exactly as libs/audit/verify_proof.py is (the one the tests run)', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'audit.md'), 'utf8');
    const blocks = [...doc.matchAll(/```python\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(blocks).toContain(readFileSync(VERIFIER, 'utf8'));
  });
});
