import { INestApplicationContext } from '@nestjs/common';
import { PARTNERS, PartnerProfile } from '../../apps/ledger/src/partners/partner-profile';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { openLedgerContext } from '../../apps/ledger/src/cli/ledger-context';
import { rebuildProjections, verifyReadModels } from '../../apps/ledger/src/cli/rebuild';
import { LEDGER_CONFIG, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { LEDGER_PROJECTIONS } from '../../apps/ledger/src/read-models/ledger-projections';
import { createDataDir, readStoreVariants, removeStorage, startLedger } from './support/ledger-harness';
import { awardIncentive, earnCertification, registerLead, registerPartner, uid } from './support/ledger-api';

/** Rebuilding read models from position zero, and proving they are what the events imply. */
describe.each(readStoreVariants())('rebuild and verify (%s)', (variant) => {
  let dataDir: string;
  let context: INestApplicationContext;
  let head: bigint;
  let partnerId: string;

  beforeAll(async () => {
    dataDir = await createDataDir();
    const ledger = await startLedger(variant, dataDir);
    partnerId = (await registerPartner(ledger.http, { partnerId: uid('rebuilt') })).partnerId;
    for (let i = 0; i < 20; i++) await earnCertification(ledger.http, partnerId, { engineerId: `eng-${i}`, productLine: i % 2 ? 'utm' : 'cloud' });
    for (let i = 0; i < 10; i++) await awardIncentive(ledger.http, partnerId);
    await registerLead(ledger.http, partnerId);
    const config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    head = BigInt((await ledger.http.get('/projections').expect(200)).body.head);
    await ledger.app.close(); // the live projector stops; the job below runs alone
    context = await openLedgerContext(config);
  });
  afterAll(async () => {
    await context?.close();
    await removeStorage(variant, dataDir);
  });

  it('rebuilds every projection from position zero and reports its rate', async () => {
    const report = await rebuildProjections(context, [], false);
    expect([...report.projections].sort()).toEqual(LEDGER_PROJECTIONS.map((p) => p.name).sort());
    expect(report.events).toBe(Number(head));
    expect(report.eventsPerSecond).toBeGreaterThan(0);
    const store = context.get<ReadStore>(READ_STORE);
    expect(await store.checkpoint('partner-activity')).toBe(head);
    expect(await store.checkpoint('audit-events')).toBe(head);
    const profile = await store.get<PartnerProfile>(PARTNERS, partnerId);
    expect(profile?.doc.counters).toMatchObject({ certificationsEarned: 20, incentivesAwarded: 10, leadsRegistered: 1 });
    expect(profile?.doc.tier).toBe('gold');
  });

  it('finds no difference between the live read models and a fresh rebuild', async () => {
    expect(await verifyReadModels(context)).toEqual([]);
  });

  it('finds a read model that no longer matches the events, and a rebuild mends it', async () => {
    const store = context.get<ReadStore>(READ_STORE);
    const stored = (await store.get<PartnerProfile>(PARTNERS, partnerId))!;
    await store.commit('tampering', [{ collection: PARTNERS, id: partnerId, doc: { ...stored.doc, tier: 'platinum' }, position: stored.position + 1n }], 0n);
    const differences = await verifyReadModels(context);
    expect(differences).toEqual([expect.objectContaining({ collection: PARTNERS, id: partnerId, live: expect.objectContaining({ tier: 'platinum' }), rebuilt: expect.objectContaining({ tier: 'gold' }) })]);
    await rebuildProjections(context, ['partner-activity'], false);
    expect(await verifyReadModels(context)).toEqual([]);
  });

  it('refuses an unknown projection name', async () => {
    await expect(rebuildProjections(context, ['no-such-projection'], false)).rejects.toThrow(/unknown projection/);
  });
});
