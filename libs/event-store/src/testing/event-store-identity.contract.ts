import { EventStore } from '../event-store.port';

/**
 * What every adapter promises about identity(): the same answer on every call and on every
 * opening of the same store, another answer for another store. Checkpoints in the read
 * store are checked against it, so a store switch is refused instead of misread.
 *
 * `open(name)` opens the store called `name` (a file, a database): twice the same name is
 * the same store, re-opened. Two names are two stores where the adapter can open another
 * store (`distinctStores`); against one EventStoreDB server every name is that server's
 * database, so that case is left to the adapter's unit spec. Each store is closed here.
 */
export function describeEventStoreIdentityContract(
  adapter: string,
  open: (name: string) => Promise<EventStore>,
  options: { kind: 'embedded' | 'eventstoredb'; distinctStores: boolean },
): void {
  const { kind } = options;
  describe(`event store identity: ${adapter}`, () => {
    const withStore = async <T>(name: string, work: (store: EventStore) => Promise<T>): Promise<T> => {
      const store = await open(name);
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    };

    it('is the same on every call and after the store is opened again', async () => {
      const first = await withStore('a', async (store) => {
        const once = await store.identity();
        expect(once).toEqual({ kind, storeId: expect.any(String) });
        expect(once.storeId.length).toBeGreaterThan(0);
        expect(await store.identity()).toEqual(once);
        return once;
      });
      expect(await withStore('a', (store) => store.identity())).toEqual(first);
    });

    it('is created once when several connections ask at the same time', async () => {
      const stores = await Promise.all([open('b'), open('b'), open('b')]);
      try {
        const identities = await Promise.all(stores.map((store) => store.identity()));
        expect(new Set(identities.map((identity) => identity.storeId)).size).toBe(1);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });

    (options.distinctStores ? it : it.skip)('differs between two stores', async () => {
      const a = await withStore('c', (store) => store.identity());
      const b = await withStore('d', (store) => store.identity());
      expect(a.kind).toBe(b.kind);
      expect(a.storeId).not.toBe(b.storeId);
    });

    it('is not among the ledger events: making it moves no position', async () => {
      await withStore('e', async (store) => {
        const head = await store.headPosition();
        await store.identity();
        expect(await store.headPosition()).toBe(head);
        expect(await store.readAll({ after: head, maxCount: 10 })).toEqual([]);
      });
    });
  });
}
