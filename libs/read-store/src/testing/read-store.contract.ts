import { randomBytes } from 'node:crypto';
import { Document, DocumentWrite, FindQuery, InvalidCursorError, LeaseFence, LeaseGrant, LeaseLostError, ReadStore, Scalar } from '../read-store.port';
import { GenerationalReadStore, inGeneration } from '../generations/generational-read-store';

/**
 * The one contract every read-store adapter keeps. Each adapter's *.int-spec.ts calls this
 * with a factory for a real store; nothing here knows which store it is. Collection and
 * projection names are unique per test so the suite also runs against a shared server.
 */
export function describeReadStoreContract(adapter: string, open: () => Promise<ReadStore>): void {
  describe(`read store contract: ${adapter}`, () => {
    let store: ReadStore;
    /** Letters, digits and underscores only: a valid collection name in every store. */
    const unique = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;
    const write = (collection: string, id: string, doc: Document, position: bigint): DocumentWrite => ({ collection, id, doc, position });

    /** Reads every page of a query, checking that no page is larger than asked. */
    const allPages = async (collection: string, query: FindQuery): Promise<{ items: Document[]; pages: number }> => {
      const items: Document[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.find(collection, { ...query, cursor });
        pages += 1;
        expect(page.items.length).toBeLessThanOrEqual(query.limit);
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        if (pages > 100) throw new Error('paging does not end');
      } while (cursor !== undefined);
      return { items, pages };
    };

    /** JSON with keys sorted, so that documents compare whatever order a store keeps keys in. */
    const canonical = (value: unknown): string =>
      JSON.stringify(value, (_key, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compare(a, b))) : v,
      );

    /** Plain code-unit order: the test data is ASCII, where every store agrees with it. */
    const compare = (a: Scalar, b: Scalar): number => (a < b ? -1 : a > b ? 1 : 0);

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    describe('collections', () => {
      it('creates collections and their indexes idempotently', async () => {
        const name = unique('leads');
        const spec = {
          name,
          indexes: [
            { fields: [{ field: 'status', direction: 'asc' as const }] },
            { fields: [{ field: 'territory.country', direction: 'asc' as const }, { field: 'amount', direction: 'desc' as const }] },
          ],
        };
        await store.ensureCollections([spec]);
        await store.ensureCollections([spec, { name: unique('empty'), indexes: [] }]);
        await store.commit(unique('p'), [write(name, 'a', { status: 'open', territory: { country: 'DE' }, amount: 5 }, 1n)], 1n);
        const page = await store.find(name, { filter: { 'territory.country': 'DE' }, sort: { field: 'amount', direction: 'desc' }, limit: 10 });
        expect(page.items).toEqual([{ status: 'open', territory: { country: 'DE' }, amount: 5 }]);
        await expect(store.ensureCollections([spec])).resolves.toBeUndefined();
      });

      it('answers empty for a collection never written', async () => {
        const name = unique('never');
        expect(await store.get(name, 'x')).toBeNull();
        expect((await store.getMany(name, ['x', 'y'])).size).toBe(0);
        expect(await store.find(name, { limit: 10 })).toEqual({ items: [], nextCursor: null });
        expect(await store.find(name, { filter: { a: 1 }, sort: { field: 'a', direction: 'desc' }, limit: 10 })).toEqual({ items: [], nextCursor: null });
      });

      it('answers empty for a collection that exists but holds nothing', async () => {
        const name = unique('created');
        await store.ensureCollections([{ name, indexes: [{ fields: [{ field: 'a', direction: 'asc' }] }] }]);
        expect(await store.get(name, 'x')).toBeNull();
        expect(await store.find(name, { sort: { field: 'a', direction: 'asc' }, limit: 10 })).toEqual({ items: [], nextCursor: null });
      });
    });

    describe('commit, get and getMany', () => {
      it('stores documents exactly and returns them with their position as a bigint', async () => {
        const name = unique('partners');
        const doc = {
          name: 'Acme GmbH',
          unicode: 'é ✓ 漢字',
          tier: 'gold',
          active: true,
          suspended: false,
          revenue: { minor: 125010, currency: 'EUR' },
          ratio: 0.125,
          negative: -42,
          big: 4102444800000,
          tags: ['a', 'b'],
          lines: [{ product: 'x', n: null }],
          nothing: null,
        };
        await store.commit(unique('p'), [write(name, 'partner-1', doc, 7n), write(name, 'partner-2', { name: 'Other' }, 8n)], 8n);

        const got = await store.get(name, 'partner-1');
        expect(got).toEqual({ id: 'partner-1', position: 7n, doc });
        expect(typeof got!.position).toBe('bigint');
        expect(Object.keys(got!.doc as object).sort()).toEqual(Object.keys(doc).sort());

        const many = await store.getMany(name, ['partner-2', 'missing', 'partner-1']);
        expect([...many.keys()].sort()).toEqual(['partner-1', 'partner-2']);
        expect(many.get('partner-1')).toEqual({ id: 'partner-1', position: 7n, doc });
        expect(many.get('partner-2')).toEqual({ id: 'partner-2', position: 8n, doc: { name: 'Other' } });
        expect(many.has('missing')).toBe(false);
        expect(await store.get(name, 'missing')).toBeNull();
        expect((await store.getMany(name, [])).size).toBe(0);
      });

      it('keeps positions above 2^53 exact', async () => {
        const name = unique('big');
        const position = 9007199254740993n; // 2^53 + 1: a double would read it as 2^53
        await store.commit(unique('p'), [write(name, 'a', { n: 1 }, position)], position);
        const got = await store.get(name, 'a');
        expect(got!.position).toBe(position);
        expect((await store.getMany(name, ['a'])).get('a')!.position).toBe(position);
        // and a write one above it is newer, one equal is not
        await store.commit(unique('p'), [write(name, 'a', { n: 2 }, position)], position);
        expect((await store.get(name, 'a'))!.doc).toEqual({ n: 1 });
        await store.commit(unique('p'), [write(name, 'a', { n: 3 }, position + 1n)], position + 1n);
        expect(await store.get(name, 'a')).toEqual({ id: 'a', position: position + 1n, doc: { n: 3 } });
      });

      it('drops undefined fields as JSON does', async () => {
        const name = unique('undef');
        await store.commit(unique('p'), [write(name, 'a', { kept: 1, dropped: undefined }, 1n)], 1n);
        const got = await store.get(name, 'a');
        expect(Object.keys(got!.doc as object)).toEqual(['kept']);
      });

      it('refuses a commit holding a document that is not JSON, writing none of it, and stays usable', async () => {
        const name = unique('refused');
        const projection = unique('p');
        const circular: Document = { amount: 10 };
        circular['self'] = circular;
        const bad = write(name, 'b', circular, 2n);
        await expect(store.commit(projection, [write(name, 'a', { n: 1 }, 1n), bad], 2n)).rejects.toThrow();
        expect(await store.get(name, 'a')).toBeNull();
        expect(await store.find(name, { limit: 10 })).toEqual({ items: [], nextCursor: null });
        expect(await store.checkpoint(projection)).toBeNull();
        await store.commit(projection, [write(name, 'a', { n: 1 }, 1n)], 1n);
        expect(await store.get(name, 'a')).toEqual({ id: 'a', position: 1n, doc: { n: 1 } });
      });

      it('keeps the same id apart in different collections', async () => {
        const one = unique('one');
        const two = unique('two');
        await store.commit(unique('p'), [write(one, 'same', { in: 'one' }, 3n), write(two, 'same', { in: 'two' }, 4n)], 4n);
        expect(await store.get(one, 'same')).toEqual({ id: 'same', position: 3n, doc: { in: 'one' } });
        expect(await store.get(two, 'same')).toEqual({ id: 'same', position: 4n, doc: { in: 'two' } });
      });
    });

    describe('exactly-once effect', () => {
      it('ignores a write whose position is equal or older, and replaces with a newer one', async () => {
        const name = unique('docs');
        const projection = unique('p');
        await store.commit(projection, [write(name, 'a', { v: 'ten', keep: true }, 10n), write(name, 'b', { v: 'b5' }, 5n)], 10n);

        await store.commit(projection, [write(name, 'a', { v: 'equal' }, 10n)], 10n);
        expect(await store.get(name, 'a')).toEqual({ id: 'a', position: 10n, doc: { v: 'ten', keep: true } });

        // an older write for one document does not stop a newer one for another in the same commit
        await store.commit(projection, [write(name, 'a', { v: 'older' }, 9n), write(name, 'b', { v: 'b6' }, 6n), write(name, 'c', { v: 'c6' }, 6n)], 10n);
        expect(await store.get(name, 'a')).toEqual({ id: 'a', position: 10n, doc: { v: 'ten', keep: true } });
        expect(await store.get(name, 'b')).toEqual({ id: 'b', position: 6n, doc: { v: 'b6' } });
        expect(await store.get(name, 'c')).toEqual({ id: 'c', position: 6n, doc: { v: 'c6' } });

        // a newer write replaces the whole document: a field it lacks disappears
        await store.commit(projection, [write(name, 'a', { v: 'eleven' }, 11n)], 11n);
        expect(await store.get(name, 'a')).toEqual({ id: 'a', position: 11n, doc: { v: 'eleven' } });
        const found = await store.find(name, { filter: { v: 'eleven' }, limit: 10 });
        expect(found.items).toEqual([{ v: 'eleven' }]);
        expect((await store.find(name, { filter: { v: 'ten' }, limit: 10 })).items).toEqual([]);
      });

      it('changes nothing when a whole commit is replayed', async () => {
        const name = unique('replay');
        const projection = unique('p');
        const writes = Array.from({ length: 12 }, (_, i) => write(name, `d${i}`, { i }, BigInt(100 + i)));
        await store.commit(projection, writes, 111n);
        await store.commit(projection, writes.map((w) => ({ ...w, doc: { i: -1 } })), 111n);
        const all = await store.getMany(name, writes.map((w) => w.id));
        expect(all.size).toBe(12);
        for (const [i, w] of writes.entries()) expect(all.get(w.id)).toEqual({ id: w.id, position: BigInt(100 + i), doc: { i } });
      });

      it('keeps the newest of several writes to one document in one commit, whatever their order', async () => {
        const name = unique('batch');
        await store.commit(unique('p'), [write(name, 'x', { v: 1 }, 1n), write(name, 'x', { v: 3 }, 3n), write(name, 'x', { v: 2 }, 2n)], 3n);
        expect(await store.get(name, 'x')).toEqual({ id: 'x', position: 3n, doc: { v: 3 } });
      });
    });

    describe('scan', () => {
      it('visits every document once, in id order, with ids and positions', async () => {
        const name = unique('scan');
        const ids = Array.from({ length: 13 }, (_, i) => `doc-${String(i).padStart(2, '0')}`);
        await store.commit(unique('p'), [...ids].reverse().map((id, i) => write(name, id, { id }, BigInt(i + 1))), 13n);
        const seen: { id: string; position: bigint; doc: Document }[] = [];
        let afterId: string | undefined;
        for (;;) {
          const page = await store.scan(name, { afterId, limit: 5 });
          if (page.length === 0) break;
          seen.push(...page);
          afterId = page[page.length - 1]!.id;
        }
        expect(seen.map((d) => d.id)).toEqual(ids);
        expect(seen.map((d) => d.doc['id'])).toEqual(ids);
        expect(seen[0]!.position).toBe(13n);
        expect(await store.scan(unique('never'), { limit: 5 })).toEqual([]);
      });
    });

    describe('checkpoints', () => {
      it('is null before the first commit, then follows each commit, per projection', async () => {
        const projection = unique('p');
        const other = unique('p');
        const name = unique('docs');
        expect(await store.checkpoint(projection)).toBeNull();
        await store.commit(projection, [write(name, 'a', { n: 1 }, 3n)], 4n);
        expect(await store.checkpoint(projection)).toBe(4n);
        await store.commit(projection, [write(name, 'a', { n: 2 }, 9n)], 9n);
        expect(await store.checkpoint(projection)).toBe(9n);
        await store.commit(projection, [], 12n);
        expect(await store.checkpoint(projection)).toBe(12n);
        expect(await store.checkpoint(other)).toBeNull();
        await store.commit(other, [], 9007199254740995n);
        expect(await store.checkpoint(other)).toBe(9007199254740995n);
        expect(await store.checkpoint(projection)).toBe(12n);
      });

      it('keeps the event store each checkpoint belongs to: per name, replaced when recorded again, through commits, resets and re-opening', async () => {
        const projection = unique('p');
        const relay = unique('relay');
        const name = unique('docs');
        const embedded = { kind: 'embedded', storeId: '0f6f3a4e-2f2c-4c55-9d55-4a4f2f0e7a11' };
        const cluster = { kind: 'eventstoredb', storeId: '5b0b8f9e-8a1d-4e7b-b1a4-1f0f6d1c2e33' };
        expect(await store.checkpointSource(projection)).toBeNull();
        await store.recordCheckpointSource(projection, embedded);
        expect(await store.checkpointSource(projection)).toEqual(embedded);
        expect(await store.checkpointSource(relay)).toBeNull();
        await store.commit(projection, [write(name, 'a', { n: 1 }, 3n)], 3n);
        await store.reset(projection, [name]);
        expect(await store.checkpointSource(projection)).toEqual(embedded);
        await store.recordCheckpointSource(projection, cluster);
        await store.recordCheckpointSource(relay, embedded);
        expect(await store.checkpointSource(projection)).toEqual(cluster);
        const again = await open();
        try {
          expect(await again.checkpointSource(projection)).toEqual(cluster);
          expect(await again.checkpointSource(relay)).toEqual(embedded);
        } finally {
          await again.close();
        }
      });
    });

    describe('typed fields', () => {
      it('keeps integers exact at any size a number holds, and fractions as they are', async () => {
        const name = unique('money');
        const doc = { small: 5, signed: -7, large: 3_000_000_000, huge: 999_999_999_999_999, fraction: 0.25, nested: { list: [{ minor: 2 ** 40 }] } };
        await store.commit(unique('p'), [write(name, 'a', doc, 1n)], 1n);
        expect((await store.get(name, 'a'))?.doc).toEqual(doc);
        const sorted = await allPages(name, { sort: { field: 'large', direction: 'desc' }, limit: 5 });
        expect(sorted.items).toEqual([doc]);
      });

      it('takes a bigint where a document holds a position, and reads it back as a number', async () => {
        const name = unique('positions');
        await store.commit(unique('p'), [write(name, 'a', { position: 42n }, 1n)], 1n);
        expect((await store.get(name, 'a'))?.doc).toEqual({ position: 42 });
      });

      it('gives date fields back as the ISO-8601 text in UTC they were written as, and filters, sorts and pages by them', async () => {
        const name = unique('dated');
        await store.ensureCollections([{ name, indexes: [{ fields: [{ field: 'at', direction: 'asc' }] }], dates: ['at'] }]);
        const times = ['2026-04-01T01:30:00.000Z', '2026-03-31T22:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'];
        await store.commit(unique('p'), times.map((at, n) => write(name, `d${n}`, { at, n }, BigInt(n + 1))), 4n);
        expect((await store.get(name, 'd0'))?.doc).toEqual({ at: times[0], n: 0 });
        const ascending = await allPages(name, { sort: { field: 'at', direction: 'asc' }, limit: 1 });
        expect(ascending.items.map((doc) => doc['n'])).toEqual([1, 2, 3, 0]);
        const descending = await allPages(name, { sort: { field: 'at', direction: 'desc' }, limit: 2 });
        expect(descending.items.map((doc) => doc['n'])).toEqual([0, 3, 2, 1]);
        const equal = await allPages(name, { filter: { at: '2026-04-01T00:00:00.000Z' }, limit: 5 });
        expect(equal.items.map((doc) => doc['n'])).toEqual([2, 3]);
      });

      it('filters a date field by a range of instants, from inclusive to exclusive, with other filters and while paging', async () => {
        const name = unique('ranged');
        await store.ensureCollections([{ name, indexes: [{ fields: [{ field: 'kind', direction: 'asc' }, { field: 'at', direction: 'asc' }] }], dates: ['at'] }]);
        const times = ['2026-03-31T23:59:59.999Z', '2026-04-01T00:00:00.000Z', '2026-04-15T12:00:00.000Z', '2026-05-01T00:00:00.000Z', '2026-04-20T00:00:00.000Z'];
        await store.commit(unique('p'), times.map((at, n) => write(name, `r${n}`, { at, n, kind: n % 2 === 0 ? 'even' : 'odd' }, BigInt(n + 1))), 5n);
        await store.commit(unique('p'), [write(name, 'undated', { n: 9, kind: 'even' }, 6n)], 6n);
        const april = { gte: '2026-04-01T00:00:00.000Z', lt: '2026-05-01T00:00:00.000Z' };
        const within = await allPages(name, { filter: { at: april }, sort: { field: 'at', direction: 'asc' }, limit: 1 });
        expect(within.items.map((doc) => doc['n'])).toEqual([1, 2, 4]);
        expect((await allPages(name, { filter: { at: april, kind: 'even' }, sort: { field: 'at', direction: 'asc' }, limit: 1 })).items.map((doc) => doc['n'])).toEqual([2, 4]);
        expect((await allPages(name, { filter: { at: { gte: '2026-04-15T12:00:00.000Z' } }, limit: 2 })).items.map((doc) => doc['n'])).toEqual([2, 3, 4]);
        expect((await allPages(name, { filter: { at: { lt: '2026-04-01T00:00:00.000Z' } }, limit: 2 })).items.map((doc) => doc['n'])).toEqual([0]);
        expect((await allPages(name, { filter: { at: {} }, limit: 10 })).items).toHaveLength(6);
      });
    });

    describe('leases', () => {
      const at = (seconds: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, seconds));
      const epochOf = (grant: LeaseGrant | null) => grant?.epoch ?? null;

      it('is taken by one holder at a time, renewed by it, and taken over once it expires', async () => {
        const name = unique('lease');
        expect(await store.tryLease(name, 'a', 10_000, at(0))).toEqual({ name, holder: 'a', epoch: 1, expiresAt: at(10) });
        expect(await store.tryLease(name, 'b', 10_000, at(5))).toBeNull();
        expect(await store.tryLease(name, 'a', 10_000, at(8))).toEqual({ name, holder: 'a', epoch: 1, expiresAt: at(18) }); // renewed
        expect(await store.tryLease(name, 'b', 10_000, at(12))).toBeNull();
        expect(epochOf(await store.tryLease(name, 'b', 10_000, at(18)))).toBe(2); // expired at exactly 18 s: taken over
        expect(await store.tryLease(name, 'a', 10_000, at(19))).toBeNull();
        expect(await store.lease(name)).toEqual({ name, holder: 'b', epoch: 2, expiresAt: at(28) });
        expect(epochOf(await store.tryLease(unique('lease'), 'a', 10_000, at(19)))).toBe(1);
        expect(await store.lease(unique('lease'))).toBeNull();
      });

      it('is won by exactly one of many asking at once, and given up by its holder only', async () => {
        const name = unique('lease');
        const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => store.tryLease(name, `h${n}`, 10_000, at(0))));
        const winners = answers.filter((grant) => grant !== null);
        expect(winners).toHaveLength(1);
        const winner = winners[0]!.holder;
        await store.releaseLease(name, 'someone-else');
        expect(await store.tryLease(name, 'other', 10_000, at(1))).toBeNull();
        await store.releaseLease(name, winner);
        expect(epochOf(await store.tryLease(name, 'other', 10_000, at(1)))).toBe(2); // a release never takes the epoch back
      });

      it('gives its own holder a new epoch once its lease ran out, whoever held it meanwhile', async () => {
        const name = unique('lease');
        expect(epochOf(await store.tryLease(name, 'a', 10_000, at(0)))).toBe(1);
        expect(epochOf(await store.tryLease(name, 'a', 10_000, at(11)))).toBe(2); // it may have stopped working meanwhile
        expect(epochOf(await store.tryLease(name, 'a', 10_000, at(12)))).toBe(2);
      });

      it('never takes the epoch back when a late renewal races take-overs, nor grants one epoch twice', async () => {
        const name = unique('lease');
        let holder = 'h0';
        let expiresAt = (await store.tryLease(name, holder, 1000, at(0)))!.expiresAt;
        let highest = 1;
        for (let round = 1; round <= 25; round += 1) {
          // The holder renews a moment before its expiry while three others find it run out.
          const justBefore = new Date(expiresAt.getTime() - 1);
          // The renewal goes out first, second, … in turn (a store without I/O answers in that order).
          const askers = [...['x', 'y', 'z'].map((other) => () => store.tryLease(name, `${other}${round}`, 1000, expiresAt))];
          askers.splice(round % 4, 0, () => store.tryLease(name, holder, 1000, justBefore));
          const answers = await Promise.all(askers.map((ask) => ask()));
          const granted = answers.filter((grant): grant is LeaseGrant => grant !== null);
          const byEpoch = new Map<number, Set<string>>();
          for (const grant of granted) byEpoch.set(grant.epoch, (byEpoch.get(grant.epoch) ?? new Set()).add(grant.holder));
          for (const holders of byEpoch.values()) expect(holders.size).toBe(1);
          const standing = (await store.lease(name))!;
          expect(standing.epoch).toBeGreaterThanOrEqual(highest);
          expect(standing.epoch).toBe(Math.max(...granted.map((grant) => grant.epoch), highest));
          highest = standing.epoch;
          holder = standing.holder;
          expiresAt = standing.expiresAt;
        }
        expect(highest).toBeGreaterThan(1);
      });
    });

    describe('fencing', () => {
      const now = new Date();
      const take = async (name: string, holder: string, when = now): Promise<LeaseFence> => {
        const grant = await store.tryLease(name, holder, 1000, when);
        if (!grant) throw new Error(`${holder} did not get ${name}`);
        return { name: grant.name, holder: grant.holder, epoch: grant.epoch };
      };

      it("commits documents and checkpoint under the lease's current epoch", async () => {
        const [lease, projection, docs] = [unique('lease'), unique('p'), unique('docs')];
        const fence = await take(lease, 'a');
        await store.commit(projection, [write(docs, 'x', { n: 1 }, 5n)], 5n, fence);
        await store.commit(projection, [], 6n, fence); // a relay's or reactor's commit: a checkpoint alone
        expect((await store.get(docs, 'x'))?.doc).toEqual({ n: 1 });
        expect(await store.checkpoint(projection)).toBe(6n);
      });

      it('refuses, writing nothing, the commit of a holder whose lease another took over', async () => {
        const [lease, projection, docs] = [unique('lease'), unique('p'), unique('docs')];
        const stale = await take(lease, 'a');
        await store.commit(projection, [write(docs, 'x', { by: 'a' }, 5n)], 5n, stale);
        const successor = await take(lease, 'b', new Date(now.getTime() + 1000));
        await expect(store.commit(projection, [write(docs, 'x', { by: 'a' }, 8n), write(docs, 'y', { by: 'a' }, 8n)], 8n, stale)).rejects.toBeInstanceOf(LeaseLostError);
        expect((await store.get(docs, 'x'))?.position).toBe(5n);
        expect(await store.get(docs, 'y')).toBeNull();
        expect(await store.checkpoint(projection)).toBe(5n);
        await store.commit(projection, [write(docs, 'x', { by: 'b' }, 7n)], 7n, successor);
        await expect(store.commit(projection, [], 9n, stale)).rejects.toBeInstanceOf(LeaseLostError);
        expect((await store.get(docs, 'x'))?.doc).toEqual({ by: 'b' });
        expect(await store.checkpoint(projection)).toBe(7n);
      });

      it('refuses a commit under a lease never taken, or one its holder took again after it ran out', async () => {
        const [lease, projection] = [unique('lease'), unique('p')];
        await expect(store.commit(projection, [], 1n, { name: lease, holder: 'a', epoch: 1 })).rejects.toBeInstanceOf(LeaseLostError);
        const first = await take(lease, 'a');
        const second = await take(lease, 'a', new Date(now.getTime() + 5000));
        expect(second.epoch).toBe(first.epoch + 1);
        await expect(store.commit(projection, [], 2n, first)).rejects.toBeInstanceOf(LeaseLostError);
        await store.commit(projection, [], 3n, second);
        expect(await store.checkpoint(projection)).toBe(3n);
      });
    });

    describe('read model versions', () => {
      it('is null until recorded, then kept per projection through resets and re-opening', async () => {
        const projection = unique('p');
        const other = unique('p');
        const name = unique('docs');
        expect(await store.readModelVersion(projection)).toBeNull();
        await store.recordReadModelVersion(projection, 2);
        await store.recordReadModelVersion(other, 1);
        await store.commit(projection, [write(name, 'a', { n: 1 }, 3n)], 3n);
        await store.reset(projection, [name]);
        expect(await store.readModelVersion(projection)).toBe(2);
        await store.recordReadModelVersion(projection, 3);
        const again = await open();
        try {
          expect(await again.readModelVersion(projection)).toBe(3);
          expect(await again.readModelVersion(other)).toBe(1);
        } finally {
          await again.close();
        }
      });
    });

    // Declared columns are a hint to the store: every answer is the same with them or without.
    describe.each([
      ['in the documents', undefined],
      ['in columns', ['status', 'amount', 'name', 'priority', 'ref']],
    ])('find (fields %s)', (_where, columns) => {
      interface Lead extends Document {
        status: string;
        amount: number;
        name: string;
        priority: boolean;
        territory: { country: string; region: string };
        ref: number;
      }
      const statuses = ['open', 'won', 'lost'];
      const countries = ['DE', 'FR', 'IT', 'ES'];
      /** 23 leads with many duplicate amounts and names, ids not in amount order. */
      const leads: { id: string; doc: Lead }[] = Array.from({ length: 23 }, (_, i) => ({
        id: `lead-${String((i * 7) % 23).padStart(2, '0')}`,
        doc: {
          status: statuses[i % 3]!,
          amount: (i % 4) * 250 + (i % 2 === 0 ? 0 : 0.5),
          name: ['Beta', 'alpha', 'Alpha', 'beta'][i % 4]!,
          priority: i % 5 === 0,
          territory: { country: countries[i % 4]!, region: `r${i % 6}` },
          ref: i,
        },
      }));
      let name: string;

      beforeAll(async () => {
        name = unique('leads');
        await store.ensureCollections([
          {
            name,
            columns,
            indexes: [
              { fields: [{ field: 'status', direction: 'asc' }] },
              { fields: [{ field: 'amount', direction: 'asc' }] },
              { fields: [{ field: 'name', direction: 'desc' }] },
              { fields: [{ field: 'territory.country', direction: 'asc' }] },
            ],
          },
        ]);
        // two commits, so paging does not depend on insertion order
        const writes = leads.map((l, i) => write(name, l.id, l.doc, BigInt(i + 1)));
        await store.commit(unique('p'), writes.slice(12), 23n);
        await store.commit(unique('p'), writes.slice(0, 12), 23n);
      });

      /** Which lead each returned document is; a document matching none fails the test. */
      const ids = (items: Document[]) =>
        items.map((d) => {
          const lead = leads.find((l) => canonical(l.doc) === canonical(d));
          if (!lead) throw new Error(`not one of the leads: ${JSON.stringify(d)}`);
          return lead.id;
        });
      const expected = (keep: (l: Lead) => boolean, field?: keyof Lead, direction: 'asc' | 'desc' = 'asc') => {
        const sign = direction === 'asc' ? 1 : -1;
        return leads
          .filter((l) => keep(l.doc))
          .sort((a, b) => sign * ((field ? compare(a.doc[field] as Scalar, b.doc[field] as Scalar) : 0) || compare(a.id, b.id)))
          .map((l) => l.id);
      };

      it('has distinct documents to tell apart', () => {
        expect(new Set(leads.map((l) => l.id)).size).toBe(23);
        expect(new Set(leads.map((l) => JSON.stringify(l.doc))).size).toBe(23);
      });

      it('filters by equality on a string field', async () => {
        const page = await store.find<Lead>(name, { filter: { status: 'won' }, limit: 100 });
        expect(page.nextCursor).toBeNull();
        expect(ids(page.items)).toEqual(expected((l) => l.status === 'won'));
        expect(page.items.length).toBe(8);
        expect(page.items.every((d) => d.status === 'won')).toBe(true);
      });

      it('filters by membership in a list', async () => {
        const page = await store.find<Lead>(name, { filter: { status: { in: ['won', 'lost'] } }, limit: 100 });
        expect(ids(page.items)).toEqual(expected((l) => l.status !== 'open'));
        expect(page.items.length).toBe(15);
        const numbers = await store.find<Lead>(name, { filter: { amount: { in: [0, 500.5] } }, limit: 100 });
        expect(ids(numbers.items)).toEqual(expected((l) => l.amount === 0 || l.amount === 500.5));
        expect(numbers.items.length).toBeGreaterThan(0);
        expect((await store.find(name, { filter: { status: { in: [] } }, limit: 100 })).items).toEqual([]);
      });

      it('filters on a nested field by its dotted path', async () => {
        const page = await store.find<Lead>(name, { filter: { 'territory.country': 'FR' }, limit: 100 });
        expect(ids(page.items)).toEqual(expected((l) => l.territory.country === 'FR'));
        expect(page.items.length).toBe(6);
        const several = await store.find<Lead>(name, { filter: { 'territory.country': { in: ['DE', 'IT'] }, 'territory.region': 'r0' }, limit: 100 });
        expect(ids(several.items)).toEqual(expected((l) => ['DE', 'IT'].includes(l.territory.country) && l.territory.region === 'r0'));
        expect(several.items.length).toBeGreaterThan(0);
      });

      it('filters a number field by a range, from inclusive to exclusive', async () => {
        const page = await store.find<Lead>(name, { filter: { amount: { gte: 250.5, lt: 750 } }, limit: 100 });
        expect(ids(page.items)).toEqual(expected((l) => l.amount >= 250.5 && l.amount < 750));
        expect(page.items.length).toBeGreaterThan(0);
        const sorted = await allPages(name, { filter: { amount: { gte: 500 }, status: 'open' }, sort: { field: 'amount', direction: 'desc' }, limit: 2 });
        expect(ids(sorted.items)).toEqual(expected((l) => l.amount >= 500 && l.status === 'open', 'amount', 'desc'));
      });

      it('filters by boolean and number equality, and combines filters with AND', async () => {
        const priority = await store.find<Lead>(name, { filter: { priority: true }, limit: 100 });
        expect(ids(priority.items)).toEqual(expected((l) => l.priority));
        expect(priority.items.length).toBe(5);
        const notPriority = await store.find<Lead>(name, { filter: { priority: false }, limit: 100 });
        expect(notPriority.items.length).toBe(18);
        const amount = await store.find<Lead>(name, { filter: { amount: 250.5 }, limit: 100 });
        expect(ids(amount.items)).toEqual(expected((l) => l.amount === 250.5));
        expect(amount.items.length).toBe(6);
        const zero = await store.find<Lead>(name, { filter: { amount: 0 }, limit: 100 });
        expect(ids(zero.items)).toEqual(expected((l) => l.amount === 0));
        const both = await store.find<Lead>(name, { filter: { status: 'open', priority: true, amount: 0 }, limit: 100 });
        expect(ids(both.items)).toEqual(expected((l) => l.status === 'open' && l.priority && l.amount === 0));
        expect(both.items.length).toBeGreaterThan(0);
        expect((await store.find(name, { filter: { status: 'nope' }, limit: 100 })).items).toEqual([]);
        expect((await store.find(name, { filter: { amount: 250 }, limit: 100 })).items).toEqual([]);
      });

      it('sorts by a number field, ascending and descending, ties by id in the same direction', async () => {
        const asc = await store.find<Lead>(name, { sort: { field: 'amount', direction: 'asc' }, limit: 100 });
        expect(ids(asc.items)).toEqual(expected(() => true, 'amount', 'asc'));
        const desc = await store.find<Lead>(name, { sort: { field: 'amount', direction: 'desc' }, limit: 100 });
        expect(ids(desc.items)).toEqual(expected(() => true, 'amount', 'desc'));
        expect(ids(desc.items)).toEqual(ids(asc.items).reverse());
      });

      it('sorts by a string field, ascending and descending, ties by id in the same direction', async () => {
        const asc = await store.find<Lead>(name, { sort: { field: 'name', direction: 'asc' }, limit: 100 });
        expect(ids(asc.items)).toEqual(expected(() => true, 'name', 'asc'));
        expect(asc.items.map((d) => d.name).slice(0, 1)).toEqual(['Alpha']); // upper case before lower case
        const desc = await store.find<Lead>(name, { filter: { status: 'open' }, sort: { field: 'name', direction: 'desc' }, limit: 100 });
        expect(ids(desc.items)).toEqual(expected((l) => l.status === 'open', 'name', 'desc'));
      });

      it('sorts by a nested field', async () => {
        const page = await store.find<Lead>(name, { sort: { field: 'territory.country', direction: 'desc' }, limit: 100 });
        expect(page.items.map((d) => d.territory.country)).toEqual(leads.map((l) => l.doc.territory.country).sort().reverse());
      });

      it.each([
        ['amount', 'asc'],
        ['amount', 'desc'],
        ['name', 'asc'],
        ['name', 'desc'],
        ['territory.country', 'asc'],
      ] as const)('pages by %s %s visiting every document once, in order', async (field, direction) => {
        const { items, pages } = await allPages(name, { sort: { field, direction }, limit: 5 });
        const want = await store.find<Lead>(name, { sort: { field, direction }, limit: 100 });
        expect(want.items).toHaveLength(23);
        expect(ids(items)).toEqual(ids(want.items));
        expect(pages).toBe(5);
      });

      it('pages with a filter and a sort', async () => {
        const { items, pages } = await allPages(name, { filter: { status: { in: ['open', 'lost'] } }, sort: { field: 'amount', direction: 'desc' }, limit: 4 });
        expect(ids(items)).toEqual(expected((l) => l.status !== 'won', 'amount', 'desc'));
        expect(items).toHaveLength(15);
        expect(pages).toBe(4);
      });

      it('pages by id when there is no sort', async () => {
        const { items, pages } = await allPages(name, { limit: 5 });
        expect(ids(items)).toEqual([...leads.map((l) => l.id)].sort());
        expect(pages).toBe(5);
        const filtered = await allPages(name, { filter: { priority: false }, limit: 7 });
        expect(ids(filtered.items)).toEqual(expected((l) => !l.priority));
      });

      it('gives no next cursor on the last page, even when it is exactly full', async () => {
        const first = await store.find(name, { filter: { status: 'won' }, limit: 4 });
        expect(first.items).toHaveLength(4);
        expect(first.nextCursor).toEqual(expect.any(String));
        const second = await store.find(name, { filter: { status: 'won' }, limit: 4, cursor: first.nextCursor! });
        expect(second.items).toHaveLength(4);
        expect(second.nextCursor).toBeNull();
        const whole = await store.find(name, { filter: { status: 'won' }, limit: 8 });
        expect(whole.items).toHaveLength(8);
        expect(whole.nextCursor).toBeNull();
        const larger = await store.find(name, { filter: { status: 'won' }, limit: 9 });
        expect(larger.nextCursor).toBeNull();
      });

      it('refuses a cursor it did not give', async () => {
        for (const cursor of ['garbage!', 'bm90IGpzb24', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url'), Buffer.from('[{},"x"]').toString('base64url')]) {
          await expect(store.find(name, { sort: { field: 'amount', direction: 'asc' }, limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
          await expect(store.find(name, { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
        }
        await expect(store.find(unique('never'), { limit: 5, cursor: 'garbage!' })).rejects.toBeInstanceOf(InvalidCursorError);
      });
    });

    describe('find with documents lacking the sort field', () => {
      it.each([
        ['asc', undefined],
        ['desc', undefined],
        ['asc', ['closedAt']],
        ['desc', ['closedAt']],
      ] as const)('pages %s visiting every document once, the ones lacking the field first ascending (columns: %j)', async (direction, columns) => {
        const name = unique('sparse');
        if (columns) await store.ensureCollections([{ name, indexes: [{ fields: [{ field: 'closedAt', direction: 'asc' }] }], columns: [...columns] }]);
        const docs: Record<string, Document> = {
          a: { closedAt: '2026-03-01' },
          b: {},
          c: { closedAt: '2026-01-01' },
          d: { closedAt: null },
          e: {},
          f: { closedAt: '2026-03-01' },
          g: { closedAt: '2026-02-01' },
          h: {},
        };
        await store.commit(unique('p'), Object.entries(docs).map(([id, doc], i) => write(name, id, { ...doc, id }, BigInt(i + 1))), 8n);
        const ascending = ['b', 'd', 'e', 'h', 'c', 'g', 'a', 'f'];
        const want = direction === 'asc' ? ascending : [...ascending].reverse();
        const whole = await store.find(name, { sort: { field: 'closedAt', direction }, limit: 100 });
        expect(whole.items.map((d) => d['id'])).toEqual(want);
        for (const limit of [1, 2, 3]) {
          const { items } = await allPages(name, { sort: { field: 'closedAt', direction }, limit });
          expect(items.map((d) => d['id'])).toEqual(want);
        }
      });
    });

    describe('columns declared on a collection that already holds documents', () => {
      it('answers as before, from documents written before and after', async () => {
        const name = unique('late');
        const index = { fields: [{ field: 'status', direction: 'asc' as const }, { field: 'at', direction: 'asc' as const }] };
        await store.ensureCollections([{ name, indexes: [index] }]);
        const before = [write(name, 'a', { status: 'open', at: '2026-02-01', n: 1 }, 1n), write(name, 'b', { status: 'won', at: '2026-01-01', n: 2 }, 2n), write(name, 'c', { at: '2026-03-01', n: 3 }, 3n)];
        await store.commit(unique('p'), before, 3n);
        const query: FindQuery = { filter: { status: { in: ['open', 'won'] } }, sort: { field: 'at', direction: 'desc' }, limit: 1 };
        const wanted = await allPages(name, query);
        expect(wanted.items.map((d) => d['n'])).toEqual([1, 2]);

        await store.ensureCollections([{ name, indexes: [index], columns: ['status', 'at'] }]);
        expect(await allPages(name, query)).toEqual(wanted);
        expect((await store.find(name, { sort: { field: 'status', direction: 'asc' }, limit: 10 })).items.map((d) => d['n'])).toEqual([3, 1, 2]);
        await store.commit(unique('p'), [write(name, 'd', { status: 'open', at: '2026-04-01', n: 4 }, 4n)], 4n);
        expect((await allPages(name, query)).items.map((d) => d['n'])).toEqual([4, 1, 2]);
        expect((await store.find(name, { filter: { status: 'open' }, limit: 10 })).items).toEqual([
          { status: 'open', at: '2026-02-01', n: 1 },
          { status: 'open', at: '2026-04-01', n: 4 },
        ]);
      });
    });

    describe('reset', () => {
      it('empties the given collections and forgets the checkpoint, leaving others alone', async () => {
        const projection = unique('p');
        const other = unique('p');
        const one = unique('one');
        const two = unique('two');
        const kept = unique('kept');
        await store.ensureCollections([{ name: one, indexes: [{ fields: [{ field: 'n', direction: 'asc' }] }] }]);
        await store.commit(projection, [write(one, 'a', { n: 1 }, 5n), write(one, 'b', { n: 2 }, 6n), write(two, 'a', { n: 3 }, 7n)], 7n);
        await store.commit(other, [write(kept, 'a', { n: 4 }, 8n)], 8n);

        await store.reset(projection, [one, two, unique('never')]);

        expect(await store.checkpoint(projection)).toBeNull();
        expect(await store.get(one, 'a')).toBeNull();
        expect((await store.getMany(two, ['a'])).size).toBe(0);
        expect(await store.find(one, { sort: { field: 'n', direction: 'asc' }, limit: 10 })).toEqual({ items: [], nextCursor: null });
        expect(await store.checkpoint(other)).toBe(8n);
        expect(await store.get(kept, 'a')).toEqual({ id: 'a', position: 8n, doc: { n: 4 } });

        // a rebuild writes from position zero again
        await store.ensureCollections([{ name: one, indexes: [{ fields: [{ field: 'n', direction: 'asc' }] }] }]);
        await store.commit(projection, [write(one, 'a', { n: 10 }, 1n)], 1n);
        expect(await store.get(one, 'a')).toEqual({ id: 'a', position: 1n, doc: { n: 10 } });
        expect(await store.checkpoint(projection)).toBe(1n);
      });
    });

    describe('generations', () => {
      /** A projection of two collections, on this store, its generation record never cached. */
      const generational = () => {
        const projection = unique('p');
        const [one, two] = [unique('one'), unique('two')];
        const owners = [{ name: projection, collections: [{ name: one }, { name: two }] }];
        return { projection, one, two, live: new GenerationalReadStore(store, owners, { cacheMs: 0 }) };
      };

      it('records each projection\'s live and kept generations, replacing them whole', async () => {
        const [a, b] = [unique('p'), unique('p')];
        expect((await store.generations())[a]).toBeUndefined();
        await store.recordGenerations({ [a]: { live: 1, kept: [1, 2] }, [b]: { live: 3, kept: [3] } });
        await store.recordGenerations({ [a]: { live: 2, kept: [1, 2] } });
        const again = await open();
        try {
          const recorded = await again.generations();
          expect(recorded[a]).toEqual({ live: 2, kept: [1, 2] });
          expect(recorded[b]).toEqual({ live: 3, kept: [3] });
        } finally {
          await again.close();
        }
      });

      it('keeps generation 1 under the names collections and checkpoints always had', async () => {
        const { projection, one, live } = generational();
        await live.ensureCollections([{ name: one, indexes: [{ fields: [{ field: 'n', direction: 'asc' }] }] }]);
        await live.commit(projection, [write(one, 'a', { n: 1 }, 4n)], 4n);
        expect(await store.get(one, 'a')).toEqual({ id: 'a', position: 4n, doc: { n: 1 } });
        expect(await store.checkpoint(projection)).toBe(4n);
        expect(await live.get(one, 'a')).toEqual({ id: 'a', position: 4n, doc: { n: 1 } });
      });

      it('builds a candidate beside the live generation, then serves it once switched, each with its own checkpoint', async () => {
        const { projection, one, two, live } = generational();
        await live.commit(projection, [write(one, 'a', { n: 'corrupt' }, 4n), write(two, 'b', { n: 2 }, 4n)], 4n);
        await store.recordGenerations({ [projection]: { live: 1, kept: [1, 2] } });
        const candidate = live.at({ [projection]: 2 });
        await candidate.ensureCollections([{ name: one, indexes: [{ fields: [{ field: 'n', direction: 'asc' }] }] }]);
        await candidate.recordReadModelVersion(projection, 7);
        await candidate.commit(projection, [write(one, 'a', { n: 1 }, 4n)], 3n);

        expect((await live.get(one, 'a'))?.doc).toEqual({ n: 'corrupt' });
        expect(await live.checkpoint(projection)).toBe(4n);
        expect(await live.readModelVersion(projection)).toBeNull();
        expect((await store.get(inGeneration(one, 2), 'a'))?.doc).toEqual({ n: 1 });
        expect(await store.checkpoint(inGeneration(projection, 2))).toBe(3n);

        const follower = await live.follow(projection);
        expect(follower.generation).toBe(1);
        await live.recordGenerations({ [projection]: { live: 2, kept: [1, 2] } });
        expect(await follower.stillLive()).toBe(false);
        expect((await live.get(one, 'a'))?.doc).toEqual({ n: 1 });
        expect((await live.find(one, { sort: { field: 'n', direction: 'asc' }, limit: 5 })).items).toEqual([{ n: 1 }]);
        expect(await live.get(two, 'b')).toBeNull();
        expect(await live.checkpoint(projection)).toBe(3n);
        expect(await live.readModelVersion(projection)).toBe(7);
        expect((await live.follow(projection)).generation).toBe(2);

        // the previous generation stays until dropped
        expect((await live.at({ [projection]: 1 }).get(two, 'b'))?.doc).toEqual({ n: 2 });
        await live.at({ [projection]: 1 }).reset(projection, [one, two]);
        expect(await store.get(one, 'a')).toBeNull();
        expect(await store.get(two, 'b')).toBeNull();
        expect(await store.checkpoint(projection)).toBeNull();
        expect((await live.get(one, 'a'))?.doc).toEqual({ n: 1 });
      });

      it('leaves collections and checkpoints of no projection it knows as they are', async () => {
        const { live } = generational();
        const [other, name] = [unique('p'), unique('docs')];
        await store.recordGenerations({ [other]: { live: 2, kept: [2] } });
        await live.commit(other, [write(name, 'a', { n: 1 }, 2n)], 2n);
        expect(await store.get(name, 'a')).toEqual({ id: 'a', position: 2n, doc: { n: 1 } });
        expect(await store.checkpoint(other)).toBe(2n);
      });

      it('reads the record at most once per cache period, and afresh for a follower', async () => {
        const projection = unique('p');
        const name = unique('docs');
        let clock = 0;
        const live = new GenerationalReadStore(store, [{ name: projection, collections: [{ name }] }], { cacheMs: 1000, now: () => clock });
        await store.commit(inGeneration(projection, 2), [write(inGeneration(name, 2), 'a', { n: 2 }, 1n)], 1n);
        await live.commit(projection, [write(name, 'a', { n: 1 }, 1n)], 1n);
        await store.recordGenerations({ [projection]: { live: 2, kept: [1, 2] } });
        clock = 999;
        expect((await live.get(name, 'a'))?.doc).toEqual({ n: 1 });
        expect((await live.follow(projection)).generation).toBe(2);
        clock = 1000;
        expect((await live.get(name, 'a'))?.doc).toEqual({ n: 2 });
      });
    });
  });
}
