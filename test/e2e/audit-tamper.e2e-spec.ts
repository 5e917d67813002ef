import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { fromHex, verifyConsistency, verifyStreamChain } from '@ledger/audit';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { checkTree, consistencyProofOf, formatTreeCheck, TreeRecomputation } from '../../apps/ledger/src/audit-tree';
import { auditVerify } from '../../apps/ledger/src/cli/audit';
import { openLedgerContext } from '../../apps/ledger/src/cli/ledger-context';
import { rebuildProjections } from '../../apps/ledger/src/cli/rebuild';
import { LEDGER_CONFIG, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { checkProofCli, pythonVerdicts, withPython } from './support/audit-checks';
import { awardIncentive, headPosition, Json, read, registerLead, registerPartner, winDeal } from './support/ledger-api';
import { createDataDir, readStoreVariants, removeStorage, startLedger } from './support/ledger-harness';

/**
 * An operator edits one recorded event in the SQLite file. An auditor who kept a digest before
 * sees it three ways: the stream's chain breaks at that event, the tree rebuilt from the events
 * no longer has the digest's root, and no consistency proof from the digest verifies.
 */
describe.each(readStoreVariants())('an edited event against an earlier digest (%s)', (variant) => {
  let dataDir: string;
  let config: LedgerConfig;
  let kept: Json;
  let edited: RecordedEvent;
  let context: INestApplicationContext | undefined;

  beforeAll(async () => {
    dataDir = await createDataDir();
    const ledger = await startLedger(variant, dataDir);
    try {
      const { partnerId } = await registerPartner(ledger.http);
      const { leadId } = await registerLead(ledger.http, partnerId);
      await winDeal(ledger.http, leadId, { amount: '5000.00', currency: 'EUR' });
      await awardIncentive(ledger.http, partnerId);
      kept = await read(ledger.http, '/audit/digest', await headPosition(ledger.http));
      for (let i = 0; i < 3; i++) await awardIncentive(ledger.http, partnerId);
      const events = await ledger.app.get<EventStore>(EVENT_STORE).readAll({ maxCount: 1000 });
      edited = events.find((event) => event.type === 'DealWon')!;
      config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    } finally {
      await ledger.close();
    }
    // The won amount, lowered in place: the row keeps its hash fields as they were.
    const file = new Database(join(dataDir, 'events.sqlite'));
    file.prepare("UPDATE events SET data = json_set(data, '$.amount.minor', 50000) WHERE event_id = ?").run(edited.eventId);
    file.close();
    context = await openLedgerContext(config);
  });
  afterAll(async () => {
    await context?.close();
    await removeStorage(variant, dataDir);
  });

  const stores = () => ({ events: context!.get<EventStore>(EVENT_STORE), store: context!.get<ReadStore>(READ_STORE) });

  it('the stream check names the edited event', async () => {
    const { events } = stores();
    const report = verifyStreamChain(edited.streamId, await events.readStream(edited.streamId));
    expect(report.verified).toBe(false);
    expect(report.firstBroken).toMatchObject({ eventId: edited.eventId, revision: String(edited.revision), position: String(edited.position), problem: 'hash', storedHash: edited.metadata['hash'] });
  });

  it('audit verify: the tree recomputed beside the chains differs from the tree read model and from the digest kept', async () => {
    const { store } = stores();
    const tree = await TreeRecomputation.start(store, { treeSize: kept['treeSize'], rootHash: kept['rootHash'] });
    const report = await auditVerify(context!, { onEvent: (event) => tree.add(event) });
    expect(report.chains.broken.map((link) => link.eventId)).toEqual([edited.eventId]);
    const check = tree.result();
    expect(check.verified).toBe(false);
    expect(check.stored.matches).toBe(false);
    expect(check.digest).toMatchObject({ treeSize: kept['treeSize'], matches: false });
    expect(check.digest!.recomputedRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(formatTreeCheck(check)).toEqual([
      expect.stringMatching(/^tree: recomputed from the events: size \d+, root [0-9a-f]{64}$/),
      expect.stringMatching(/^MISMATCH tree read model/),
      expect.stringMatching(new RegExp(`^MISMATCH digest: your root at size ${kept['treeSize']} is ${kept['rootHash']}; the events now give [0-9a-f]{64}$`)),
    ]);
  });

  it('rebuilt from the events, the tree no longer has the digest\'s root, and no consistency proof from the digest verifies', async () => {
    const { events, store } = stores();
    await rebuildProjections(context!, ['audit-tree'], false);
    const check = await checkTree(events, store, { treeSize: kept['treeSize'], rootHash: kept['rootHash'] });
    expect(check.stored.matches).toBe(true);
    expect(check.digest!.matches).toBe(false);
    // Before the edit's position the events are intact: an earlier digest still holds.
    const before = Number(edited.position) - 1;
    const intact = (await checkTree(events, store, { treeSize: before, rootHash: (await consistencyProofOf(store, before)).fromRoot })).digest!;
    expect(intact.matches).toBe(true);

    const proof = await consistencyProofOf(store, kept['treeSize']);
    expect(proof.fromRoot).not.toBe(kept['rootHash']);
    // The proof holds for the tree as it is now, but not from the root the auditor kept.
    expect(verifyConsistency(proof.from, proof.to, fromHex(proof.fromRoot), fromHex(proof.toRoot), proof.consistencyPath.map(fromHex))).toBe(true);
    expect(verifyConsistency(proof.from, proof.to, fromHex(kept['rootHash']), fromHex(proof.toRoot), proof.consistencyPath.map(fromHex))).toBe(false);
  });

  withPython('over HTTP, after the rebuild: the consistency proof from the digest\'s size fails against the digest kept, for the independent verifier and the command line', async () => {
    await context!.close();
    context = undefined;
    const ledger = await startLedger(variant, dataDir);
    try {
      const proof = (await ledger.http.get(`/audit/proofs/consistency?from=${kept['treeSize']}`).expect(200)).body as Json;
      expect(pythonVerdicts([proof])).toEqual({ valid: [true], status: 0 });
      expect(pythonVerdicts([{ ...proof, fromRoot: kept['rootHash'] }])).toEqual({ valid: [false], status: 1 });
      const file = join(dataDir, 'consistency.json');
      writeFileSync(file, JSON.stringify(proof));
      expect(await checkProofCli([file, '--digest', kept['rootHash']])).toEqual({ status: 1, out: expect.stringMatching(/^invalid/m) });
    } finally {
      await ledger.close();
    }
  });
});
