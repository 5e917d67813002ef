import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { MongoClient } from 'mongodb';
import { describeOnMongoServers, scratchDatabase } from '@test/support/mongodb-servers';
import { describeReadStoreContract } from '../testing/read-store.contract';
import { ReadStoreUnavailableError } from '../read-store.port';
import { MongoReadStore } from './mongodb-read-store';

describeOnMongoServers('read store contract: MongoDB', (url, server) => {
  const database = scratchDatabase(url, 'contract');

  describeReadStoreContract(`MongoDB on ${server.name}`, () => MongoReadStore.connect({ url, database }));

  describe('MongoDB specifics', () => {
    let store: MongoReadStore;
    beforeAll(async () => {
      store = await MongoReadStore.connect({ url, database });
    });
    afterAll(async () => {
      await store.close();
    });

    it('stores a document as { _id, _position: int64, ...fields }, every integer as int64, date fields as BSON Date', async () => {
      await store.ensureCollections([{ name: 'shape', indexes: [], dates: ['at'] }]);
      const doc = { n: 1, large: 3_000_000_000, huge: 999_999_999_999_999, rate: 0.5, at: '2026-04-01T01:30:00.000Z', nested: { x: 'y', minor: 12 }, position: 9007199254740993n };
      await store.commit(`p_${randomBytes(4).toString('hex')}`, [{ collection: 'shape', id: 'a', doc, position: 9007199254740993n }], 1n);
      const client = new MongoClient(url, { useBigInt64: true });
      try {
        const shape = client.db(database).collection('shape');
        const raw = await shape.findOne({ _id: 'a' as never });
        expect(raw).toEqual({
          _id: 'a', _position: 9007199254740993n, n: 1n, large: 3_000_000_000n, huge: 999_999_999_999_999n, rate: 0.5,
          at: new Date('2026-04-01T01:30:00.000Z'), nested: { x: 'y', minor: 12n }, position: 9007199254740993n,
        });
        const typed = { _id: 'a', _position: { $type: 'long' }, n: { $type: 'long' }, large: { $type: 'long' }, huge: { $type: 'long' }, 'nested.minor': { $type: 'long' }, rate: { $type: 'double' }, at: { $type: 'date' } };
        expect((await shape.findOne(typed as never))?._id).toBe('a');
        expect((await store.get('shape', 'a'))?.doc).toEqual({ ...doc, position: 9007199254740993n });
      } finally {
        await client.close();
      }
    });

    it('refuses a date field that holds no instant, writing nothing', async () => {
      await store.ensureCollections([{ name: 'shape_bad', indexes: [], dates: ['at'] }]);
      await expect(store.commit('p_bad', [{ collection: 'shape_bad', id: 'a', doc: { at: 'soon' }, position: 1n }], 1n)).rejects.toBeInstanceOf(RangeError);
      expect(await store.get('shape_bad', 'a')).toBeNull();
      expect(await store.checkpoint('p_bad')).toBeNull();
    });

    it('goes on above the epoch of a lease an earlier release left (one document per lease), and never writes that document', async () => {
      const name = `legacy_${randomBytes(4).toString('hex')}`;
      const client = new MongoClient(url, { useBigInt64: true });
      try {
        const leases = client.db(database).collection('checkpoints_leases');
        const legacy = { _id: name, holder: 'old', expiresAt: new Date(Date.UTC(2026, 0, 1)), epoch: 4n };
        await leases.insertOne(legacy as never);
        expect(await store.lease(name)).toEqual({ name, holder: 'old', epoch: 4, expiresAt: legacy.expiresAt });
        expect(await store.tryLease(name, 'new', 1000, new Date(Date.UTC(2025, 11, 31)))).toBeNull(); // still running
        expect((await store.tryLease(name, 'new', 1000, new Date(Date.UTC(2026, 0, 1))))?.epoch).toBe(5);
        expect((await store.lease(name))?.holder).toBe('new');
        expect(await leases.findOne({ _id: name as never })).toEqual(legacy);
      } finally {
        await client.close();
      }
    });

    it('creates compound indexes ending in _id', async () => {
      await store.ensureCollections([{ name: 'indexed', indexes: [{ fields: [{ field: 'territory.country', direction: 'asc' }, { field: 'amount', direction: 'desc' }] }] }]);
      const client = new MongoClient(url);
      try {
        const indexes = await client.db(database).collection('indexed').indexes();
        expect(indexes.map((index) => index.key)).toContainEqual({ 'territory.country': 1, amount: -1, _id: -1 });
      } finally {
        await client.close();
      }
    });

    it('reports an unreachable server as unavailable, and recovers once it answers', async () => {
      const target = new URL(url);
      // a port nothing listens on yet; later a plain TCP relay to the real server takes it
      const relay: Server = createServer((client: Socket) => {
        const upstream = new Socket();
        upstream.connect(Number(target.port), target.hostname);
        client.pipe(upstream).pipe(client);
        const end = () => { client.destroy(); upstream.destroy(); };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      });
      const port = await new Promise<number>((resolve) => relay.listen(0, '127.0.0.1', () => resolve((relay.address() as AddressInfo).port)));
      await new Promise((resolve) => relay.close(resolve));

      const late = new MongoReadStore({ url: `mongodb://127.0.0.1:${port}/?directConnection=true`, database, serverSelectionTimeoutMS: 500 });
      try {
        await expect(late.checkpoint('p')).rejects.toBeInstanceOf(ReadStoreUnavailableError);
        await expect(late.commit('p', [{ collection: 'late', id: 'a', doc: {}, position: 1n }], 1n)).rejects.toBeInstanceOf(ReadStoreUnavailableError);
        await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
        await late.commit('late_p', [{ collection: 'late', id: 'a', doc: { n: 1 }, position: 1n }], 1n);
        expect(await late.get('late', 'a')).toEqual({ id: 'a', position: 1n, doc: { n: 1 } });
      } finally {
        await late.close();
        relay.close();
      }
    });

    it('refuses fields it reserves and the checkpoints collection name', async () => {
      await expect(store.commit('p', [{ collection: 'docs', id: 'a', doc: { _position: 1 }, position: 1n }], 1n)).rejects.toBeInstanceOf(RangeError);
      await expect(store.find('docs', { filter: { _id: 'a' }, limit: 1 })).rejects.toBeInstanceOf(RangeError);
      await expect(store.get('checkpoints', 'a')).rejects.toBeInstanceOf(RangeError);
      await expect(store.get('checkpoints_versions', 'a')).rejects.toBeInstanceOf(RangeError);
    });
  });
});
