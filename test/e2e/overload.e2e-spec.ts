import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { headPosition, incentiveBody, read, registerPartner, uid } from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const COMMANDS = 100;
const QUEUE_LIMIT = 10;

/**
 * Bounded waiting in the write path: beyond COMMAND_QUEUE_LIMIT waiting commands a newcomer is
 * refused with 503 OVERLOADED and Retry-After before anything is appended, and a retry with
 * its Idempotency-Key records it once.
 */
describe.each(readStoreVariants())('overload (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger(variant, undefined, { COMMAND_QUEUE_LIMIT: String(QUEUE_LIMIT) });
  });
  afterAll(() => ledger?.close());

  /** Holds the next append to `streamId` until released, so commands pile up behind it. */
  function holdNextAppend(streamId: string) {
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const own = store.append;
    let release!: () => void;
    const open = new Promise<void>((resolve) => (release = resolve));
    store.append = async (...args) => {
      if (args[0] === streamId) {
        store.append = own;
        await open;
      }
      return own.apply(store, args);
    };
    return { release, restore: () => void (store.append = own) };
  }

  it(`queue limit ${QUEUE_LIMIT}, ${COMMANDS} concurrent commands on one partner: each recorded once or 503 OVERLOADED with nothing appended; retried with its key, recorded once`, async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const keys = Array.from({ length: COMMANDS }, () => uid('key'));
    const send = (i: number) =>
      ledger.http.post(`/partners/${partnerId}/incentives`).set('Idempotency-Key', keys[i]!)
        .send(incentiveBody({ value: { amount: `${i + 1}.00`, currency: 'EUR' }, reason: `award ${i}` }));

    const held = holdNextAppend(`partner-${partnerId}`);
    let refusals = 0;
    const answers = Array.from({ length: COMMANDS }, (_, i) => send(i).then((r) => ((refusals += r.status === 503 ? 1 : 0), r)));
    // One command holds the stream, QUEUE_LIMIT wait behind it: the next one is refused at once.
    while (refusals === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    held.release();
    const settled = await Promise.all(answers);
    held.restore();

    expect(settled.map((r) => r.status).filter((s) => s !== 201 && s !== 503)).toEqual([]);
    const refused = settled.flatMap((r, i) => (r.status === 503 ? [i] : []));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(COMMANDS - 1 - QUEUE_LIMIT);
    for (const i of refused) {
      expect(settled[i]!.body).toEqual({ statusCode: 503, code: 'OVERLOADED', message: expect.stringContaining('not recorded') });
      expect(Number(settled[i]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // Nothing of a refused command was appended: the history holds exactly the 201s.
    const head = await headPosition(ledger.http);
    const awarded = async (minPosition: string) => (await read(ledger.http, `/partners/${partnerId}`, minPosition))['counters']['incentivesAwarded'];
    expect(await awarded(head)).toBe(COMMANDS - refused.length);

    // Each refused command, retried with its key, is recorded once; every command retried again adds nothing.
    for (const i of refused) expect((await send(i)).status).toBe(201);
    const after = await headPosition(ledger.http);
    expect(await awarded(after)).toBe(COMMANDS);
    // (in rounds that fit the queue: a retry waits for its turn like any command)
    for (let from = 0; from < COMMANDS; from += QUEUE_LIMIT) {
      const again = await Promise.all(Array.from({ length: QUEUE_LIMIT }, (_, n) => send(from + n)));
      expect(again.map((r) => r.status)).toEqual(Array(QUEUE_LIMIT).fill(201));
    }
    expect(await headPosition(ledger.http)).toBe(after);
  });
});
