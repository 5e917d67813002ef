import { setTimeout as sleep } from 'node:timers/promises';
import { defaultPublishedRules, parseAmount, streams } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { Json } from './ledger-api';
import { RunningLedger } from './ledger-harness';

/**
 * Co-op rules for the suites: 2 % of won revenue at tier none, 3 % silver, 4 % gold, 5 %
 * platinum; a partner gets 1000.00 when it registers and accrues nothing for 3 months.
 */
export const COOP_RULES = { ratesByTier: { none: '2', silver: '3', gold: '4', platinum: '5' }, launchGrant: '1000.00', launchMonths: 3 };

/** A PUT /program body: version 1's rules with COOP_RULES, in force from 2024. */
export const coopRulesBody = (overrides: Json = {}): Json => ({ ...defaultPublishedRules(), effectiveFrom: '2024-01-01T00:00:00Z', coop: COOP_RULES, ...overrides });

export const eventStoreOf = (ledger: Pick<RunningLedger, 'app'>) => ledger.app.get<EventStore>(EVENT_STORE);

/** The partner's stream, as recorded. */
export const partnerEvents = (store: EventStore, partnerId: string): Promise<RecordedEvent[]> => store.readStream(streams.partner(partnerId));

export const ofType = (events: RecordedEvent[], type: string) => events.filter((event) => event.type === type).map((event) => event.data as Json);

/** Polls `probe` until it answers something other than undefined (the reactor is asynchronous). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Waits until the partner's stream holds `count` events of `type`, and answers their data. */
export const waitForEvents = (store: EventStore, partnerId: string, type: string, count: number) =>
  eventually(async () => {
    const found = ofType(await partnerEvents(store, partnerId), type);
    return found.length >= count ? found : undefined;
  }, `${count} × ${type} on partner-${partnerId}`);

export const money = (amount: string, currency = 'EUR') => ({ minor: parseAmount(amount, 'amount'), currency });

/** Waits until the co-op reactor has committed its checkpoint at `position` or beyond (everything up to it has had its reaction). */
export const reactorReached = (ledger: Pick<RunningLedger, 'app'>, position: string) =>
  eventually(async () => {
    const checkpoint = await ledger.app.get<ReadStore>(READ_STORE).checkpoint('coop-reactor');
    return checkpoint !== null && checkpoint >= BigInt(position) ? checkpoint : undefined;
  }, `the co-op reactor at position ${position}`);
