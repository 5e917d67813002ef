import { INestApplicationContext } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProgramRules, TIERS } from '@ledger/domain';
import { simulateHistory } from '@ledger/simulator';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { DemoReport, runDemoCommand } from '../../apps/ledger/src/cli/demo/demo-command';
import { demoWindow } from '../../apps/ledger/src/cli/demo/demo-plan';
import { openLedgerContext } from '../../apps/ledger/src/cli/ledger-context';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';

/** `ledger demo` end to end: the real command path on a real embedded store in a fresh folder. */
describe('demo data through the command path', () => {
  const options = { partners: 50, events: 3000, seed: 42, months: 24, concurrency: 8 };
  let dataDir: string;
  let app: INestApplicationContext;
  let first: DemoReport;
  let events: RecordedEvent[];

  /** Every event but the program's version 1, which the ledger records when it first starts: the demo's (its version 2 included). */
  const allEvents = async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const out: RecordedEvent[] = [];
    for (let batch = await store.readAll({ maxCount: 1000 }); batch.length > 0; batch = await store.readAll({ after: batch[batch.length - 1]!.position, maxCount: 1000 })) {
      out.push(...batch.filter((e) => !(e.streamId === 'program' && (e.data as { version: number }).version === 1)));
    }
    return out;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-demo-'));
    app = await openLedgerContext(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'error', SQLITE_SYNCHRONOUS: 'NORMAL' }), { coopReactions: true });
    first = await runDemoCommand(app, options, false);
    events = await allEvents();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('records events until the target, and stops there', () => {
    expect(first).toMatchObject({ partners: 50, stoppedBy: 'target', unexpectedRefusals: {}, surprises: 0, head: { before: '1' } }); // version 1 of the program's rules, recorded at start
    expect(first.events).toBeGreaterThanOrEqual(3000);
    expect(first.events).toBeLessThan(3000 + 10); // the last command's events, at most
    expect(first.eventsPerSecond).toBeGreaterThan(0);
    // answers carry the events of the command's own stream; the projects' claims and releases, the co-op claims' ids,
    // and the co-op reactor's accruals and clawbacks (which the demo waits for) come on top
    const count = (type: string) => events.filter((e) => e.type === type).length;
    const onTop = ['OpportunityClaimed', 'OpportunityReleased', 'CoopClaimIdReserved', 'CoopAccrued', 'CoopAccrualReversed'].map(count);
    expect(events.length).toBe(first.events + onTop.reduce((a, b) => a + b, 0));
    expect(first.head.after).toBe(String(events[events.length - 1]!.position));
  });

  it('refuses what it does deliberately, and nothing else: conflicts, a red-carded partner registering while suspended, a claim above the co-op balance', () => {
    expect(Object.keys(first.refusals).sort()).toEqual(['COOP_BALANCE_EXCEEDED', 'LEAD_ALREADY_REGISTERED', 'PARTNER_SUSPENDED']);
    expect(first.refusals['LEAD_ALREADY_REGISTERED']).toBeGreaterThan(20);
    expect(first.refusals['PARTNER_SUSPENDED']).toBeGreaterThan(0);
  });

  it('records every kind of fact, through the command path, inside the window', () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'PartnerRegistered', 'OpportunityClaimed', 'LeadRegistered', 'DealWon', 'CertificationEarned', 'CertificationExpired', 'TierChanged', 'IncentiveAwarded',
      'ProgramRulesPublished', 'LeadProtectionExtended', 'LeadLost', 'LeadExpired', 'OpportunityReleased', 'SanctionIssued', 'SuspensionLifted',
      'MarginBelowMinimum', 'DealReversed', 'CoopGranted', 'CoopClaimIdReserved', 'CoopClaimSubmitted', 'CoopClaimApproved', 'CoopAccrued',
    ]) {
      expect(types).toContain(type);
    }
    const window = demoWindow(options);
    for (const e of events) {
      // a release's key derives from the closing event's id (release-of:<eventId>), so that a replay never records it twice;
      // the co-op reactor's accruals and clawbacks are the ledger's own, keyed by the win or reversal they follow
      if (e.type === 'CoopAccrued' || e.type === 'CoopAccrualReversed') expect(e.metadata).toMatchObject({ actor: 'ledger', source: 'coop-reactor', idempotencyKey: expect.stringMatching(/^coop-of:/) });
      else expect(e.metadata).toMatchObject({ actor: 'demo', source: 'cli', idempotencyKey: expect.stringMatching(e.type === 'OpportunityReleased' ? /^release-of:/ : /^demo:42:/) });
      if (e.streamId === 'program') continue; // a version is published when the demo runs; it takes effect inside the window (below)
      expect(Date.parse(e.occurredAt)).toBeGreaterThanOrEqual(window.startMs);
      expect(Date.parse(e.occurredAt)).toBeLessThanOrEqual(window.endMs);
    }
  });

  it('lets partners earn tiers up to gold and platinum, and lose them when certifications lapse', () => {
    const changes = events.filter((e) => e.type === 'TierChanged').map((e) => e.data as { partnerId: string; from: string; to: string; reason: string });
    const best = new Map<string, number>();
    for (const c of changes) best.set(c.partnerId, Math.max(best.get(c.partnerId) ?? 0, TIERS.indexOf(c.to as never)));
    const reached = [...best.values()].map((t) => TIERS[t]);
    expect(reached).toContain('gold');
    expect(reached).toContain('platinum');
    const down = changes.filter((c) => TIERS.indexOf(c.to as never) < TIERS.indexOf(c.from as never));
    expect(down.length).toBeGreaterThan(0);
    expect(down.some((c) => /expired/.test(c.reason))).toBe(true);
  });

  it('publishes version 2 of the rules inside the window, and judges what follows by it: tiers re-evaluated, protection shorter', () => {
    const window = demoWindow(options);
    const published = events.filter((e) => e.type === 'ProgramRulesPublished').map((e) => e.data as { version: number; effectiveFrom: string; leadProtectionDays: number; tiers: { silver: { flagshipEngineers: number } } });
    expect(published).toHaveLength(1);
    const [v2] = published;
    expect(v2).toMatchObject({ version: 2, leadProtectionDays: 60, tiers: { silver: { flagshipEngineers: 2 } } });
    const effective = Date.parse(v2!.effectiveFrom);
    expect(effective).toBeGreaterThan(window.startMs);
    expect(effective).toBeLessThan(window.endMs);

    const tiers = events.filter((e) => e.type === 'TierChanged').map((e) => ({ occurredAt: Date.parse(e.occurredAt), ...(e.data as { reason: string; rulesVersion: number }) }));
    expect(tiers.filter((t) => t.rulesVersion === 2 && /re-evaluated under program rules version 2/.test(t.reason) && t.occurredAt === effective).length).toBeGreaterThan(0);
    expect(tiers.every((t) => t.rulesVersion === (t.occurredAt >= effective ? 2 : 1))).toBe(true);
    const leads = events.filter((e) => e.type === 'LeadRegistered').map((e) => ({ occurredAt: Date.parse(e.occurredAt), ...(e.data as { rulesVersion: number }) }));
    expect(leads.some((l) => l.rulesVersion === 2)).toBe(true);
    expect(leads.every((l) => l.rulesVersion === (l.occurredAt >= effective ? 2 : 1))).toBe(true);
  });

  it('records the money facts: margins below the minimum of version 2, launch grants, claims decided, accruals once per win, reversals clawed back', () => {
    const effective = Date.parse(events.map((e) => e.data as { version: number; effectiveFrom: string }).find((d) => d.version === 2)!.effectiveFrom);
    const data = <T>(type: string) => events.filter((e) => e.type === type).map((e) => ({ occurredAt: Date.parse(e.occurredAt), ...(e.data as T) }));
    const alerts = data<{ rulesVersion: number; rate: string; minimumRate: string }>('MarginBelowMinimum');
    expect(alerts.length).toBeGreaterThan(5);
    expect(alerts.every((a) => a.rulesVersion === 2 && a.occurredAt >= effective && Number(a.rate) < Number(a.minimumRate))).toBe(true);
    // The launch grant comes with a registration under the co-op rules, never before them.
    const grants = data<{ partnerId: string }>('CoopGranted');
    expect(grants.length).toBeGreaterThan(5);
    expect(grants.every((g) => g.occurredAt >= effective)).toBe(true);
    expect(data('CoopClaimSubmitted').length).toBeGreaterThan(10);
    expect(data('CoopClaimApproved').length).toBeGreaterThan(0);
    // One accrual per win at most (the reactor's ids derive from the win), for a win under the co-op rules.
    const wins = new Map(data<{ leadId: string }>('DealWon').map((w) => [w.leadId, w]));
    const accruals = data<{ leadId: string; rulesVersion: number }>('CoopAccrued');
    expect(accruals.length).toBeGreaterThan(10);
    expect(new Set(accruals.map((a) => a.leadId)).size).toBe(accruals.length);
    for (const a of accruals) expect(wins.get(a.leadId)!.occurredAt).toBeGreaterThanOrEqual(effective);
    const reversals = data<{ leadId: string; totalReversed: { minor: number }; wonAmount: { minor: number } }>('DealReversed');
    expect(reversals.length).toBeGreaterThan(5);
    for (const r of reversals) expect(r.totalReversed.minor).toBeLessThanOrEqual(r.wonAmount.minor);
    expect(events.some((e) => e.type === 'LeadRegistered' && (e.data as { coopClaimId?: string }).coopClaimId)).toBe(true);
    expect(data('CoopAccrualReversed').length).toBeGreaterThan(0);
  });

  it('gets from the ledger\'s co-op reactor the very accruals and clawbacks the simulator decided for the bench to append', () => {
    // The plan's commands as the demo ran them, and the ledger's own facts that follow them.
    const decided: string[] = [];
    let commands = 0;
    for (const fact of simulateHistory({ ...options, idPrefix: 'demo42', lifecycle: true, accruals: 'eventual', rules: defaultProgramRules() })) {
      if (!fact.byLedger && ++commands > first.commands) break;
      if (fact.byLedger) decided.push(...fact.appends.flatMap((a) => a.events).map((e) => JSON.stringify([e.type, e.data])));
    }
    const recorded = events.filter((e) => e.type === 'CoopAccrued' || e.type === 'CoopAccrualReversed').map((e) => JSON.stringify([e.type, e.data]));
    expect(recorded.sort()).toEqual(decided.sort());
  });

  it('extends, loses and expires leads, and cards partners: yellow, red, one suspension lifted', () => {
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('LeadProtectionExtended')).toBeGreaterThan(10);
    expect(count('LeadLost')).toBeGreaterThan(10);
    expect(count('LeadExpired')).toBeGreaterThan(10);
    expect(count('OpportunityReleased')).toBe(count('LeadLost') + count('LeadExpired'));
    const cards = events.filter((e) => e.type === 'SanctionIssued').map((e) => (e.data as { card: string }).card);
    expect(cards.filter((c) => c === 'yellow').length).toBeGreaterThan(0);
    expect(cards.filter((c) => c === 'red').length).toBeGreaterThan(0);
    expect(count('SuspensionLifted')).toBe(1);
  });

  it('adds nothing when run again with the same seed on the same data', async () => {
    const again = await runDemoCommand(app, options, false);
    expect(again.head).toEqual({ before: first.head.after, after: first.head.after });
    expect(again.events).toBe(first.events);
    expect(again.commands).toBe(first.commands);
    expect(again.refusals).toEqual(first.refusals);
    expect((await allEvents()).length).toBe(events.length);
  }, 180_000);

  it('refuses another plan of the same seed on the same data, and takes another seed beside it', async () => {
    await expect(runDemoCommand(app, { ...options, events: 4000 }, false)).rejects.toThrow(/another demo plan/);
    expect((await allEvents()).length).toBe(events.length);
    // 600 events: the program's own facts (each month's, quarter's and year's targets for six typologies, each quarter's challenges) take about 260 of them over 24 months.
    const other = await runDemoCommand(app, { ...options, seed: 43, partners: 5, events: 600 }, false);
    expect(other).toMatchObject({ partners: 5, unexpectedRefusals: {}, surprises: 0 });
    expect(other.events).toBeGreaterThanOrEqual(600);
  }, 120_000);
});
