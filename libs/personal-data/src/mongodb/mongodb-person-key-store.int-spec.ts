import { randomBytes } from 'node:crypto';
import { Binary, MongoClient } from 'mongodb';
import { describeOnMongoServers, scratchDatabase } from '@test/support/mongodb-servers';
import { describePersonKeyStoreContract } from '../testing/person-key-store.contract';
import { MongoPersonKeyStore } from './mongodb-person-key-store';

describeOnMongoServers('person-key store contract: MongoDB', (url, server) => {
  const database = scratchDatabase(url, 'keys');

  describePersonKeyStoreContract(`MongoDB on ${server.name}`, () => MongoPersonKeyStore.connect({ url, database }));

  describe('MongoDB specifics', () => {
    it('stores { _id: keyId, personRef, wrappedKey: BinData } with personRef indexed, and a tombstone holds the id alone', async () => {
      const store = await MongoPersonKeyStore.connect({ url, database });
      const client = new MongoClient(url);
      try {
        const keyId = `pk_${randomBytes(12).toString('base64url')}`;
        const wrappedKey = randomBytes(61);
        await store.create({ keyId, personRef: 'pr_shape', wrappedKey });
        const keys = client.db(database).collection('person_keys');
        const raw = await keys.findOne({ _id: keyId as never });
        expect(raw).toEqual({ _id: keyId, personRef: 'pr_shape', wrappedKey: expect.any(Binary) });
        expect(Buffer.from((raw!.wrappedKey as Binary).value()).equals(wrappedKey)).toBe(true);
        expect((await keys.indexes()).map((index) => index.key)).toContainEqual({ personRef: 1 });

        await store.destroy([keyId]);
        expect(await keys.findOne({ _id: keyId as never })).toEqual({ _id: keyId, destroyed: true });
      } finally {
        await client.close();
        await store.close();
      }
    });

    it('keeps meta in person_keys_meta as BinData', async () => {
      const store = await MongoPersonKeyStore.connect({ url, database });
      const client = new MongoClient(url);
      try {
        const value = randomBytes(40);
        await store.putMetaIfAbsent('shape-secret', value);
        const raw = await client.db(database).collection('person_keys_meta').findOne({ _id: 'shape-secret' as never });
        expect(Buffer.from((raw!.value as Binary).value()).equals(value)).toBe(true);
      } finally {
        await client.close();
        await store.close();
      }
    });
  });
});
