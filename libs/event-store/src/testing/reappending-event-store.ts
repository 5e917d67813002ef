import { randomUUID } from 'node:crypto';
import { AppendResult, EventStore, ExpectedRevision, NewEvent } from '../event-store.port';

/**
 * TEST DOUBLE of one EventStoreDB server rule, for tests of the write path only: event ids
 * are checked for duplicates only when the expected revision is older than the stream's
 * (KurrentDB `IndexWriter.CheckCommit`). An append whose ids are already in the stream,
 * sent at the stream's *current* revision, is written a second time.
 *
 * It wraps a real store and, in that one case, appends copies of the events under fresh ids
 * (the real store would refuse the same ids), answered as a new append (`duplicate: false`),
 * as the EventStoreDB adapter reported it before the write path checked for itself. Every
 * other call goes to the real store unchanged.
 */
export class ReappendingEventStore implements EventStore {
  /** Appends this double wrote a second time. */
  reappends = 0;

  constructor(private readonly store: EventStore) {}

  /**
   * Gives a running store (an application's own) this double's append, in place, for as long
   * as the returned restore is not called.
   */
  static install(store: EventStore): { double: ReappendingEventStore; restore: () => void } {
    const own = store.append;
    const real: EventStore = {
      append: own.bind(store),
      readStream: store.readStream.bind(store),
      readAll: store.readAll.bind(store),
      findInStream: store.findInStream.bind(store),
      subscribeToAll: store.subscribeToAll.bind(store),
      headPosition: store.headPosition.bind(store),
      identity: store.identity.bind(store),
      close: store.close.bind(store),
    };
    const double = new ReappendingEventStore(real);
    store.append = (...args) => double.append(...args);
    return { double, restore: () => void (store.append = own) };
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (typeof expected === 'bigint') {
      const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      const known = await this.store.findInStream(streamId, events.map((e) => e.eventId));
      if (last?.revision === expected && known.length > 0) {
        this.reappends++;
        return this.store.append(streamId, events.map((e) => ({ ...e, eventId: randomUUID() })), expected);
      }
    }
    return this.store.append(streamId, events, expected);
  }

  readStream: EventStore['readStream'] = (...args) => this.store.readStream(...args);
  readAll: EventStore['readAll'] = (...args) => this.store.readAll(...args);
  findInStream: EventStore['findInStream'] = (...args) => this.store.findInStream(...args);
  subscribeToAll: EventStore['subscribeToAll'] = (...args) => this.store.subscribeToAll(...args);
  headPosition: EventStore['headPosition'] = () => this.store.headPosition();
  identity: EventStore['identity'] = () => this.store.identity();
  close: EventStore['close'] = () => this.store.close();
}
