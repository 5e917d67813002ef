import { createServer } from 'node:net';
import { ReadStoreUnavailableError } from '../read-store.port';
import { databaseFromUrl, MongoReadStore } from './mongodb-read-store';

describe('MongoReadStore without a server', () => {
  it('takes the database from the URL path, the option, or the default', () => {
    expect(databaseFromUrl('mongodb://127.0.0.1:27017/ledger_reads')).toBe('ledger_reads');
    expect(databaseFromUrl('mongodb://u:p%40ss@h1:1,h2:2/reads?replicaSet=rs0')).toBe('reads');
    expect(databaseFromUrl('mongodb+srv://cluster.example.net/reads')).toBe('reads');
    expect(databaseFromUrl('mongodb://127.0.0.1:27017/')).toBeUndefined();
    expect(databaseFromUrl('mongodb://127.0.0.1:27017')).toBeUndefined();
    expect(databaseFromUrl('mongodb://127.0.0.1:27017/?directConnection=true')).toBeUndefined();
    expect(new MongoReadStore({ url: 'mongodb://127.0.0.1:1/from_url' }).databaseName).toBe('from_url');
    expect(new MongoReadStore({ url: 'mongodb://127.0.0.1:1/from_url', database: 'given' }).databaseName).toBe('given');
    expect(new MongoReadStore({ url: 'mongodb://127.0.0.1:1/' }).databaseName).toBe('partner_ledger');
  });

  it('reports a server it cannot reach as unavailable', async () => {
    // a port that was just free: nothing listens there
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const options = { url: `mongodb://127.0.0.1:${port}/`, serverSelectionTimeoutMS: 300 };
    await expect(MongoReadStore.connect(options)).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    const store = new MongoReadStore(options);
    try {
      await expect(store.checkpoint('p')).rejects.toBeInstanceOf(ReadStoreUnavailableError);
      await expect(store.commit('p', [{ collection: 'c', id: 'a', doc: {}, position: 1n }], 1n)).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    } finally {
      await store.close();
    }
  });
});
