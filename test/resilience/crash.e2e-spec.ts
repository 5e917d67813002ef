import { join } from 'node:path';
import { opportunityKey, SCHEMA_VERSION, streams } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { CommandIds } from '../../apps/ledger/src/write/command-ids';
import {
  buildLedger, createTempDir, killAllLedgers, LedgerBuild, LedgerProcess, removeDir, startLedgerProcess,
} from './support/ledger-process';
import { compareWithRebuild, storedPartners } from './support/read-models';
import {
  acknowledged, checkRecorded, claimsWithoutLead, Command, describeOutcome, groupByKey, isAnswer, lastAnswer, Outcome, prng, readStoredEvents, runBurst, send,
  waitForProjections, Workload,
} from './support/workload';

/**
 * The ledger in a child process on embedded storage, SIGKILLed in the middle of a burst of
 * commands from several concurrent clients, then restarted on the same DATA_DIR:
 * - every command that got a 201 is in the event store exactly once, as answered;
 * - every command without an answer, retried with its Idempotency-Key, completes (a lead
 *   registration cut between its opportunity claim and its lead is finished, never doubled);
 * - the read models converge to exactly what a rebuild from the events gives.
 */
const PARTNERS = 20;
const BURST = 2400;
const CLIENTS = 8;
/** Cumulative acknowledgements after which the ledger is SIGKILLed (then restarted). */
const KILL_AFTER_ACKS = [800, 1400, 2000];

const report = (line: string) => process.stderr.write(`[crash] ${line}\n`);

describe('crash: SIGKILL in the middle of a burst of commands (child process, embedded storage)', () => {
  let build: LedgerBuild | undefined;
  const dirs: string[] = [];

  beforeAll(() => {
    build = buildLedger();
  }, 150_000);

  afterAll(async () => {
    await killAllLedgers();
    build?.remove();
    dirs.forEach(removeDir);
  });

  it('keeps every acknowledged command exactly once, completes every unacknowledged one on retry, and converges the read models', async () => {
    const started = Date.now();
    const dataDir = createTempDir('ledger-crash-');
    dirs.push(dataDir);
    const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);
    report(`seed ${seed} (CRASH_SEED=${seed} replays this mix)`);
    const workload = new Workload(`c${seed}`, PARTNERS, BURST, seed);
    const random = prng(seed + 1);
    let ledger: LedgerProcess = await startLedgerProcess(build!, dataDir);

    // 20 partners, answered before the burst starts
    for (const partner of workload.partners) await send(ledger.url, partner);
    expect(workload.partners.filter((c) => lastAnswer(c)?.status !== 201).map((c) => describeOutcome(c, c.attempts.at(-1)))).toEqual([]);

    let acks = 0;
    const totals = { unanswered: 0, leftNothing: 0, complete: 0, claimWithoutLead: 0, eventsAppendedByRetries: 0 };
    for (const [cycle, killAfter] of KILL_AFTER_ACKS.entries()) {
      // --- the burst, SIGKILLed as a request leaves, a random few milliseconds after `killAfter`
      // acknowledgements: at least that request is in flight (a kill on a timer alone could land
      // when every answer was written and none read yet, leaving nothing in flight) ---
      let killScheduled = false;
      let armed = false;
      let killed = false;
      const unexpected: string[] = [];
      const cycleStarted = Date.now();
      const sentBefore = workload.commands.filter((c) => c.attempts.length > 0).length;
      const unanswered = await runBurst(ledger.url, workload, {
        clients: CLIENTS,
        stopWhen: () => killed,
        onSend: () => {
          if (!armed || killed) return;
          killed = true;
          ledger.child.kill('SIGKILL');
        },
        onOutcome: (command, outcome) => {
          if (!isAnswer(outcome)) return;
          if (outcome.status !== command.expected) unexpected.push(describeOutcome(command, outcome));
          if (outcome.status === 201 && ++acks >= killAfter && !killScheduled) {
            killScheduled = true;
            const target = ledger;
            setTimeout(() => (armed = true), Math.floor(random() * 15));
            // Should no request leave any more (the workload ran out), the kill happens anyway.
            setTimeout(() => {
              if (killed) return;
              killed = true;
              target.child.kill('SIGKILL');
            }, 500);
          }
        },
      });
      const burstMs = Date.now() - cycleStarted;
      expect((await ledger.exited).signal).toBe('SIGKILL');
      expect(unexpected).toEqual([]);
      const sent = workload.commands.filter((c) => c.attempts.length > 0).length - sentBefore;
      report(`crash ${cycle + 1}: ${sent} commands sent by ${CLIENTS} clients in ${burstMs} ms, ${acks} acknowledged so far; ` +
        `${unanswered.length} without an answer when the ledger was SIGKILLed`);
      expect(acks).toBeGreaterThanOrEqual(killAfter);
      expect(unanswered.length).toBeGreaterThan(0); // the kill really happened with commands in flight
      expect(unanswered.every((c) => c.attempts.length === 1 && !isAnswer(c.attempts[0]))).toBe(true);

      // --- (a) straight after the crash: every answered command is in the store exactly once, as answered ---
      const afterCrash = readStoredEvents(dataDir);
      expect(new Set(afterCrash.map((e) => e.eventId)).size).toBe(afterCrash.length);
      const byKeyAfterCrash = groupByKey(afterCrash);
      const answered = workload.commands.filter((c) => lastAnswer(c) !== undefined);
      expect(answered.flatMap((c) => checkRecorded(c, byKeyAfterCrash.get(c.key) ?? []))).toEqual([]);
      // what the commands without an answer had left behind
      const leftBehind = { nothing: 0, complete: 0, claimWithoutLead: 0 };
      for (const command of unanswered) {
        const recorded = byKeyAfterCrash.get(command.key) ?? [];
        if (recorded.length === 0) leftBehind.nothing++;
        else if (command.kind === 'lead' && recorded.every((e) => e.type === 'OpportunityClaimed')) leftBehind.claimWithoutLead++;
        else leftBehind.complete++;
      }
      // the only thing a crash can leave half-done is a registration's claim without its lead
      expect(claimsWithoutLead(afterCrash).length).toBe(leftBehind.claimWithoutLead);
      report(`  after crash ${cycle + 1}: ${afterCrash.length} events; of the ${unanswered.length} unanswered commands, ${leftBehind.nothing} left nothing, ` +
        `${leftBehind.complete} were fully recorded, ${leftBehind.claimWithoutLead} left an opportunity claim without its lead`);

      // --- (b) restart on the same DATA_DIR and retry every unanswered command with its key ---
      const restartStarted = Date.now();
      ledger = await startLedgerProcess(build!, dataDir);
      const restartMs = Date.now() - restartStarted;
      const retried = await Promise.all(unanswered.map(async (command) => ({ command, outcome: await send(ledger.url, command) })));
      expect(retried.filter(({ command, outcome }) => !isAnswer(outcome) || outcome.status !== command.expected).map(({ command, outcome }) => describeOutcome(command, outcome))).toEqual([]);
      for (const { command } of retried) workload.answered(command);
      const afterRetries = readStoredEvents(dataDir);
      expect(claimsWithoutLead(afterRetries)).toEqual([]);
      const byKeyAfterRetries = groupByKey(afterRetries);
      expect(workload.commands.filter((c) => lastAnswer(c) !== undefined).flatMap((c) => checkRecorded(c, byKeyAfterRetries.get(c.key) ?? []))).toEqual([]);
      // a retry of a command that was fully recorded answers what was recorded and appends nothing;
      // a half-written registration gets its lead and no second claim
      for (const command of unanswered) {
        const before = (byKeyAfterCrash.get(command.key) ?? []).map((e) => e.eventId);
        const after = (byKeyAfterRetries.get(command.key) ?? []).map((e) => e.eventId);
        expect(after.slice(0, before.length)).toEqual(before);
        if (before.length > 0 && !(command.kind === 'lead' && before.length === 1)) expect(after).toEqual(before);
      }
      report(`  restarted in ${restartMs} ms; retried the ${unanswered.length} unanswered commands with their keys: ` +
        `${retried.filter(({ outcome }) => isAnswer(outcome) && outcome.status === 201).length} × 201, ` +
        `${retried.filter(({ outcome }) => isAnswer(outcome) && outcome.status === 404).length} × 404 (wins on leads that never existed); ` +
        `${afterRetries.length - afterCrash.length} events appended by the retries`);
      totals.unanswered += unanswered.length;
      totals.leftNothing += leftBehind.nothing;
      totals.complete += leftBehind.complete;
      totals.claimWithoutLead += leftBehind.claimWithoutLead;
      totals.eventsAppendedByRetries += afterRetries.length - afterCrash.length;
    }

    // the rest of the burst on the restarted ledger
    const resumeStarted = Date.now();
    const sentBeforeResume = workload.commands.filter((c) => c.kind !== 'partner' && c.attempts.length > 0).length;
    const resumedUnanswered = await runBurst(ledger.url, workload, { clients: CLIENTS });
    expect(resumedUnanswered.map((c) => describeOutcome(c, c.attempts.at(-1)))).toEqual([]);
    const wrong = workload.commands.filter((c) => c.attempts.length > 0 && lastAnswer(c)?.status !== c.expected);
    expect(wrong.map((c) => describeOutcome(c, c.attempts.at(-1)))).toEqual([]);
    expect(workload.remaining).toBe(0);
    const total = workload.commands.filter((c) => c.kind !== 'partner');
    report(`totals over ${KILL_AFTER_ACKS.length} crashes: ${totals.unanswered} unanswered commands (${totals.leftNothing} had left nothing, ${totals.complete} fully recorded, ` +
      `${totals.claimWithoutLead} a claim without its lead), all retried with their keys, ${totals.eventsAppendedByRetries} events appended by the retries`);
    report(`rest of the burst: ${total.length - sentBeforeResume} more commands in ${Date.now() - resumeStarted} ms; ` +
      `${total.length} commands in all (${total.filter((c) => c.kind === 'certification').length} certifications, ${total.filter((c) => c.kind === 'incentive').length} incentives, ` +
      `${total.filter((c) => c.kind === 'lead').length} lead registrations, ${total.filter((c) => c.kind === 'win').length} wins, ${total.filter((c) => c.kind === 'ghost-win').length} wins on unknown leads)`);

    // --- (c) the read models catch up, the ledger stops gracefully, and a rebuild agrees ---
    const status = await waitForProjections(ledger.url);
    const stopStarted = Date.now();
    const stopped = await ledger.stop('SIGTERM', 10_000);
    const stopMs = Date.now() - stopStarted;
    report(`caught up at position ${status.head}; SIGTERM → exit ${JSON.stringify(stopped)} in ${stopMs} ms`);
    expect(stopped).toEqual({ code: 0, signal: null });
    expect(stopMs).toBeLessThan(5000);

    const final = readStoredEvents(dataDir);
    expect(String(final.length > 0 ? final[final.length - 1]!.position : 0)).toBe(status.head);
    expect(new Set(final.map((e) => e.eventId)).size).toBe(final.length);
    expect(claimsWithoutLead(final)).toEqual([]);
    const byKey = groupByKey(final);
    expect(workload.commands.flatMap((c) => checkRecorded(c, byKey.get(c.key) ?? []))).toEqual([]);
    // nothing in the store that no command accounts for (but the program's version 1, recorded at the first start)
    const keys = new Set([...workload.commands.map((c) => c.key), 'program-rules-version-1']);
    expect(final.filter((e) => !keys.has(e.idempotencyKey ?? '')).map((e) => `${e.position} ${e.type} ${e.idempotencyKey}`)).toEqual([]);

    const check = await compareWithRebuild(dataDir, 'head');
    expect(check.differences).toEqual([]);
    for (const checkpoint of Object.values(check.checkpoints)) expect(checkpoint).toBe(check.head);

    // and the read models say what the clients were told
    const partners = await storedPartners(dataDir);
    for (const partner of workload.partners) {
      const mine = workload.commands.filter((c) => c.partnerId === partner.partnerId && acknowledged(c));
      const count = (kind: Command['kind']) => mine.filter((c) => c.kind === kind).length;
      const sum = (kind: Command['kind']) => mine.filter((c) => c.kind === kind).reduce((n, c) => n + c.minor, 0);
      const awardedTo = (role: string) => mine.filter((c) => c.kind === 'incentive' && (c.body['recipient'] as { role: string }).role === role);
      const byRole = (role: string, count: string, value: string) => ({ [count]: awardedTo(role).length, [value]: awardedTo(role).reduce((n, c) => n + c.minor, 0) });
      expect({ partner: partner.partnerId, counters: partners.get(partner.partnerId)?.['counters'] }).toEqual({
        partner: partner.partnerId,
        counters: {
          leadsRegistered: count('lead'), dealsWon: count('win'), revenueWon: sum('win'),
          // No reversal in this workload: net is what was won.
          revenueReversed: 0, netRevenue: sum('win'), dealsReversed: 0,
          certificationsEarned: count('certification'), incentivesAwarded: count('incentive'), incentivesValue: sum('incentive'),
          ...byRole('sales', 'incentivesSales', 'incentivesSalesValue'), ...byRole('presales', 'incentivesPresales', 'incentivesPresalesValue'),
          ...byRole('technical', 'incentivesTechnical', 'incentivesTechnicalValue'),
          engagements: 0, satisfactionRatings: 0, satisfactionTenths: 0,
        },
      });
    }
    report(`verified ${final.length} events against ${workload.commands.length} commands and a rebuild of ${Object.keys(check.checkpoints).length} projections; total ${Date.now() - started} ms`);
  }, 150_000);

  it('completes a lead registration cut between its opportunity claim and its lead when the client retries with the same key', async () => {
    const dataDir = createTempDir('ledger-crash-claim-');
    dirs.push(dataDir);
    let ledger = await startLedgerProcess(build!, dataDir);
    const holder: Command = { seq: 0, key: 'claim-partner-a', kind: 'partner', path: '/partners', partnerId: 'holder-a', expected: 201, minor: 0, attempts: [],
      body: { partnerId: 'holder-a', name: 'Holder', typology: 'var', territory: { country: 'FR' } } };
    const other: Command = { ...holder, key: 'claim-partner-b', partnerId: 'other-b', attempts: [], body: { ...holder.body, partnerId: 'other-b', name: 'Other' } };
    expect(isAnswer(await send(ledger.url, holder)) && lastAnswer(holder)!.status).toBe(201);
    expect(isAnswer(await send(ledger.url, other)) && lastAnswer(other)!.status).toBe(201);
    expect(await ledger.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    // What a process killed right after the claim's commit leaves behind: the claim, with
    // the ids the handler derives from the key, and no lead.
    const key = 'crashed-lead-registration';
    const customer = { id: 'CUST-77', name: 'Initech' };
    const project = 'Branch firewalls';
    const ids = new CommandIds('RegisterLead', { actor: 'anonymous', source: 'http', correlationId: 'c', causationId: 'c', receivedAt: '', idempotencyKey: key });
    const leadId = ids.entityId('lead');
    const opportunity = opportunityKey(customer.id, project);
    const events = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
    await events.append(streams.opportunity(opportunity), [{
      eventId: ids.eventId(streams.opportunity(opportunity), 0), type: 'OpportunityClaimed', schemaVersion: SCHEMA_VERSION, occurredAt: new Date().toISOString(),
      data: { opportunityKey: opportunity, leadId, partnerId: 'holder-a' },
      metadata: { actor: 'anonymous', source: 'http', correlationId: 'crashed', causationId: 'crashed', idempotencyKey: key },
    }], 'no_stream');
    await events.close();
    expect(claimsWithoutLead(readStoredEvents(dataDir))).toHaveLength(1);

    ledger = await startLedgerProcess(build!, dataDir);
    // the claim holds the project: another partner is refused, naming the holder
    const rival: Command = { seq: 1, key: 'rival', kind: 'lead', path: '/partners/other-b/leads', partnerId: 'other-b', expected: 201, minor: 0, attempts: [],
      body: { customer, project: 'branch FIREWALLS ', estimatedValue: { amount: '5000.00', currency: 'EUR' } } };
    const refused = await send(ledger.url, rival);
    expect(isAnswer(refused) && [refused.status, refused.body['code'], refused.body['holderPartnerId']]).toEqual([409, 'LEAD_ALREADY_REGISTERED', 'holder-a']);

    // the client retries with its key: the registration completes, with the derived lead id
    const retry: Command = { seq: 2, key, kind: 'lead', path: '/partners/holder-a/leads', partnerId: 'holder-a', expected: 201, minor: 0, attempts: [],
      body: { customer, project, estimatedValue: { amount: '5000.00', currency: 'EUR' } } };
    const completed = await send(ledger.url, retry);
    expect(isAnswer(completed) && [completed.status, completed.body['leadId']]).toEqual([201, leadId]);
    // and once more: the same answer, nothing appended
    const again = await send(ledger.url, retry);
    expect(isAnswer(again) && again.body).toEqual(isAnswer(completed) && completed.body);

    const status = await waitForProjections(ledger.url);
    const profile = (await (await fetch(`${ledger.url}/partners/holder-a?minPosition=${status.head}`)).json()) as { counters: { leadsRegistered: number } };
    expect(profile.counters.leadsRegistered).toBe(1);
    expect(await ledger.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const stored = readStoredEvents(dataDir);
    expect(claimsWithoutLead(stored)).toEqual([]);
    expect(checkRecorded(retry, groupByKey(stored).get(key) ?? [])).toEqual([]);
    expect(groupByKey(stored).get('rival')).toBeUndefined();
    expect((await compareWithRebuild(dataDir)).differences).toEqual([]);
  }, 60_000);
});
